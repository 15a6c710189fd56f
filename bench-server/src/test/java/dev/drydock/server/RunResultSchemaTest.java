package dev.drydock.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.store.json.RunResultJson;
import dev.drydock.testkit.SampleResults;
import org.junit.jupiter.api.Test;

class RunResultSchemaTest {
    private final RunResultSchema schema = new RunResultSchema();

    private static ObjectNode json(dev.drydock.api.RunResult result) {
        return RunResultJson.mapper().valueToTree(result);
    }

    @Test
    void theSchemaRequiresEveryComponentAndForbidsOthers() {
        JsonNode document = schema.document();
        assertThat(document.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(document.path("required")).extracting(JsonNode::asText).contains("runId", "suite", "agent", "usage", "costUsd");
        assertThat(document.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(document.path("properties").path("startedAt").path("format").asText()).isEqualTo("date-time");
    }

    @Test
    void resultsDrydockWritesConform() {
        assertThat(schema.problems(json(SampleResults.completed("run-1", "a", "r", 0)))).isEmpty();
        assertThat(schema.problems(json(SampleResults.testRunning("run-2", "a", "r", 0)))).isEmpty();
    }

    @Test
    void problemsAreNamedByTheirJsonPointer() {
        ObjectNode result = json(SampleResults.completed("run-1", "a", "r", 0));
        result.remove("suite");
        ((ObjectNode) result.get("usage")).put("inputTokens", "many");
        ((ObjectNode) result.get("testWriting").get("coverageBefore")).put("sneaky", 1);
        result.put("status", "WON");
        assertThat(schema.problems(result)).anySatisfy(p -> assertThat(p).startsWith("/: ").contains("suite"))
                .anySatisfy(p -> assertThat(p).startsWith("/usage/inputTokens: "))
                .anySatisfy(p -> assertThat(p).startsWith("/testWriting/coverageBefore: ").contains("sneaky"))
                .anySatisfy(p -> assertThat(p).startsWith("/status: "));
    }
}
