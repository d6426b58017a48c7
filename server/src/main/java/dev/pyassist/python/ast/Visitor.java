// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/**
 * Visitor over the tree. Every {@code visitX} defaults to {@link #defaultVisit}, which visits the children,
 * so an implementation overrides only what it cares about and calls {@code defaultVisit(node)} to descend.
 */
public interface Visitor {
    /** Called by every unoverridden visit method: visits all children. */
    default void defaultVisit(Node node) {
        for (Node c : node.children()) c.accept(this);
    }
    default void visitModule(Module node) { defaultVisit(node); }
    default void visitFunctionDef(FunctionDef node) { defaultVisit(node); }
    default void visitAsyncFunctionDef(AsyncFunctionDef node) { defaultVisit(node); }
    default void visitClassDef(ClassDef node) { defaultVisit(node); }
    default void visitReturn(Return node) { defaultVisit(node); }
    default void visitDelete(Delete node) { defaultVisit(node); }
    default void visitAssign(Assign node) { defaultVisit(node); }
    default void visitTypeAlias(TypeAlias node) { defaultVisit(node); }
    default void visitAugAssign(AugAssign node) { defaultVisit(node); }
    default void visitAnnAssign(AnnAssign node) { defaultVisit(node); }
    default void visitFor(For node) { defaultVisit(node); }
    default void visitAsyncFor(AsyncFor node) { defaultVisit(node); }
    default void visitWhile(While node) { defaultVisit(node); }
    default void visitIf(If node) { defaultVisit(node); }
    default void visitWith(With node) { defaultVisit(node); }
    default void visitAsyncWith(AsyncWith node) { defaultVisit(node); }
    default void visitMatch(Match node) { defaultVisit(node); }
    default void visitRaise(Raise node) { defaultVisit(node); }
    default void visitTry(Try node) { defaultVisit(node); }
    default void visitTryStar(TryStar node) { defaultVisit(node); }
    default void visitAssert(Assert node) { defaultVisit(node); }
    default void visitImport(Import node) { defaultVisit(node); }
    default void visitImportFrom(ImportFrom node) { defaultVisit(node); }
    default void visitGlobal(Global node) { defaultVisit(node); }
    default void visitNonlocal(Nonlocal node) { defaultVisit(node); }
    default void visitExprStmt(ExprStmt node) { defaultVisit(node); }
    default void visitPass(Pass node) { defaultVisit(node); }
    default void visitBreak(Break node) { defaultVisit(node); }
    default void visitContinue(Continue node) { defaultVisit(node); }
    default void visitBoolOp(BoolOp node) { defaultVisit(node); }
    default void visitNamedExpr(NamedExpr node) { defaultVisit(node); }
    default void visitBinOp(BinOp node) { defaultVisit(node); }
    default void visitUnaryOp(UnaryOp node) { defaultVisit(node); }
    default void visitLambda(Lambda node) { defaultVisit(node); }
    default void visitIfExp(IfExp node) { defaultVisit(node); }
    default void visitDict(Dict node) { defaultVisit(node); }
    default void visitSet(Set node) { defaultVisit(node); }
    default void visitListComp(ListComp node) { defaultVisit(node); }
    default void visitSetComp(SetComp node) { defaultVisit(node); }
    default void visitDictComp(DictComp node) { defaultVisit(node); }
    default void visitGeneratorExp(GeneratorExp node) { defaultVisit(node); }
    default void visitAwait(Await node) { defaultVisit(node); }
    default void visitYield(Yield node) { defaultVisit(node); }
    default void visitYieldFrom(YieldFrom node) { defaultVisit(node); }
    default void visitCompare(Compare node) { defaultVisit(node); }
    default void visitCall(Call node) { defaultVisit(node); }
    default void visitFormattedValue(FormattedValue node) { defaultVisit(node); }
    default void visitJoinedStr(JoinedStr node) { defaultVisit(node); }
    default void visitConstant(Constant node) { defaultVisit(node); }
    default void visitAttribute(Attribute node) { defaultVisit(node); }
    default void visitSubscript(Subscript node) { defaultVisit(node); }
    default void visitStarred(Starred node) { defaultVisit(node); }
    default void visitName(Name node) { defaultVisit(node); }
    default void visitList(List node) { defaultVisit(node); }
    default void visitTuple(Tuple node) { defaultVisit(node); }
    default void visitSlice(Slice node) { defaultVisit(node); }
    default void visitComprehension(Comprehension node) { defaultVisit(node); }
    default void visitExceptHandler(ExceptHandler node) { defaultVisit(node); }
    default void visitArguments(Arguments node) { defaultVisit(node); }
    default void visitArg(Arg node) { defaultVisit(node); }
    default void visitKeyword(Keyword node) { defaultVisit(node); }
    default void visitAlias(Alias node) { defaultVisit(node); }
    default void visitWithItem(WithItem node) { defaultVisit(node); }
    default void visitMatchCase(MatchCase node) { defaultVisit(node); }
    default void visitMatchValue(MatchValue node) { defaultVisit(node); }
    default void visitMatchSingleton(MatchSingleton node) { defaultVisit(node); }
    default void visitMatchSequence(MatchSequence node) { defaultVisit(node); }
    default void visitMatchMapping(MatchMapping node) { defaultVisit(node); }
    default void visitMatchClass(MatchClass node) { defaultVisit(node); }
    default void visitMatchStar(MatchStar node) { defaultVisit(node); }
    default void visitMatchAs(MatchAs node) { defaultVisit(node); }
    default void visitMatchOr(MatchOr node) { defaultVisit(node); }
    default void visitTypeVar(TypeVar node) { defaultVisit(node); }
    default void visitParamSpec(ParamSpec node) { defaultVisit(node); }
    default void visitTypeVarTuple(TypeVarTuple node) { defaultVisit(node); }
}
