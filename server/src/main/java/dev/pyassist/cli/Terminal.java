package dev.pyassist.cli;

import com.sun.jna.NativeLibrary;

/** Whether stderr is a terminal: {@code isatty(2)} through JNA where there is a C library, else the console. */
final class Terminal {
    private Terminal() {}

    static boolean stderrIsTerminal() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
            try {
                return NativeLibrary.getInstance("c").getFunction("isatty").invokeInt(new Object[] {2}) == 1;
            } catch (RuntimeException | LinkageError e) {
                // no C library to ask: fall back to the console
            }
        }
        return System.console() != null;
    }
}
