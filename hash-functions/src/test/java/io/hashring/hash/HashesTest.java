package io.hashring.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import io.hashring.core.HashFunction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import net.rubyeye.xmemcached.HashAlgorithm;
import net.spy.memcached.DefaultHashAlgorithm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HashesTest {

    private static final int RANDOM_KEYS = 20_000;

    /** Published vectors: awesomized/libmemcached {@code test/fixtures/hashes.hpp} (26 inputs x 11 functions). */
    @Nested
    @DisplayName("libhashkit functions reproduce libmemcached's test/fixtures/hashes.hpp")
    class Libhashkit {
        final String[] input = {"apple", "beat", "carrot", "daikon", "eggplant", "flower", "green", "hide", "ick",
            "jack", "kick", "lime", "mushrooms", "nectarine", "orange", "peach", "quant", "ripen", "strawberry",
            "tang", "up", "volumne", "when", "yellow", "zip", "The quick brown fox jumps over the lazy dog"};

        void check(HashFunction f, long... expected) {
            assertThat(expected).hasSize(input.length);
            for (int i = 0; i < input.length; i++) {
                assertThat(Integer.toUnsignedLong(f.hash(input[i]))).as("%s(\"%s\")", f.name(), input[i]).isEqualTo(expected[i]);
            }
        }

        @Test
        void oneAtATime() {
            check(Hashes.oneAtATime(), 2297466611L, 3902465932L, 469785835L, 1937308741L, 261917617L, 3785641677L,
                    1439605128L, 1649152283L, 1493851484L, 1246520657L, 2221159044L, 1973511823L, 384136800L, 214358653L,
                    2379473940L, 4269788650L, 2864377005L, 2638630052L, 427683330L, 990491717L, 1747111141L, 792127364L,
                    2599214128L, 2553037199L, 2509838425L, 1369346549L);
        }

        @Test
        void md5() {
            check(Hashes.md5(), 3195025439L, 2556848621L, 3724893440L, 3332385401L, 245758794L, 2550894432L,
                    121710495L, 3053817768L, 1250994555L, 1862072655L, 2631955953L, 2951528551L, 1451250070L,
                    2820856945L, 2060845566L, 3646985608L, 2138080750L, 217675895L, 2230934345L, 1234361223L,
                    3968582726L, 2455685270L, 1293568479L, 199067604L, 2042482093L, 2642219166L);
        }

        @Test
        void crc() {
            check(Hashes.crc(), 10542, 22009, 14526, 19510, 19432, 10199, 20634, 9369, 11511, 10362, 7893, 31289,
                    11313, 9354, 7621, 30628, 15218, 25967, 2695, 9380, 17300, 28156, 9192, 20484, 16925, 16719);
        }

        @Test
        void fnv1_64() {
            check(Hashes.fnv1_64(), 473199127L, 4148981457L, 3971873300L, 3257986707L, 1722477987L, 2991193800L,
                    4147007314L, 3633179701L, 1805162104L, 3503289120L, 3395702895L, 3325073042L, 2345265314L,
                    3340346032L, 2722964135L, 1173398992L, 2815549194L, 2562818319L, 224996066L, 2680194749L,
                    3035305390L, 246890365L, 2395624193L, 4145193337L, 1801941682L, 2112060110L);
        }

        @Test
        void fnv1a_64() {
            check(Hashes.fnv1a_64(), 1488911807L, 2500855813L, 1510099634L, 1390325195L, 3647689787L, 3241528582L,
                    1669328060L, 2604311949L, 734810122L, 1516407546L, 560948863L, 1767346780L, 561034892L,
                    4156330026L, 3716417003L, 3475297030L, 1518272172L, 227211583L, 3938128828L, 126112909L,
                    3043416448L, 3131561933L, 1328739897L, 2455664041L, 2272238452L, 3890508048L);
        }

        @Test
        void fnv1_32() {
            check(Hashes.fnv1_32(), 67176023L, 1190179409L, 2043204404L, 3221866419L, 2567703427L, 3787535528L,
                    4147287986L, 3500475733L, 344481048L, 3865235296L, 2181839183L, 119581266L, 510234242L,
                    4248244304L, 1362796839L, 103389328L, 1449620010L, 182962511L, 3554262370L, 3206747549L,
                    1551306158L, 4127558461L, 1889140833L, 2774173721L, 1180552018L, 3922226286L);
        }

        @Test
        void fnv1a_32() {
            check(Hashes.fnv1a_32(), 280767167L, 2421315013L, 3072375666L, 855001899L, 459261019L, 3521085446L,
                    18738364L, 1625305005L, 2162232970L, 777243802L, 3323728671L, 132336572L, 3654473228L,
                    260679466L, 1169454059L, 2698319462L, 1062177260L, 235516991L, 2218399068L, 405302637L,
                    1128467232L, 3579622413L, 2138539289L, 96429129L, 2877453236L, 76545936L);
        }

        @Test
        void hsieh() {
            check(Hashes.hsieh(), 3738850110L, 3636226060L, 3821074029L, 3489929160L, 3485772682L, 80540287L,
                    1805464076L, 1895033657L, 409795758L, 979934958L, 3634096985L, 1284445480L, 2265380744L,
                    707972988L, 353823508L, 1549198350L, 1327930172L, 9304163L, 4220749037L, 2493964934L,
                    2777873870L, 2057831732L, 1510213931L, 2027828987L, 3395453351L, 471461527L);
        }

        @Test
        void murmur() {
            check(Hashes.murmur(), 4142305122L, 734504955L, 3802834688L, 4076891445L, 387802650L, 560515427L,
                    3274673488L, 3150339524L, 1527441970L, 2728642900L, 3613992239L, 2938419259L, 2321988328L,
                    1145154116L, 4038540960L, 2224541613L, 264013145L, 3995512858L, 2400956718L, 2346666219L,
                    926327338L, 442757446L, 1770805201L, 560483147L, 3902279934L, 818385189L);
        }

        @Test
        void jenkins() {
            check(Hashes.jenkins(), 1442444624L, 4253821186L, 1885058256L, 2120131735L, 3261968576L, 3515188778L,
                    4232909173L, 4288625128L, 1812047395L, 3689182164L, 2502979932L, 1214050606L, 2415988847L,
                    1494268927L, 1025545760L, 3920481083L, 4153263658L, 3824871822L, 3072759809L, 798622255L,
                    3065432577L, 1453328165L, 2691550971L, 3408888387L, 2629893356L, 314054204L);
        }

        @Test
        void murmur3() {
            check(Hashes.murmur3(), 1120212521L, 1448785489L, 4186307405L, 2686268514L, 444808887L, 221750260L,
                    3074673162L, 1946933257L, 2826416675L, 2430719166L, 3200429559L, 297894347L, 732888124L,
                    4050076964L, 3298336176L, 1336207361L, 810553576L, 3748182674L, 3860119212L, 3439537197L,
                    3044240981L, 1464271804L, 3896193724L, 2915115798L, 1702843840L, 2603515018L);
        }

        @Test
        @DisplayName("one_at_a_time reads bytes >= 0x80 sign-extended, like libhashkit on x86-64 (INTEROP 0.5)")
        void signedCharOneAtATime() {
            assertThat(Integer.toUnsignedLong(Hashes.oneAtATime().hash("é"))).isEqualTo(26298542L);
            assertThat(Integer.toUnsignedLong(Hashes.xmemcachedOneAtATime().hash("é"))).isEqualTo(2928017647L);
        }
    }

    @Nested
    @DisplayName("Java-client hashes equal spymemcached 2.12.3 and xmemcached 2.4.8 on random keys")
    class JavaClients {
        @Test
        void spymemcachedDefaultHashAlgorithm() {
            compareSpy(DefaultHashAlgorithm.NATIVE_HASH, Hashes.javaNative());
            compareSpy(DefaultHashAlgorithm.CRC_HASH, Hashes.javaCrc());
            compareSpy(DefaultHashAlgorithm.FNV1_64_HASH, Hashes.javaFnv1_64());
            compareSpy(DefaultHashAlgorithm.FNV1A_64_HASH, Hashes.javaFnv1a_64());
            compareSpy(DefaultHashAlgorithm.FNV1_32_HASH, Hashes.javaFnv1_32());
            compareSpy(DefaultHashAlgorithm.FNV1A_32_HASH, Hashes.javaFnv1a_32());
            compareSpy(DefaultHashAlgorithm.KETAMA_HASH, Hashes.md5());
        }

        @Test
        void xmemcachedHashAlgorithm() {
            compareXm(HashAlgorithm.NATIVE_HASH, Hashes.javaNative());
            compareXm(HashAlgorithm.CRC32_HASH, Hashes.javaCrc());
            compareXm(HashAlgorithm.FNV1_64_HASH, Hashes.javaFnv1_64());
            compareXm(HashAlgorithm.FNV1A_64_HASH, Hashes.javaFnv1a_64());
            compareXm(HashAlgorithm.FNV1_32_HASH, Hashes.javaFnv1_32());
            compareXm(HashAlgorithm.FNV1A_32_HASH, Hashes.javaFnv1a_32());
            compareXm(HashAlgorithm.KETAMA_HASH, Hashes.md5());
            compareXm(HashAlgorithm.ELECTION_HASH, Hashes.md5());
            compareXm(HashAlgorithm.ONE_AT_A_TIME, Hashes.xmemcachedOneAtATime());
            compareXm(HashAlgorithm.MYSQL_HASH, Hashes.mysql());
            compareXm(HashAlgorithm.ELF_HASH, Hashes.elf());
            compareXm(HashAlgorithm.RS_HASH, Hashes.rs());
            compareXm(HashAlgorithm.LUA_HASH, Hashes.lua());
        }

        private void compareSpy(DefaultHashAlgorithm alg, HashFunction ours) {
            SplittableRandom r = new SplittableRandom(alg.ordinal());
            for (int i = 0; i < RANDOM_KEYS; i++) {
                String k = RandomKeys.key(r, i % 10 == 0 ? 250 : 40);
                long expected = alg.hash(k);
                assertThat(Integer.toUnsignedLong(ours.hash(k))).as("%s(\"%s\")", alg, k).isEqualTo(expected);
                assertThat(Integer.toUnsignedLong(ours.hash(k.getBytes(StandardCharsets.UTF_8))))
                        .as("%s over the UTF-8 bytes of \"%s\"", alg, k).isEqualTo(expected);
            }
        }

        private void compareXm(HashAlgorithm alg, HashFunction ours) {
            SplittableRandom r = new SplittableRandom(100 + alg.ordinal());
            for (int i = 0; i < RANDOM_KEYS; i++) {
                String k = RandomKeys.key(r, i % 10 == 0 ? 250 : 40);
                long expected = alg.hash(k);
                assertThat(Integer.toUnsignedLong(ours.hash(k))).as("%s(\"%s\")", alg, k).isEqualTo(expected);
                assertThat(Integer.toUnsignedLong(ours.hash(k.getBytes(StandardCharsets.UTF_8))))
                        .as("%s over the UTF-8 bytes of \"%s\"", alg, k).isEqualTo(expected);
            }
        }
    }

    @Nested
    @DisplayName("functions Guava and the JDK also ship agree with them on random byte strings")
    class AgainstGuavaAndJdk {
        @Test
        void crc32AndCrc15MatchJavaUtilZip() {
            SplittableRandom r = new SplittableRandom(7);
            CRC32 ref = new CRC32();
            for (int i = 0; i < RANDOM_KEYS; i++) {
                byte[] b = bytes(r);
                ref.reset();
                ref.update(b);
                assertThat(Integer.toUnsignedLong(Hashes.crc32().hash(b))).isEqualTo(ref.getValue());
                assertThat(Hashes.crc().hash(b)).isEqualTo((int) (ref.getValue() >> 16) & 0x7fff);
            }
        }

        @Test
        void murmur3AndSipHashMatchGuava() {
            SplittableRandom r = new SplittableRandom(8);
            long k0 = 0x0706050403020100L;
            long k1 = 0x0f0e0d0c0b0a0908L;
            Hash64 sip = Hashes.sipHash24(k0, k1);
            for (int i = 0; i < RANDOM_KEYS; i++) {
                byte[] b = bytes(r);
                assertThat(Hashes.murmur3_32().hash(b)).isEqualTo(Hashing.murmur3_32_fixed().hashBytes(b).asInt());
                assertThat(Hashes.murmur3_128().hash64(b)).isEqualTo(Hashing.murmur3_128().hashBytes(b).asLong());
                assertThat(Hashes.murmur3_128(42).hash64(b)).isEqualTo(Hashing.murmur3_128(42).hashBytes(b).asLong());
                assertThat(sip.hash64(b)).isEqualTo(Hashing.sipHash24(k0, k1).hashBytes(b).asLong());
                assertThat(Hashes.crc32().hash(b)).isEqualTo(Hashing.crc32().hashBytes(b).asInt());
            }
        }

        @Test
        void sha1TopMatchesMessageDigest() throws Exception {
            SplittableRandom r = new SplittableRandom(9);
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (int i = 0; i < RANDOM_KEYS; i++) {
                byte[] b = bytes(r);
                byte[] d = sha1.digest(b);
                int expected = (d[0] & 0xff) << 24 | (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | (d[3] & 0xff);
                assertThat(Hashes.sha1Top().hash(b)).isEqualTo(expected);
            }
        }

        @Test
        void jumpMatchesGuavaConsistentHash() {
            SplittableRandom r = new SplittableRandom(10);
            long[] extremes = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
            for (long x : extremes) {
                for (int n : new int[] {1, 2, 3, 100, 1 << 20, Integer.MAX_VALUE}) {
                    assertThat(Hashes.jump(x, n)).isEqualTo(Hashing.consistentHash(x, n));
                }
            }
            for (int i = 0; i < RANDOM_KEYS; i++) {
                long x = r.nextLong();
                int n = 1 + r.nextInt(i % 2 == 0 ? 1000 : Integer.MAX_VALUE);
                assertThat(Hashes.jump(x, n)).as("jump(%d, %d)", x, n).isEqualTo(Hashing.consistentHash(x, n));
            }
            assertThatThrownBy(() -> Hashes.jump(1, 0)).hasMessageContaining("buckets must be positive, was 0");
        }

        private byte[] bytes(SplittableRandom r) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            return b;
        }
    }

    @Nested
    @DisplayName("published reference values")
    class Published {
        @Test
        @DisplayName("xxHash64 of the empty input and of \"abc\" (xxhash reference)")
        void xxh64() {
            assertThat(Hashes.xxh64().hash64(new byte[0])).isEqualTo(0xEF46DB3751D8E999L);
            assertThat(Hashes.xxh64().hash64("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x44BC2CF5AD770999L);
        }

        @Test
        @DisplayName("SipHash-2-4 reference vector (paper appendix A: key 00..0f, message 00..0e)")
        void sipHashPaperVector() {
            byte[] m = new byte[15];
            for (int i = 0; i < m.length; i++) {
                m[i] = (byte) i;
            }
            assertThat(Hashes.sipHash24(0x0706050403020100L, 0x0f0e0d0c0b0a0908L).hash64(m)).isEqualTo(0xa129ca6149be45e5L);
        }

        @Test
        @DisplayName("CRC-32 check value \"123456789\" = 0xCBF43926; CRC-16/XMODEM check value = 0x31C3")
        void crcCheckValues() {
            byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
            assertThat(Hashes.crc32().hash(check)).isEqualTo(0xCBF43926);
            assertThat(Hashes.crc16().hash(check) & 0xffff).isEqualTo(0x31C3);
        }

        @Test
        @DisplayName("pymemcache's per-character murmur3 equals murmur3 for ASCII, differs for non-ASCII")
        void pymemcacheMurmur() {
            assertThat(Hashes.pymemcacheMurmur3().hash("hello")).isEqualTo(Hashes.murmur3_32().hash("hello"));
            // "é" is one character: hashed as the single byte 0xe9
            assertThat(Hashes.pymemcacheMurmur3().hash("é")).isEqualTo(Hashes.murmur3_32().hash(new byte[] {(byte) 0xe9}));
            assertThat(Hashes.pymemcacheMurmur3().hash("😀".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(Hashes.murmur3_32().hash(new byte[] {(byte) 0x00}));
        }
    }
}
