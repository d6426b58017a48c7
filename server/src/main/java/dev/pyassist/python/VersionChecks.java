package dev.pyassist.python;

import dev.pyassist.python.ast.AstWalker;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.Match;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.ParamSpec;
import dev.pyassist.python.ast.TryStar;
import dev.pyassist.python.ast.TypeAlias;
import dev.pyassist.python.ast.TypeParam;
import dev.pyassist.python.ast.TypeVar;
import dev.pyassist.python.ast.TypeVarTuple;
import java.util.List;

/**
 * Grammar newer than the target version ({@code target-version}), reported as CPython's parser reports it for
 * an older {@code feature_version}: "Pattern matching is only supported in Python 3.10 and greater", at the token
 * after the construct (the parser's last token when the rule completed). The construct that completes first wins,
 * as in CPython, where the check runs when the rule completes.
 */
final class VersionChecks {
    private VersionChecks() {
    }

    static SyntaxDiagnostic check(Module module, ParserBase parser) {
        PythonVersion target = parser.target;
        if (target.atLeast(13)) return null;
        SyntaxDiagnostic[] first = {null};
        int[] firstEnd = {Integer.MAX_VALUE};
        AstWalker.walk(module, (Node n) -> {
            String what = null;
            int end = n.end();
            if (n instanceof Match && !target.atLeast(10)) {
                what = "Pattern matching is only supported in Python 3.10 and greater";
            } else if (n instanceof TryStar && !target.atLeast(11)) {
                what = "Exception groups are only supported in Python 3.11 and greater";
            } else if (n instanceof TypeAlias && !target.atLeast(12)) {
                what = "Type statement is only supported in Python 3.12 and greater";
            } else {
                List<TypeParam> tps = typeParams(n);
                if (!tps.isEmpty() && !target.atLeast(12)) {
                    what = "Type parameter lists are only supported in Python 3.12 and greater";
                    end = tps.get(tps.size() - 1).end();
                }
            }
            boolean defaults = n instanceof TypeParam tp && defaultOf(tp) != null;
            if (defaults) {
                what = "Type parameter defaults are only supported in Python 3.13 and greater";
                // CPython checks the whole list: the error sits after the last parameter, at ']'
                end = n.end();
            }
            if (what != null && (end < firstEnd[0] || defaults && end == firstEnd[0])) {
                Token at = parser.tokenAtOrAfter(end);
                firstEnd[0] = end;
                first[0] = new SyntaxDiagnostic(SyntaxErrorKind.INVALID_SYNTAX, what, at.start,
                        Math.max(at.start, at.end));
            }
        });
        return first[0];
    }

    private static List<TypeParam> typeParams(Node n) {
        if (n instanceof FunctionDef f) return f.typeParams();
        if (n instanceof AsyncFunctionDef f) return f.typeParams();
        if (n instanceof ClassDef c) return c.typeParams();
        return List.of();
    }

    private static Node defaultOf(TypeParam tp) {
        if (tp instanceof TypeVar v) return v.defaultValue();
        if (tp instanceof ParamSpec p) return p.defaultValue();
        if (tp instanceof TypeVarTuple t) return t.defaultValue();
        return null;
    }
}
