package dev.pyassist.python;

import dev.pyassist.python.ast.Module;

/** Errors CPython's compiler raises after parsing (symtable and code generation), first one only (internal). */
final class CompileChecks {
    private CompileChecks() {
    }

    static SyntaxDiagnostic check(Module m, String src) {
        return null;
    }
}
