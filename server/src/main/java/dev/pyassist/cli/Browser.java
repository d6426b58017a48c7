package dev.pyassist.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Opens a URL in the user's browser: the desktop's opener command, else a line saying to open it by hand. */
final class Browser {
    private Browser() {}

    static void open(String url) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> command = os.contains("mac") ? List.of("open", url)
                : os.contains("win") ? List.of("rundll32", "url.dll,FileProtocolHandler", url)
                : List.of("xdg-open", url);
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            System.err.println("pyassist web: no browser could be started (" + command.get(0)
                    + "); open the URL above by hand.");
        }
    }
}
