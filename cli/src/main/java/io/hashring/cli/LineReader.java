package io.hashring.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 lines split on byte {@code '\n'} only, dropping one trailing {@code '\r'} (so CRLF
 * input works), unlike {@link java.io.BufferedReader#readLine()}, which also splits on a lone
 * {@code '\r'}. Splitting bytes before decoding is safe (0x0A never occurs inside a multi-byte
 * UTF-8 sequence) and lets a decoding error name its line exactly. Decoding is strict: malformed
 * UTF-8 is an error, never silently replaced (the key would change).
 *
 * <p>A UTF-8 byte order mark at the very start of the input is dropped (it is not part of the
 * first key). Lines longer than the reader's limit are refused ({@link LineTooLongException})
 * before more than the limit is held.
 *
 * <p>Holds one line at a time: memory stays flat however long the input is. Not thread-safe.
 */
final class LineReader {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] line = new byte[256];
    private int lineLength;
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNumber;

    /** A line longer than the reader's limit. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(String message) {
            super(message);
        }
    }

    private final int maxLineBytes;

    /** A reader without a line length limit (lines are still held one at a time). */
    LineReader(InputStream in) {
        this(in, Integer.MAX_VALUE - 16);
    }

    /** A reader refusing lines longer than {@code maxLineBytes} bytes (terminator excluded). */
    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * The next line without its terminator, or null at the end of input.
     *
     * @throws CharacterCodingException if the line is not valid UTF-8 ({@link #lineNumber()} names it)
     * @throws LineTooLongException     if the line is longer than the limit ({@link #lineNumber()} names it)
     */
    String readLine() throws IOException {
        lineLength = 0;
        boolean sawBytes = false;
        while (true) {
            if (pos == limit && (eof || !fill())) {
                break;
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            if (pos > start) {
                append(start, pos - start);
                sawBytes = true;
            }
            if (pos < limit) {
                pos++; // the '\n'
                return finish();
            }
        }
        return sawBytes ? finish() : null; // a last line without '\n' still counts
    }

    /** 1-based number of the line last returned (or that failed to decode). */
    long lineNumber() {
        return lineNumber;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        pos = 0;
        if (n <= 0) {
            eof = true;
            limit = 0;
            return false;
        }
        limit = n;
        return true;
    }

    private void append(int from, int length) throws LineTooLongException {
        // a CR before the '\n' is not part of the line: allow one byte more
        if ((long) lineLength + length > (long) maxLineBytes + 1) {
            lineNumber++;
            throw new LineTooLongException("line " + lineNumber + " is longer than " + maxLineBytes + " bytes");
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(buffer, from, line, lineLength, length);
        lineLength += length;
    }

    private String finish() throws IOException {
        lineNumber++;
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (length > maxLineBytes) {
            throw new LineTooLongException("line " + lineNumber + " is longer than " + maxLineBytes + " bytes");
        }
        int start = 0;
        if (lineNumber == 1 && length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
            start = 3; // a UTF-8 byte order mark
        }
        return decoder.reset().decode(ByteBuffer.wrap(line, start, length - start)).toString();
    }
}
