package io.hashring.testkit;

/**
 * A fault a test injects into one {@link MemcachedServer}, as a value (after OkHttp's
 * {@code SocketEffect}): kits list and report faults, and {@link MemcachedServer#inject(Fault)}
 * applies one. Every fault needs process control, so it throws
 * {@link UnsupportedOperationException} on servers the testkit did not start.
 */
public sealed interface Fault permits Fault.Kill, Fault.Pause, Fault.Resume, Fault.Restart {

    /** SIGKILL: the process dies at once, its connections reset, its cache is gone. */
    static Fault kill() {
        return new Kill();
    }

    /** SIGSTOP: the process freezes; connections stay open and nothing answers (a hung server). */
    static Fault pause() {
        return new Pause();
    }

    /** SIGCONT: a paused process carries on with whatever was queued on its sockets. */
    static Fault resume() {
        return new Resume();
    }

    /** A fresh process on the same port with an empty cache (the old one is killed first if alive). */
    static Fault restart() {
        return new Restart();
    }

    /** See {@link #kill()}. */
    record Kill() implements Fault {
        @Override
        public String toString() {
            return "kill";
        }
    }

    /** See {@link #pause()}. */
    record Pause() implements Fault {
        @Override
        public String toString() {
            return "pause";
        }
    }

    /** See {@link #resume()}. */
    record Resume() implements Fault {
        @Override
        public String toString() {
            return "resume";
        }
    }

    /** See {@link #restart()}. */
    record Restart() implements Fault {
        @Override
        public String toString() {
            return "restart";
        }
    }
}
