package io.hashring.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.HashFunction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Md5Test {

    @Test
    void matchesRfc1321TestSuite() {
        assertThat(hex(Md5.digest(ascii("")))).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(hex(Md5.digest(ascii("a")))).isEqualTo("0cc175b9c0f1b6a831c399e269772661");
        assertThat(hex(Md5.digest(ascii("abc")))).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(hex(Md5.digest(ascii("message digest")))).isEqualTo("f96b697d7cb7938d525a2f31aaf161d0");
        assertThat(hex(Md5.digest(ascii("abcdefghijklmnopqrstuvwxyz")))).isEqualTo("c3fcd3d76192e4007dfb496cca67e13b");
        assertThat(hex(Md5.digest(ascii("12345678901234567890123456789012345678901234567890123456789012345678901234567890"))))
                .isEqualTo("57edf4a22be3c955ac49da2e2107b67a");
    }

    @Test
    void matchesJdkMessageDigestForEveryLengthAcrossBlockBoundaries() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        MessageDigest jdk = MessageDigest.getInstance("MD5");
        for (int len = 0; len <= 300; len++) {
            byte[] data = new byte[len + 7];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) random.nextInt(256);
            }
            jdk.update(data, 3, len);
            byte[] expected = jdk.digest();
            int[] words = new int[4];
            Md5.words(data, 3, len, words);
            for (int j = 0; j < 4; j++) {
                int want = (expected[4 * j] & 0xff) | (expected[4 * j + 1] & 0xff) << 8
                        | (expected[4 * j + 2] & 0xff) << 16 | (expected[4 * j + 3] & 0xff) << 24;
                assertThat(words[j]).as("word %d of MD5 over %d bytes at offset 3", j, len).isEqualTo(want);
            }
            assertThat(Md5.firstWord(data, 3, len)).isEqualTo(words[0]);
        }
    }

    @Test
    void textKeysHashTheirUtf8Bytes() {
        for (String key : new String[] {"", "foo", "é", "日本語", "emoji \uD83D\uDE00", "bad \uD800 surrogate", "x".repeat(1000)}) {
            byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
            assertThat(HashFunction.md5().hash(key)).as("md5 of '%s'", key).isEqualTo(Md5.firstWord(utf8, 0, utf8.length));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
