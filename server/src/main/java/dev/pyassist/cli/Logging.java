package dev.pyassist.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One-line log records on stderr (never stdout: it carries JSON-RPC), optionally also to a file. */
final class Logging {
    private Logging() {}

    static void configure(Level level, Path file) throws IOException {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Formatter format = new OneLine();
        Handler stderr = new ConsoleHandler(); // ConsoleHandler writes to System.err
        stderr.setFormatter(format);
        stderr.setLevel(level);
        root.addHandler(stderr);
        if (file != null) {
            Handler fileHandler = new FileHandler(file.toString(), true);
            fileHandler.setFormatter(format);
            fileHandler.setLevel(level);
            root.addHandler(fileHandler);
        }
        root.setLevel(level);
    }

    private static final class OneLine extends Formatter {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

        @Override
        public String format(LogRecord r) {
            String name = r.getLoggerName() == null ? "" : r.getLoggerName();
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            StringBuilder sb = new StringBuilder()
                    .append(LocalTime.now().format(TIME)).append(' ')
                    .append(r.getLevel().getName()).append(' ')
                    .append(shortName).append(": ")
                    .append(formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
                var writer = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(writer));
                sb.append(writer);
            }
            return sb.toString();
        }
    }
}
