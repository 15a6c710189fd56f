package dev.drydock.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAndRequestParsingTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(List<byte[]> events) {
        return events.stream().map(e -> new String(e, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void eventsAreCutWholeWhateverTheChunkingAndLineEndings() {
        SseSplitter splitter = new SseSplitter();
        assertThat(splitter.feed(bytes("data: {\"a\":1}\n"))).isEmpty();
        assertThat(strings(splitter.feed(bytes("\nevent: x\r\ndata: 2\r\n\r\ndata: par")))).containsExactly(
                "data: {\"a\":1}\n\n", "event: x\r\ndata: 2\r\n\r\n");
        assertThat(strings(splitter.feed(bytes("tial\n\n")))).containsExactly("data: partial\n\n");
        assertThat(splitter.feed(bytes(": keep-alive"))).isEmpty();
        assertThat(new String(splitter.rest(), StandardCharsets.UTF_8)).isEqualTo(": keep-alive");
        assertThat(SseSplitter.data(bytes("event: m\ndata: line one\ndata:line two\n\n"))).isEqualTo("line one\nline two");
    }

    @Test
    void theTopLevelIsReadWithoutParsingThePrompt() throws Exception {
        RequestInspector request = RequestInspector.of(bytes(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"{\\\"model\\\":\\\"decoy\\\"}\"}],\"model\":\"gpt-x\",\"stream\":true}"));
        assertThat(request).isEqualTo(new RequestInspector("gpt-x", true, false, false));
        assertThat(RequestInspector.of(bytes("not json")).model()).isEqualTo("unknown");
        assertThat(RequestInspector.of(bytes("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}")).asksForStreamUsage())
                .isTrue();
    }

    @Test
    void streamUsageIsAskedForWithoutDisturbingTheRest() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        byte[] plain = bytes("{\"model\":\"m\",\"stream\":true}\n");
        assertThat(mapper.readTree(RequestInspector.of(plain).withStreamUsage(plain)))
                .isEqualTo(mapper.readTree("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
        byte[] withOptions = bytes("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false}}");
        assertThat(mapper.readTree(RequestInspector.of(withOptions).withStreamUsage(withOptions)).get("stream_options"))
                .isEqualTo(mapper.readTree("{\"include_obfuscation\":false,\"include_usage\":true}"));
    }
}
