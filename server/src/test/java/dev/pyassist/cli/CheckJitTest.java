package dev.pyassist.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The compiler directive is for a JVM that only runs check: never in a JVM that runs the command line in process. */
class CheckJitTest {
    @Test
    void aJvmThatDidNotStartThroughMainKeepsItsCompiler() {
        assertFalse(CheckJit.quickCompilerOnly());
    }
}
