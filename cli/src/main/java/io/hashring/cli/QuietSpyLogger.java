package io.hashring.cli;

import net.spy.memcached.compat.log.AbstractLogger;
import net.spy.memcached.compat.log.Level;

/**
 * spymemcached's logger for the CLI: drops everything. spymemcached logs each connection at INFO
 * on stderr by default, and the CLI keeps stderr for its progress line and one-line errors; a
 * failed operation reaches the CLI as an exception anyway. Selected through spymemcached's
 * {@code net.spy.log.LoggerImpl} property (see {@link SeedCommand}).
 */
public final class QuietSpyLogger extends AbstractLogger {

    /** Called reflectively by spymemcached's {@code LoggerFactory}, once per logger name. */
    public QuietSpyLogger(String name) {
        super(name);
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public void log(Level level, Object message, Throwable e) {
        // dropped on purpose
    }
}
