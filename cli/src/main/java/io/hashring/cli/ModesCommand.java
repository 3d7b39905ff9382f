package io.hashring.cli;

import io.hashring.core.NativeRouting;
import io.hashring.hash.interop.InteropMode;
import io.hashring.hash.interop.InteropModes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hashring modes}: the native mode ({@link NativeRouting#MODE}) and every registered interop mode, its description, accepted key hashes, and how
 * it is verified against its peer with its known limits (facts the modes carry themselves).
 */
@Command(name = "modes",
        mixinStandardHelpOptions = true,
        description = "Lists the native mode (hashring-native) and every interop mode with its description, the key hashes it accepts (the first is the peer's default), "
                + "its placement options with the peer's defaults (set with --option NAME=VALUE), "
                + "and how it is verified against its peer (golden / in-process / upstream facts) with its known limits.")
final class ModesCommand implements Callable<Integer> {

    /** What {@code modes} says of the native mode (no peer: hashring's own placement). */
    static final String NATIVE_DESCRIPTION = "hashring's own placement for fleets whose clients all use hashring: weighted rendezvous "
            + "over XXH64; exact weights, only a changed server's keys move, the same routing whatever order changes came in";
    static final String NATIVE_VERIFIED = "no peer to match; history independence (jqwik, NativeModeHistoryTest) and the testkit's "
            + "routing, live and load kits in both adapters";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<InteropMode> modes = InteropModes.all();
        int width = NativeRouting.MODE.length();
        for (InteropMode mode : modes) {
            width = Math.max(width, mode.name().length());
        }
        out.printf("%-" + width + "s  %s%n", NativeRouting.MODE, NATIVE_DESCRIPTION);
        out.printf("%-" + width + "s  hashes: %s%n", "", "XXH64, fixed (--hash not accepted)");
        out.printf("%-" + width + "s  options: %s%n", "", options(Map.of()));
        out.printf("%-" + width + "s  verified: %s%n", "", NATIVE_VERIFIED);
        if (modes.isEmpty()) {
            out.println("no interop modes are registered in this build");
            out.flush();
            return HashringCli.EXIT_OK;
        }
        for (InteropMode mode : modes) {
            out.printf("%-" + width + "s  %s%n", mode.name(), mode.description());
            out.printf("%-" + width + "s  hashes: %s%n", "", hashes(mode.hashes()));
            out.printf("%-" + width + "s  options: %s%n", "", options(mode.options()));
            out.printf("%-" + width + "s  verified: %s%n", "", verified(mode));
        }
        out.flush();
        return HashringCli.EXIT_OK;
    }

    /** The mode's own proof facts: kind (golden / in-process / upstream facts), what ran, known limits. */
    static String verified(InteropMode mode) {
        String by = mode.verifiedBy().isEmpty() ? "" : " (" + mode.verifiedBy() + ")";
        String limits = mode.limits().isEmpty() ? "" : "; limits: " + mode.limits();
        return mode.verification().label() + by + limits;
    }

    /** {@code name=default} for each option (an empty default shown as {@code ""}), or none; set with --option. */
    static String options(Map<String, String> options) {
        if (options.isEmpty()) {
            return "none (--option not accepted)";
        }
        List<String> shown = new ArrayList<>();
        options.forEach((name, def) -> shown.add(name + "=" + (def.isEmpty() ? "\"\"" : def)));
        return String.join(", ", shown) + " (defaults; set with --option NAME=VALUE)";
    }

    static String hashes(List<String> hashes) {
        if (hashes.isEmpty()) {
            return "fixed by the peer (--hash not accepted)";
        }
        List<String> shown = new ArrayList<>(hashes);
        shown.set(0, shown.get(0) + " (default)");
        return String.join(", ", shown);
    }
}
