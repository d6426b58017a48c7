package dev.pyassist.cli;

import com.sun.jna.Function;
import dev.pyassist.platform.Libc;

/** Whether stderr is a terminal: {@code isatty(2)} where there is a C library, else the console. */
final class Terminal {
    private Terminal() {}

    static boolean stderrIsTerminal() {
        Function isatty = Libc.function("isatty");
        if (isatty != null) {
            try {
                return isatty.invokeInt(new Object[] {2}) == 1;
            } catch (RuntimeException | LinkageError e) {
                // the C library would not answer: fall back to the console
            }
        }
        return System.console() != null;
    }
}
