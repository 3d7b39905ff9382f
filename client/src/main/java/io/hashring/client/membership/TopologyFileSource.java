package io.hashring.client.membership;

import io.hashring.client.topology.Topology;
import io.hashring.client.topology.TopologyFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A topology file (the JSON format of {@link TopologyFile}) watched by polling: every interval the
 * file is read (at most {@link #MAX_BYTES}) and, when its bytes differ from the last read, parsed.
 * A valid new content is published as the next version (the content generation: 1, 2, ...); a
 * malformed or invalid one is {@linkplain MembershipSink#rejected rejected} with the file, line,
 * column and field from {@link io.hashring.client.topology.TopologyException} and the running list
 * stays. So is a content that changes the mode or hash (a running client keeps its placement;
 * restart it to change placement). A changed {@code ejection} section is not applied while the
 * client runs. A file that is briefly missing (rewritten by rename) is rejected once and read
 * again on the next poll. Polling is portable and bounded; a change is seen within one interval.
 */
public final class TopologyFileSource extends PollingSource {

    /** Larger files are rejected unread. */
    public static final long MAX_BYTES = 16L << 20;

    /** The default poll interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final Path file;
    // poll thread (and start's caller, before the thread exists) only
    private byte[] last;
    private long generation;
    private String mode;
    private Optional<String> hash;

    /** Watches {@code file}, polling every {@link #DEFAULT_INTERVAL}. */
    public TopologyFileSource(Path file) {
        this(file, DEFAULT_INTERVAL);
    }

    /**
     * Watches {@code file}, polling every {@code interval}.
     *
     * @throws IllegalArgumentException if the interval is below {@link PollingSource#MIN_INTERVAL}
     */
    public TopologyFileSource(Path file, Duration interval) {
        super(interval);
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    protected void poll(MembershipSink sink) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + ": larger than " + MAX_BYTES + " bytes, not read");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": cannot read the topology file: no such file", e);
        }
        if (last != null && Arrays.equals(bytes, last)) {
            return;
        }
        last = bytes;
        Topology t;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            t = TopologyFile.parse(text, file.toString());
        } catch (CharacterCodingException e) {
            sink.rejected(describe(), file + ": the topology file is not valid UTF-8");
            return;
        } catch (IllegalArgumentException e) {
            sink.rejected(describe(), e.getMessage());
            return;
        }
        if (mode == null) {
            mode = t.mode();
            hash = t.hash();
        } else if (!mode.equals(t.mode()) || !hash.equals(t.hash())) {
            sink.rejected(describe(), file + ": mode/hash: changed from " + placement(mode, hash) + " to "
                    + placement(t.mode(), t.hash()) + "; a running client keeps its placement (restart it to change)");
            return;
        }
        generation++;
        sink.publish(new MembershipVersion(generation, t.servers(), describe()));
    }

    private static String placement(String mode, Optional<String> hash) {
        return mode + hash.map(h -> "/" + h).orElse("");
    }
}
