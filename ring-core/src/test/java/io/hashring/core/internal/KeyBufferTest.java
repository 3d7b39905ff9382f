package io.hashring.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyBufferTest {

    @Test
    void textIsWrittenAsStringGetBytesWritesIt() {
        for (String key : List.of("", "foo", "é-ü", "日本語", "😀 emoji", "lone \uD800 high", "lone \uDC00 low", "x".repeat(2000))) {
            assertThat(bytes(KeyBuffer.utf8(key))).as(key).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
            assertThat(bytes(KeyBuffer.first().append(key))).as(key).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void compositeKeysAppendTextNumbersCharsAndBytes() {
        byte[] node = "10.0.0.1:11211".getBytes(StandardCharsets.US_ASCII);
        KeyBuffer b = KeyBuffer.first().append(node, 3, 5).append('-').append("ключ").append(-42L).append(Long.MIN_VALUE).append(0L);
        assertThat(new String(bytes(b), StandardCharsets.UTF_8)).isEqualTo("0.0.1-ключ-42-92233720368547758080");
    }

    @Test
    void theBuffersOfOneThreadAreIndependentAndStartEmpty() {
        KeyBuffer first = KeyBuffer.first().append("one");
        KeyBuffer second = KeyBuffer.second().append("two");
        KeyBuffer.utf8("three");
        assertThat(new String(bytes(first), StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(new String(bytes(second), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(KeyBuffer.first().length()).isZero();
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> KeyBuffer.utf8(null)).isInstanceOf(NullPointerException.class).hasMessage("key is null");
        assertThatThrownBy(() -> KeyBuffer.first().append('é')).isInstanceOf(IllegalArgumentException.class).hasMessage("not ASCII: 233");
    }

    private static byte[] bytes(KeyBuffer b) {
        return Arrays.copyOf(b.bytes(), b.length());
    }
}
