package io.hashring.hash.interop;

import io.hashring.core.HashFunction;
import io.hashring.core.Node;
import io.hashring.core.NodeCursor;
import io.hashring.core.Ring;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * twemproxy's {@code hash_tag}: the pool places a key by the part between its first {@code left}
 * character and the next {@code right} character after it, when that part is not empty; otherwise
 * by the whole key ({@code twitter/twemproxy} 0.5.0 {@code src/nc_server.c server_pool_idx}, which
 * narrows the key before {@code ketama_dispatch} / {@code modula_dispatch}). Every lookup of the
 * wrapped router ({@link #indexOf}, {@link #cursor}, {@link #candidates}, {@link #failoverSequence},
 * {@link #route(CharSequence, Predicate)}) sees the narrowed key, and {@link #hashFunction()} is the
 * wrapped hash applied to it.
 *
 * <p>{@link #ring()} is empty: the delegate's ring places whole keys, so its {@code route(key)} is not
 * this router's. The narrowed key of a {@code CharSequence} is a {@code subSequence} (one allocation
 * when a tag is present); byte keys are narrowed by offsets and allocate nothing.
 *
 * <p>Only ASCII tag characters are modelled: nutcracker ({@code nc_conf.c conf_set_hashtag}) takes any
 * two <em>bytes</em>, so one two-byte UTF-8 character is accepted there too, and its byte search then
 * cuts keys inside characters; {@link #of} rejects that. Immutable and thread-safe.
 */
final class HashTagRouter implements PeerRouter {

    private final PeerRouter delegate;
    private final char left;
    private final char right;
    private final HashFunction hash;

    private HashTagRouter(PeerRouter delegate, char left, char right) {
        this.delegate = delegate;
        this.left = left;
        this.right = right;
        HashFunction inner = delegate.hashFunction();
        String name = (inner == null ? "?" : inner.name()) + " of hash_tag " + left + right;
        this.hash = new HashFunction() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int hash(byte[] key, int offset, int length) {
                long r = narrow(key, offset, length);
                return inner.hash(key, (int) (r >>> 32), (int) r);
            }

            @Override
            public int hash(CharSequence key) {
                return inner.hash(narrow(key));
            }
        };
    }

    /**
     * The router for a twemproxy pool with {@code hash_tag: tag}: {@code delegate} itself for the empty
     * tag (nutcracker's default, off), else the wrapper.
     *
     * @throws IllegalArgumentException naming the value unless it is empty or two ASCII characters
     */
    static PeerRouter of(String mode, PeerRouter delegate, String tag) {
        if (tag.isEmpty()) {
            return delegate;
        }
        if (tag.length() != 2 || tag.charAt(0) > 0x7f || tag.charAt(1) > 0x7f) {
            throw new IllegalArgumentException("option 'hash_tag' of mode " + mode + " must be empty (off) or two ASCII "
                    + "characters, for example {}; got '" + tag + "'" + (tag.codePointCount(0, tag.length()) == 1
                    && tag.codePointAt(0) >= 0x80 && tag.codePointAt(0) < 0x800
                    ? " (nutcracker takes one two-byte UTF-8 character as two tag bytes; hashring does not model that)" : ""));
        }
        return new HashTagRouter(delegate, tag.charAt(0), tag.charAt(1));
    }

    /** The part of {@code key} nutcracker hashes: inside the first tag when it is non-empty, else all of it. */
    CharSequence narrow(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        int n = key.length();
        for (int i = 0; i < n; i++) {
            if (key.charAt(i) == left) {
                // nc_strchr(tag_start + 1, end, right): the first right character after the left one
                for (int j = i + 1; j < n; j++) {
                    if (key.charAt(j) == right) {
                        return j - i > 1 ? key.subSequence(i + 1, j) : key;
                    }
                }
                return key; // unclosed: the whole key
            }
        }
        return key;
    }

    /** {@link #narrow(CharSequence)} for bytes: (offset &lt;&lt; 32) | length of the part hashed. */
    long narrow(byte[] key, int offset, int length) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (key[i] == left) {
                for (int j = i + 1; j < end; j++) {
                    if (key[j] == right) {
                        return j - i > 1 ? ((long) (i + 1) << 32) | (j - i - 1) : ((long) offset << 32) | length;
                    }
                }
                break;
            }
        }
        return ((long) offset << 32) | length;
    }

    @Override
    public int indexOf(CharSequence key) {
        return delegate.indexOf(narrow(key));
    }

    @Override
    public int indexOf(byte[] key, int offset, int length) {
        long r = narrow(key, offset, length);
        return delegate.indexOf(key, (int) (r >>> 32), (int) r);
    }

    @Override
    public NodeCursor cursor() {
        NodeCursor inner = delegate.cursor();
        return new NodeCursor() {
            @Override
            public NodeCursor reset(CharSequence key) {
                inner.reset(narrow(key));
                return this;
            }

            @Override
            public NodeCursor reset(byte[] key, int offset, int length) {
                long r = narrow(key, offset, length);
                inner.reset(key, (int) (r >>> 32), (int) r);
                return this;
            }

            @Override
            public int next() {
                return inner.next();
            }
        };
    }

    @Override
    public HashFunction hashFunction() {
        return hash;
    }

    @Override
    public List<Node<Server>> nodes() {
        return delegate.nodes();
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public Server value(int index) {
        return delegate.value(index);
    }

    @Override
    public Server route(CharSequence key) {
        return delegate.route(narrow(key));
    }

    @Override
    public Server route(byte[] key, int offset, int length) {
        long r = narrow(key, offset, length);
        return delegate.route(key, (int) (r >>> 32), (int) r);
    }

    @Override
    public List<Server> candidates(CharSequence key) {
        return delegate.candidates(narrow(key));
    }

    @Override
    public List<Server> failoverSequence(CharSequence key) {
        return delegate.failoverSequence(narrow(key));
    }

    @Override
    public Server route(CharSequence key, Predicate<Server> alive) {
        return delegate.route(narrow(key), alive);
    }

    /** Empty: the wrapped ring places whole keys, not the tag this router hashes. */
    @Override
    public Optional<Ring<Server>> ring() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return delegate + " (hash_tag " + left + right + ")";
    }
}
