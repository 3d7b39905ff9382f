package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<String> lines(String text) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null && out.size() <= text.length()) {
            out.add(line);
        }
        return out;
    }

    @Test
    void splitsOnLineFeedAndDropsOneTrailingCarriageReturn() throws IOException {
        assertThat(lines("a\nb\r\nc\r\r\n")).containsExactly("a", "b", "c\r");
    }

    @Test
    void keepsALoneCarriageReturnInsideALine() throws IOException {
        assertThat(lines("a\rb\n")).containsExactly("a\rb");
    }

    @Test
    void countsALastLineWithoutLineFeed() throws IOException {
        assertThat(lines("a\nb")).containsExactly("a", "b");
    }

    @Test
    void keepsEmptyLinesSoOutputLinesMatchInputLines() throws IOException {
        assertThat(lines("\n\na\n")).containsExactly("", "", "a");
    }

    @Test
    void emptyInputHasNoLines() throws IOException {
        assertThat(lines("")).isEmpty();
    }

    @Test
    void joinsALineThatSpansBufferRefills() throws IOException {
        String longLine = "k".repeat(200_000);
        assertThat(lines("x\n" + longLine + "\r\ny")).containsExactly("x", longLine, "y");
    }

    @Test
    void decodesUtf8AcrossBufferRefills() throws IOException {
        String key = "\u00e9\u65e5\ud83d\ude00".repeat(30_000); // 2-, 3- and 4-byte sequences straddle the 64 KiB refills
        assertThat(lines(key + "\n" + key)).containsExactly(key, key);
    }

    @Test
    void malformedUtf8NamesItsLine() throws IOException {
        byte[] bytes = {'a', '\n', 'b', '\n', 'c', (byte) 0xE9, '\n', 'd', '\n'};
        LineReader reader = new LineReader(new ByteArrayInputStream(bytes));
        assertThat(reader.readLine()).isEqualTo("a");
        assertThat(reader.readLine()).isEqualTo("b");
        org.assertj.core.api.Assertions.assertThatThrownBy(reader::readLine).isInstanceOf(CharacterCodingException.class);
        assertThat(reader.lineNumber()).isEqualTo(3);
    }

    @Test
    void numbersLinesFromOne() throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)));
        reader.readLine();
        reader.readLine();
        assertThat(reader.lineNumber()).isEqualTo(2);
        assertThat(reader.readLine()).isNull();
    }
}
