package io.hashring.testkit;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals the JDK cannot send ({@code ProcessHandle} only has TERM and KILL), via {@code kill(1)}. */
final class Signals {

    private Signals() {
    }

    /** Sends {@code SIG<name>} to {@code pid}; waits at most 5 s for {@code kill} itself. */
    static void send(long pid, String name) {
        ProcessBuilder pb = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'kill -" + name + " " + pid + "' did not return within 5 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'kill -" + name + " " + pid + "' exited with " + p.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run 'kill -" + name + " " + pid + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name + " to " + pid, e);
        }
    }
}
