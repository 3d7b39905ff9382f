package io.hashring.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --format table|json}, and the checks that output really reached stdout. */
final class Output {

    /** How a command prints its result. */
    enum Format {
        table, json
    }

    /** The {@code --format} option, as a picocli mixin. */
    static final class FormatOption {
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        boolean json() {
            return format == Format.json;
        }
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private Output() {
    }

    /** A pretty-printing JSON generator over {@code out}; closing it flushes but leaves {@code out} open. */
    static JsonGenerator json(PrintWriter out) {
        try {
            JsonGenerator g = JSON.createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Flushes {@code out}; a write that failed (stdout closed, disk full) is a failure, exit code
     * {@link HashringCli#EXIT_FAILURE}: {@link PrintWriter} swallows I/O errors, so they are checked here.
     */
    static void finish(PrintWriter out) {
        out.flush();
        if (out.checkError()) {
            throw new IllegalStateException("cannot write the output (stdout closed or full)");
        }
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.3f%%", 100 * fraction);
    }

    /** A fraction rounded for JSON: 9 significant decimals are plenty and keep the output readable. */
    static double round(double fraction) {
        return Math.round(fraction * 1e9) / 1e9;
    }
}
