package io.hashring.cli;

/**
 * Bad input from the user (unknown mode or hash, malformed server spec, unreadable file, a key
 * the router rejects): the CLI prints the message as one line on stderr and exits with
 * {@link HashringCli#EXIT_USAGE}. The message must name the bad value and, where there is a
 * closed set, the valid choices.
 */
final class UsageError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message, null, false, false);
    }
}
