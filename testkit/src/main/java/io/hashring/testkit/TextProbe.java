package io.hashring.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The testkit's own minimal memcached text-protocol client, used to look at one server directly
 * (which keys it holds, its counters) independently of the client under test. One short-lived
 * connection per call; every read is bounded by a socket timeout. Thread-safe (no shared state).
 *
 * <p>Protocol reference: memcached {@code doc/protocol.txt} (get, set, delete, stats, flush_all,
 * version). Only for the testkit's checks: keys are sent as given, unvalidated.
 */
final class TextProbe {

    /** Keys per {@code get} line: memcached accepts long get lines, but small batches keep lines short. */
    private static final int GET_BATCH = 100;

    private final String host;
    private final int port;
    private final Duration timeout;

    TextProbe(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** The server's {@code version} reply (for example {@code 1.6.18}). */
    String version() throws IOException {
        try (Conn c = open()) {
            c.send("version\r\n");
            String line = c.readLine();
            if (!line.startsWith("VERSION ")) {
                throw new IOException(where() + " answered 'version' with '" + line + "'");
            }
            return line.substring("VERSION ".length());
        }
    }

    String get(String key) {
        return getMulti(List.of(key)).get(key);
    }

    /** Values of the keys this server holds, in reply order; keys it does not hold are absent. */
    Map<String, String> getMulti(Collection<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(keys);
        try (Conn c = open()) {
            for (int from = 0; from < all.size(); from += GET_BATCH) {
                List<String> batch = all.subList(from, Math.min(all.size(), from + GET_BATCH));
                c.send("get " + String.join(" ", batch) + "\r\n");
                while (true) {
                    String line = c.readLine();
                    if (line.equals("END")) {
                        break;
                    }
                    String[] parts = line.split(" ");
                    if (parts.length < 4 || !parts[0].equals("VALUE")) {
                        throw new IOException(where() + " answered 'get' with '" + line + "'");
                    }
                    int bytes = Integer.parseInt(parts[3]);
                    byte[] data = c.readBytes(bytes + 2);
                    out.put(parts[1], new String(data, 0, bytes, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("get on " + where() + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    void set(String key, String value) {
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        simple("set " + key + " 0 0 " + data.length + "\r\n" + value + "\r\n", "STORED");
    }

    boolean delete(String key) {
        try (Conn c = open()) {
            c.send("delete " + key + "\r\n");
            String line = c.readLine();
            if (line.equals("DELETED")) {
                return true;
            }
            if (line.equals("NOT_FOUND")) {
                return false;
            }
            throw new IOException("'" + line + "'");
        } catch (IOException e) {
            throw new UncheckedIOException("delete on " + where() + " failed: " + e.getMessage(), e);
        }
    }

    void flushAll() {
        simple("flush_all\r\n", "OK");
    }

    /** The general-purpose {@code stats} counters, by name. */
    Map<String, String> stats() {
        Map<String, String> out = new LinkedHashMap<>();
        try (Conn c = open()) {
            c.send("stats\r\n");
            while (true) {
                String line = c.readLine();
                if (line.equals("END")) {
                    return out;
                }
                String[] parts = line.split(" ", 3);
                if (parts.length != 3 || !parts[0].equals("STAT")) {
                    throw new IOException("'" + line + "'");
                }
                out.put(parts[1], parts[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("stats on " + where() + " failed: " + e.getMessage(), e);
        }
    }

    private void simple(String request, String expected) {
        try (Conn c = open()) {
            c.send(request);
            String line = c.readLine();
            if (!line.equals(expected)) {
                throw new IOException("expected '" + expected + "', got '" + line + "'");
            }
        } catch (IOException e) {
            String verb = request.substring(0, request.indexOf(' ') > 0 ? request.indexOf(' ') : request.indexOf('\r'));
            throw new UncheckedIOException(verb + " on " + where() + " failed: " + e.getMessage(), e);
        }
    }

    private String where() {
        return host + ":" + port;
    }

    private Conn open() throws IOException {
        Socket s = new Socket();
        try {
            int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            s.connect(new InetSocketAddress(host, port), ms);
            s.setSoTimeout(ms);
            s.setTcpNoDelay(true);
            return new Conn(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static final class Conn implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        void send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int prev = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed after '" + line.toString(StandardCharsets.UTF_8) + "'");
                }
                if (prev == '\r' && b == '\n') {
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                }
                line.write(b);
                prev = b;
            }
        }

        byte[] readBytes(int n) throws IOException {
            byte[] buf = in.readNBytes(n);
            if (buf.length != n) {
                throw new EOFException("connection closed inside a value");
            }
            return buf;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
