package io.hashring.cli;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines split on {@code '\n'} only, dropping one trailing {@code '\r'} (so CRLF input works),
 * unlike {@link java.io.BufferedReader#readLine()}, which also splits on a lone {@code '\r'}. Holds
 * one line at a time: memory stays flat however long the input is. Not thread-safe.
 */
final class LineReader {

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private final StringBuilder line = new StringBuilder(256);
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNumber;

    LineReader(Reader in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of input. */
    String readLine() throws IOException {
        line.setLength(0);
        boolean sawText = false;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    break;
                }
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            if (pos > start) {
                line.append(buffer, start, pos - start);
                sawText = true;
            }
            if (pos < limit) {
                pos++; // the '\n'
                return finish();
            }
        }
        return sawText ? finish() : null; // a last line without '\n' still counts
    }

    /** 1-based number of the line last returned. */
    long lineNumber() {
        return lineNumber;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            pos = 0;
            limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private String finish() {
        lineNumber++;
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
            line.setLength(length - 1);
        }
        return line.toString();
    }
}
