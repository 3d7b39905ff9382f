package io.hashring.cli;

import java.io.PrintWriter;

/**
 * A progress line on stderr while a long command works: rewritten in place on a terminal, one
 * line per step otherwise (logs, CI). stdout stays the result only, so {@code --json} output can be piped.
 */
final class Progress {

    private final PrintWriter err;
    private final boolean terminal;
    private int width;

    Progress(PrintWriter err) {
        this.err = err;
        this.terminal = System.console() != null;
    }

    void say(String step) {
        String line = "hashring: " + step;
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            width = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Clears the progress line (terminal) so the result starts on a clean screen line. */
    void done() {
        if (terminal && width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
    }
}
