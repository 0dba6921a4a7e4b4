package io.k2.floe.tiering.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples in docs/messages.md are real messages: they decode, and re-encode to the same JSON. */
class DocumentedExamplesTest {

    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyExampleDecodesAndEveryTypeHasOne() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "messages.md"));
        List<String> examples = new ArrayList<>();
        Matcher m = JSON_BLOCK.matcher(doc);
        while (m.find()) {
            examples.add(m.group(1));
        }
        MessageCodec codec = new MessageCodec();
        Set<String> types = new TreeSet<>();
        for (String example : examples) {
            JsonNode original = MAPPER.readTree(example);
            String source = original.get("source").asText();
            String reencoded;
            if (original.get("type").asText().startsWith("io.k2.floe.command.")) {
                reencoded = codec.encode(source, codec.decodeCommand(example));
            } else {
                CloudEvent<Event> ce = codec.decodeEventEnvelope(example);
                reencoded = codec.encode(source, ce.data(), ce.id(), ce.time().orElseThrow());
            }
            assertThat(MAPPER.readTree(reencoded)).isEqualTo(original);
            types.add(original.get("type").asText());
        }
        assertThat(types).containsAll(List.of(
                "io.k2.floe.command.offload.v1", "io.k2.floe.command.maintenance.v1", "io.k2.floe.command.audit.v1",
                "io.k2.floe.event.offload.completed.v1", "io.k2.floe.event.maintenance.completed.v1",
                "io.k2.floe.event.audit.completed.v1", "io.k2.floe.event.offload.failed.v1",
                "io.k2.floe.event.run.completed.v1", "io.k2.floe.event.alert.raised.v1",
                "io.k2.floe.event.alert.resolved.v1", "io.k2.floe.event.retention.dropped.v1"));
    }
}
