package io.hashring.client.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.hashring.client.EjectionPolicy;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads topology files: one JSON object, strict JSON (no comments, no trailing commas), UTF-8.
 *
 * <pre>{@code
 * {
 *   "$schema": "../docs/topology.schema.json",   // optional, ignored by hashring (for editors)
 *   "mode": "ketama-fixed-points",                          // optional: the default placement;
 *                                                           // "hashring-native" for all-hashring fleets
 *   "hash": "md5",                                          // optional: for modes that let you choose
 *   "servers": [                                            // required, at least one
 *     {"host": "10.0.0.1", "port": 11211},
 *     {"host": "10.0.0.2", "port": 11211, "weight": 2, "name": "beta"}
 *   ],
 *   "ejection": {"failureThreshold": 3, "ejectForMs": 1000, "maxEjectForMs": 30000, "flapWindowMs": 10000}
 * }
 * }</pre>
 *
 * <p>Every problem is a {@link TopologyException} whose one-line message names the file, the line
 * and column, the field ({@code servers[1].weight}) and, where there is a closed set, the valid
 * choices: a syntax error (a trailing comma is named as such, at the comma), an unknown or
 * duplicated field, a missing {@code host} or {@code port}, a value of the wrong type or out of
 * range, an unknown mode or hash, a server id given twice, a server list the mode's peer cannot
 * express. {@code docs/topology.schema.json} describes the same format for editors.
 *
 * <p>Stateless and thread-safe. Cost: linear in the file's size, plus one router build to check
 * that the mode accepts the servers.
 */
public final class TopologyFile {

    /** The fields of the top-level object. */
    public static final List<String> FIELDS = List.of("$schema", "mode", "hash", "servers", "ejection");
    /** The fields of a server object; {@code host} and {@code port} are required. */
    public static final List<String> SERVER_FIELDS = List.of("host", "port", "weight", "name");
    /** The fields of the {@code ejection} object, all optional (defaults: {@link EjectionPolicy#defaults()}). */
    public static final List<String> EJECTION_FIELDS = List.of("enabled", "failureThreshold", "ejectForMs", "maxEjectForMs",
            "flapWindowMs");

    /** Larger files are refused before parsing (a topology of 100,000 servers is about 6 MB). */
    static final long MAX_BYTES = 64L << 20;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final String source;
    private final String text;
    private final JsonParser p;

    private TopologyFile(String source, String text, JsonParser parser) {
        this.source = source;
        this.text = text;
        this.p = parser;
    }

