package io.hashring.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the {@code memcached} executable: {@code MEMCACHED_BIN}, else the {@code PATH}. */
final class MemcachedBinary {

    static final String INSTALL_HINT = "install it with 'apt-get update && apt-get install -y memcached' (Debian/Ubuntu), "
            + "'brew install memcached' (macOS) or 'dnf install memcached' (Fedora/RHEL), "
            + "or point the MEMCACHED_BIN environment variable at the executable";

    private MemcachedBinary() {
    }

    static Path locate() {
        return locate(System.getenv("MEMCACHED_BIN"), System.getenv("PATH"));
    }

    /** {@link #locate()} with the two environment variables given (testable). */
    static Path locate(String explicit, String path) {
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new IllegalStateException("MEMCACHED_BIN is '" + explicit + "', which is not an executable file; "
                        + INSTALL_HINT);
            }
            return p;
        }
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, "memcached");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("the memcached executable was not found on PATH (" + path + "); " + INSTALL_HINT
                + ". To run the kits against servers that are already running instead, set "
                + "-Dhashring.testkit.servers=127.0.0.1:11211,...");
    }
}
