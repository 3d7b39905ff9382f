package io.hashring.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code hashring} command: {@code seed} (the seed experiment on live memcached), {@code route},
 * {@code modes}, {@code inspect}, {@code diff}, {@code watch} (a topology file's versions and what
 * each moves), {@code demo} (the in-memory seed experiment), {@code simulate}.
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_USAGE} bad input (unknown command,
 * option, mode or hash; malformed server spec; zero weight; unreadable or non-UTF-8 key file),
 * reported as one line on stderr naming the problem and the valid choices; {@value #EXIT_FAILURE}
 * anything else (for example stdout closed early), also one line. Never a stack trace.
 */
@Command(name = "hashring",
        mixinStandardHelpOptions = true,
        versionProvider = HashringCli.Version.class,
        description = "Consistent-hash routing of memcached keys: place keys exactly like a named client or proxy.",
        subcommands = {SeedCommand.class, RouteCommand.class, ModesCommand.class, InspectCommand.class, DiffCommand.class,
                WatchCommand.class, DemoCommand.class, SimulateCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (for example stdout closed early; diff: more than --max-moved moves)",
                "2:bad input: unknown command, option, mode or hash; malformed server spec or topology file; zero weight; "
                        + "unreadable key file; memcached not installed (seed)"},
        footer = {"", "Run 'hashring COMMAND --help' for a command's options.",
                "'hashring seed' runs the seed experiment on live memcached nodes."})
public final class HashringCli implements Runnable {

    /** Success. */
    public static final int EXIT_OK = 0;
    /** Anything that is not the user's input: one line on stderr. */
    public static final int EXIT_FAILURE = 1;
    /** Bad input: one line on stderr naming the problem and the valid choices. */
    public static final int EXIT_USAGE = 2;

    private final InputStream stdin;
    private final OutputStream stdout;

    @Spec
    CommandSpec spec;

    HashringCli(InputStream stdin, OutputStream stdout) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
    }

    /** Runs the CLI against the process's streams and exits with its exit code. */
    public static void main(String[] args) {
        // stdout as a plain file stream, not System.out: a PrintStream swallows write errors (a full
        // disk, /dev/full, a closed pipe), and the output would be lost with exit 0.
        System.exit(run(System.in, new java.io.FileOutputStream(java.io.FileDescriptor.out), System.err, args));
    }

    /**
     * Runs the CLI against the given streams and returns its exit code. Output that could not be
     * written (also when {@code out} is a {@link java.io.PrintStream}, which hides write errors)
     * fails with {@link #EXIT_FAILURE} and one line on {@code err}; so does running out of memory.
     */
    public static int run(InputStream in, OutputStream out, OutputStream err, String... args) {
        int code;
        try {
            code = commandLine(in, out, err).execute(args);
        } catch (OutOfMemoryError e) {
            code = failLine(err, "hashring: failed: out of memory (input too large for the heap; raise -Xmx)");
        }
        if (out instanceof java.io.PrintStream ps && ps.checkError() && code != EXIT_USAGE) {
            code = failLine(err, "hashring: failed: cannot write the output (stdout closed or full)");
        }
        return code;
    }

    private static int failLine(OutputStream err, String line) {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        w.println(line);
        return EXIT_FAILURE;
    }

    /**
     * A configured command line over the given streams: text output is UTF-8; {@code route}
     * writes its bytes to {@code out} directly; errors go to {@code err} as one line.
     */
    static CommandLine commandLine(InputStream in, OutputStream out, OutputStream err) {
        CommandLine cl = new CommandLine(new HashringCli(in, out));
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        cl.setOut(outWriter);
        cl.setErr(errWriter);
        Cluster.notices = m -> errWriter.println(cl.getCommandName() + ": " + m);
        cl.setParameterExceptionHandler(HashringCli::onBadArguments);
        cl.setUsageHelpAutoWidth(true);
        reflowDescriptions(cl);
        cl.setExecutionExceptionHandler((e, failed, parsed) -> onFailure(e, failed));
        return cl;
    }

    /**
     * Joins each command's description lines into one paragraph, so picocli wraps it to the
     * terminal's width instead of breaking every source line on its own; the command list shows
     * the paragraph's first sentence.
     */
    private static void reflowDescriptions(CommandLine cl) {
        CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        String[] description = usage.description();
        if (description.length > 1) {
            String text = String.join(" ", description);
            usage.description(text);
            int end = text.indexOf(". ");
            if (cl.getParent() != null && usage.header().length == 0 && end > 0) {
                usage.header(text.substring(0, end + 1));
            }
        }
        cl.getSubcommands().values().forEach(sub -> {
            if (sub != cl) {
                reflowDescriptions(sub);
            }
        });
    }

    private static int onBadArguments(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        StringBuilder line = new StringBuilder(prefix(failed)).append(Cluster.oneLine(String.valueOf(e.getMessage())));
        if (failed.getParent() == null) {
            line.append("; valid commands: ").append(String.join(", ", failed.getSubcommands().keySet()));
        }
        line.append(" (see '").append(failed.getCommandSpec().qualifiedName()).append(" --help')");
        failed.getErr().println(line);
        return EXIT_USAGE;
    }

    private static int onFailure(Exception e, CommandLine failed) {
        if (e instanceof UsageError) {
            failed.getErr().println(prefix(failed) + Cluster.oneLine(e.getMessage()));
            return EXIT_USAGE;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        failed.getErr().println(prefix(failed) + "failed: " + Cluster.oneLine(message));
        return EXIT_FAILURE;
    }

    private static String prefix(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName() + ": ";
    }

    InputStream stdin() {
        return stdin;
    }

    OutputStream stdout() {
        return stdout;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HashringCli.class.getPackage().getImplementationVersion();
            return new String[] {"hashring " + (v == null ? "(development build)" : v)};
        }
    }
}
