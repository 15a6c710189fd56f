package dev.drydock.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.ResultStoreProvider;
import dev.drydock.testkit.ResultStoreContract;
import dev.drydock.testkit.SampleResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JsonResultStoreTest extends ResultStoreContract {
    @Override
    protected ResultStore openStore(Path folder) {
        return new JsonResultStore(folder.resolve("results.json"));
    }

    @Test
    void aCorruptFileIsReportedAndLeftUntouched() throws Exception {
        Path file = temp.resolve("results.json");
        Files.writeString(file, "{\"schemaVersion\": 1, \"results\": [ {\"runId\": ");
        try (ResultStore store = openStore(temp)) {
            assertThatThrownBy(() -> store.save(SampleResults.completed("run-1", "a", "r", 0)))
                    .isInstanceOf(DrydockException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("left untouched")
                    .satisfies(e -> assertThat(((DrydockException) e).code()).isEqualTo(ErrorCode.STORE));
        }
        assertThat(Files.readString(file)).isEqualTo("{\"schemaVersion\": 1, \"results\": [ {\"runId\": ");
    }

    @Test
    void aFileFromANewerSchemaIsRefusedAndLeftUntouched() throws Exception {
        Path file = temp.resolve("results.json");
        Files.writeString(file, "{\"schemaVersion\": 99, \"results\": []}");
        try (ResultStore store = openStore(temp)) {
            assertThatThrownBy(() -> store.save(SampleResults.completed("run-1", "a", "r", 0)))
                    .hasMessageContaining("newer drydock");
        }
        assertThat(Files.readString(file)).isEqualTo("{\"schemaVersion\": 99, \"results\": []}");
    }

    @Test
    void aCorruptOrUnwritableStoreFailsTheCheckBeforeAnyRun() throws Exception {
        Path file = temp.resolve("results.json");
        try (ResultStore store = openStore(temp)) {
            store.verifyWritable(); // a store that does not exist yet is fine
            Files.writeString(file, "{\"schemaVersion\": 2, \"results\": [");
            assertThatThrownBy(store::verifyWritable).isInstanceOf(DrydockException.class).hasMessageContaining("left untouched");
            Files.delete(file);
            store.save(SampleResults.completed("run-1", "a", "r", 0));
            file.toFile().setWritable(false);
            if (!Files.isWritable(file)) { // root may write anyway
                assertThatThrownBy(store::verifyWritable).isInstanceOf(DrydockException.class).hasMessageContaining("not writable");
            }
        }
    }

    @Test
    void resultsOfSchemaVersion1ReadAsRunsWithoutIsolation() throws Exception {
        RunResult current = SampleResults.completed("run-1", "a", "r", 0);
        String json = RunResultJson.toJsonArray(List.of(current));
        com.fasterxml.jackson.databind.node.ArrayNode array =
                (com.fasterxml.jackson.databind.node.ArrayNode) RunResultJson.mapper().readTree(json);
        ((com.fasterxml.jackson.databind.node.ObjectNode) array.get(0)).remove("isolation");
        ((com.fasterxml.jackson.databind.node.ObjectNode) array.get(0)).put("schemaVersion", 1);
        Files.writeString(temp.resolve("results.json"), "{\"schemaVersion\": 1, \"results\": " + array + "}");
        try (ResultStore store = openStore(temp)) {
            RunResult old = store.find("run-1").orElseThrow();
            assertThat(old.isolation()).isEmpty();
            assertThat(old.testWriting()).isEqualTo(current.testWriting());
        }
    }

    @Test
    void testRunningResultsOfSchemaVersion3ReadWithoutTheReferencesFiles() throws Exception {
        RunResult current = SampleResults.testRunning("run-1", "a", "r", 0);
        com.fasterxml.jackson.databind.node.ArrayNode array = (com.fasterxml.jackson.databind.node.ArrayNode)
                RunResultJson.mapper().readTree(RunResultJson.toJsonArray(List.of(current)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) array.get(0).path("testRunning").path("reference")).remove("files");
        ((com.fasterxml.jackson.databind.node.ObjectNode) array.get(0)).put("schemaVersion", 3);
        Files.writeString(temp.resolve("results.json"), "{\"schemaVersion\": 3, \"results\": " + array + "}");
        try (ResultStore store = openStore(temp)) {
            assertThat(store.find("run-1").orElseThrow().testRunning().orElseThrow().reference().orElseThrow().files()).isEmpty();
        }
    }

    @Test
    void noTemporaryFilesRemainAfterSaving() throws Exception {
        try (ResultStore store = openStore(temp)) {
            store.save(SampleResults.completed("run-1", "a", "r", 0));
        }
        try (var files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("results.json", "results.json.lock");
        }
    }

    @Test
    void jsonArrayRoundTripsThroughTheSharedMapper() throws Exception {
        RunResult result = SampleResults.completed("run-1", "a", "r", 0);
        String json = RunResultJson.toJsonArray(List.of(result));
        assertThat(json).contains("\"schemaVersion\" : " + RunResult.SCHEMA_VERSION).contains("\"sandbox\" : \"bubblewrap\"").contains("\"startedAt\" : \"2026-01-02T03:04:05.123456Z\"");
        RunResult[] back = RunResultJson.mapper().readValue(json, RunResult[].class);
        assertThat(back).containsExactly(result);
    }

    @Test
    void providerIsRegistered() {
        assertThat(ServiceLoader.load(ResultStoreProvider.class).stream().map(p -> p.get().name())).contains("json");
    }
}