    /**
     * Reads and checks a topology file.
     *
     * @throws TopologyException one line naming the file, line, column and field at fault (for a
     *                           file that cannot be read: the file and why)
     */
    public static Topology read(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new TopologyException(name, 0, 0, "", "cannot read the topology file: it is a directory");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new TopologyException(name, 0, 0, "", "cannot read the topology file: larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TopologyException(name, 0, 0, "", "cannot read the topology file: no such file");
        } catch (AccessDeniedException e) {
            throw new TopologyException(name, 0, 0, "", "cannot read the topology file: permission denied");
        } catch (IOException e) {
            throw new TopologyException(name, 0, 0, "", "cannot read the topology file: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TopologyException(name, 0, 0, "", "the topology file is not valid UTF-8");
        }
        return parse(text, name);
    }

    /**
     * Parses and checks a topology given as text; {@code source} names it in error messages.
     *
     * @throws TopologyException one line naming the source, line, column and field at fault
     */
    public static Topology parse(String json, String source) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(source, "source");
        String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
        try (JsonParser parser = JSON.createParser(text)) {
            return new TopologyFile(source, text, parser).document();
        } catch (IOException e) {
            // createParser over a String does no I/O; close() neither
            throw new TopologyException(source, 0, 0, "", "cannot parse: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ the document

    private Topology document() {
        JsonToken t = next("");
        if (t != JsonToken.START_OBJECT) {
            throw fail(tokenOffset(), "", "a topology is one JSON object such as {\"servers\": [{\"host\": \"10.0.0.1\", "
                    + "\"port\": 11211}]}, found " + describe(t));
        }
        long start = tokenOffset();
        Set<String> seen = new HashSet<>();
        String mode = Topology.DEFAULT_MODE;
        long modeAt = -1;
        String hash = null;
        long hashAt = -1;
        List<Server> servers = null;
        long serversAt = -1;
        EjectionPolicy ejection = EjectionPolicy.defaults();
        while ((t = next("")) == JsonToken.FIELD_NAME) {
            String name = fieldName("", seen, FIELDS);
            switch (name) {
                case "$schema" -> string(name);
                case "mode" -> {
                    mode = string(name);
                    modeAt = tokenOffset();
                }
                case "hash" -> {
                    hash = string(name);
                    hashAt = tokenOffset();
                }
                case "servers" -> {
                    serversAt = peekOffset();
                    servers = servers();
                }
                case "ejection" -> ejection = ejection();
                default -> throw new IllegalStateException("unreachable: " + name);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw fail(tokenOffset(), "", "expected a field name, found " + describe(t));
        }
        JsonToken after = next("");
        if (after != null) {
            throw fail(tokenOffset(), "", "unexpected " + describe(after) + " after the topology object; a file holds one object");
        }
        if (servers == null) {
            throw fail(start, "servers", "missing field 'servers' (required: a list such as [{\"host\": \"10.0.0.1\", "
                    + "\"port\": 11211}])");
        }
        try {
            Topology.hashes(mode);
        } catch (IllegalArgumentException e) {
            throw fail(modeAt, "mode", e.getMessage());
        }
        Topology topology;
        try {
            topology = Topology.of(servers, mode, hash, ejection);
        } catch (IllegalArgumentException e) {
            throw fail(hashAt >= 0 ? hashAt : modeAt >= 0 ? modeAt : start, "hash", e.getMessage());
        }
        try {
            topology.router();
        } catch (RuntimeException e) {
            throw fail(serversAt, "servers", "mode '" + mode + "' rejects these servers: " + oneLine(String.valueOf(e.getMessage())));
        }
        return topology;
    }

    private List<Server> servers() {
        JsonToken t = next("servers");
        if (t != JsonToken.START_ARRAY) {
            throw fail(tokenOffset(), "servers", "expected a list of servers [{\"host\": ..., \"port\": ...}, ...], found "
                    + describe(t));
        }
        long start = tokenOffset();
        List<Server> servers = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        while ((t = next("servers")) != JsonToken.END_ARRAY) {
            String path = "servers[" + servers.size() + "]";
            if (t != JsonToken.START_OBJECT) {
                throw fail(tokenOffset(), path, "expected a server object {\"host\": ..., \"port\": ...}, found " + describe(t));
            }
            long at = tokenOffset();
            Server server = server(path, at);
            Integer first = ids.putIfAbsent(server.id(), servers.size());
            if (first != null) {
                throw fail(at, path, "server id '" + server.id() + "' is configured twice (also servers[" + first
                        + "]); give one of them another host, port or name");
            }
            servers.add(server);
        }
        if (servers.isEmpty()) {
            throw fail(start, "servers", "the list is empty; at least one server is required");
        }
        return servers;
    }

    private Server server(String path, long at) {
        Set<String> seen = new HashSet<>();
        String host = null;
        int port = 0;
        int weight = 1;
        String name = null;
        JsonToken t;
        while ((t = next(path)) == JsonToken.FIELD_NAME) {
            String field = fieldName(path, seen, SERVER_FIELDS);
            String fieldPath = path + "." + field;
            switch (field) {
                case "host" -> {
                    host = string(fieldPath);
                    if (host.isBlank()) {
                        throw fail(tokenOffset(), fieldPath, "must not be blank");
                    }
                    if (host.startsWith("[") || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
                        throw fail(tokenOffset(), fieldPath, "'" + host + "' is not a host name or address (write IPv6 "
                                + "addresses without brackets, no spaces or commas)");
                    }
                }
                case "port" -> port = integer(fieldPath, 1, 65_535);
                case "weight" -> weight = integer(fieldPath, 1, Integer.MAX_VALUE);
                case "name" -> {
                    name = string(fieldPath);
                    if (name.isBlank()) {
                        throw fail(tokenOffset(), fieldPath, "must not be blank (leave 'name' out for a server without one)");
                    }
                }
                default -> throw new IllegalStateException("unreachable: " + field);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw fail(tokenOffset(), path, "expected a field name, found " + describe(t));
        }
        for (String required : List.of("host", "port")) {
            if (!seen.contains(required)) {
                throw fail(at, path, "missing field '" + required + "' (required: host, port; optional: weight, name)");
            }
        }
        return new Server(host, port, weight, name);
    }

    private EjectionPolicy ejection() {
        String path = "ejection";
        JsonToken t = next(path);
        if (t != JsonToken.START_OBJECT) {
            throw fail(tokenOffset(), path, "expected an object {\"failureThreshold\": 3, ...}, found " + describe(t));
        }
        long at = tokenOffset();
        Set<String> seen = new HashSet<>();
        boolean enabled = true;
        EjectionPolicy.Builder b = EjectionPolicy.builder();
        while ((t = next(path)) == JsonToken.FIELD_NAME) {
            String field = fieldName(path, seen, EJECTION_FIELDS);
            String fieldPath = path + "." + field;
            switch (field) {
                case "enabled" -> enabled = bool(fieldPath);
                case "failureThreshold" -> b.failureThreshold(integer(fieldPath, 1, Integer.MAX_VALUE));
                case "ejectForMs" -> b.ejectFor(Duration.ofMillis(integer(fieldPath, 1, Integer.MAX_VALUE)));
                case "maxEjectForMs" -> b.maxEjectFor(Duration.ofMillis(integer(fieldPath, 1, Integer.MAX_VALUE)));
                case "flapWindowMs" -> b.flapWindow(Duration.ofMillis(integer(fieldPath, 0, Integer.MAX_VALUE)));
                default -> throw new IllegalStateException("unreachable: " + field);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw fail(tokenOffset(), path, "expected a field name, found " + describe(t));
        }
        if (!enabled) {
            if (seen.size() > 1) {
                throw fail(at, path, "\"enabled\": false takes no other settings; remove them or the 'enabled' field");
            }
            return EjectionPolicy.never();
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw fail(at, path, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ values

    private String fieldName(String path, Set<String> seen, List<String> valid) {
        String name = currentName();
        String at = path.isEmpty() ? name : path + "." + name;
        if (!valid.contains(name)) {
            throw fail(tokenOffset(), at, "unknown field '" + name + "'; valid fields" + (path.isEmpty() ? "" : " of " + what(path))
                    + ": " + String.join(", ", valid));
        }
        if (!seen.add(name)) {
            throw fail(tokenOffset(), at, "field '" + name + "' is given twice");
        }
        return name;
    }

    private static String what(String path) {
        return path.startsWith("servers[") ? "a server" : path;
    }

    private String string(String path) {
        JsonToken t = next(path);
        if (t != JsonToken.VALUE_STRING) {
            throw fail(tokenOffset(), path, "expected a string, found " + describe(t));
        }
        return textValue();
    }

    private boolean bool(String path) {
        JsonToken t = next(path);
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw fail(tokenOffset(), path, "expected true or false, found " + describe(t));
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private int integer(String path, int min, int max) {
        JsonToken t = next(path);
        String range = max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw fail(tokenOffset(), path, "must be a whole number " + range + ", found " + describe(t));
        }
        String digits = textValue();
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            value = digits.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (value < min || value > max) {
            throw fail(tokenOffset(), path, "must be a whole number " + range + ", was " + digits);
        }
        return (int) value;
    }

    // ------------------------------------------------------------------ the parser, with locations

    private JsonToken next(String path) {
        try {
            return p.nextToken();
        } catch (JsonProcessingException e) {
            throw syntax(e, path);
        } catch (IOException e) {
            throw new TopologyException(source, 0, 0, path, "cannot parse: " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    private String currentName() {
        try {
            return p.currentName();
        } catch (IOException e) {
            throw new TopologyException(source, 0, 0, "", "cannot parse: " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    private String textValue() {
        try {
            return p.getText();
        } catch (IOException e) {
            throw fail(tokenOffset(), "", "cannot parse: " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    /**
     * A syntax error as one line. Jackson reports a trailing comma as an unexpected {@code ]} or
     * {@code }}; it is named as what it is, at the comma.
     */
    private TopologyException syntax(JsonProcessingException e, String path) {
        JsonLocation loc = e.getLocation();
        long offset = loc == null ? -1 : loc.getCharOffset();
        if (offset >= 0 && offset < text.length()) {
            // The location is the offending character.
            int bad = (int) offset;
            char c = text.charAt(bad);
            if (c == ']' || c == '}') {
                int prev = bad - 1;
                while (prev >= 0 && Character.isWhitespace(text.charAt(prev))) {
                    prev--;
                }
                if (prev >= 0 && text.charAt(prev) == ',') {
                    return fail(prev, path, "trailing comma before '" + c + "'; remove the ',' (JSON allows no trailing commas)");
                }
            }
            return fail(bad, path, "malformed JSON: " + jacksonProblem(e));
        }
        int line = loc == null ? 0 : loc.getLineNr();
        int column = loc == null ? 0 : loc.getColumnNr();
        return new TopologyException(source, line, column, path, "malformed JSON: " + jacksonProblem(e));
    }

    private static String jacksonProblem(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        int marker = m.indexOf(" (start marker at");
        if (marker >= 0) {
            m = m.substring(0, marker);
        }
        return oneLine(m);
    }

    private long tokenOffset() {
        JsonLocation loc = p.currentTokenLocation();
        return loc == null ? -1 : loc.getCharOffset();
    }

    /** Where the next value starts: after the field name, its colon and whitespace. */
    private long peekOffset() {
        JsonLocation loc = p.currentLocation();
        if (loc == null) {
            return -1;
        }
        int i = (int) loc.getCharOffset();
        while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ':')) {
            i++;
        }
        return i;
    }

    private TopologyException fail(long offset, String field, String problem) {
        int line = 1;
        int column = 1;
        int end = (int) Math.max(0, Math.min(offset, text.length()));
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new TopologyException(source, line, column, field, oneLine(problem));
    }

    private String describe(JsonToken t) {
        if (t == null) {
            return "the end of the file";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "the string \"" + textValue() + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + textValue();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            case FIELD_NAME -> "the field name \"" + currentName() + "\"";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
