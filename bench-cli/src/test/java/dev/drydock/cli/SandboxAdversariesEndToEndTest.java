package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.store.json.RunResultJson;
import dev.drydock.testkit.FakeLlmUpstream;
import dev.drydock.testkit.FakeLlmUpstream.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/adversaries-sandbox.yaml} for real, in the default bubblewrap sandbox: agents that
 * hunt the upstream key, forge stored results, poison the repository cache, leave daemons and flood
 * the proxy do no harm, and the honest agent after them gets its true baseline and its real gain.
 */
class SandboxAdversariesEndToEndTest {
    @TempDir
    Path temp;

    @Test
    void adversariesOutsideTheirRunDoNoHarm() throws Exception {
        String upstreamKey = "sk-upstream-canary-" + UUID.randomUUID();
        try (FakeLlmUpstream upstream = FakeLlmUpstream.start(upstreamKey)) {
            upstream.script(Reply.text("write tests for every tier", 120, 30));
            Path config = temp.resolve("adversaries-sandbox.yaml");
            Files.writeString(config, Files.readString(Path.of("../examples/adversaries-sandbox.yaml"))
                    .replace("base-url: ${OPENAI_UPSTREAM_URL:-https://api.openai.com/v1}",
                            "base-url: " + upstream.baseUrl() + "\n    api-key: " + upstreamKey));
            Path json = temp.resolve("invocation.json");

            CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            List<RunResult> invocation = List.of(RunResultJson.mapper().readValue(json.toFile(), RunResult[].class));
            Map<String, RunResult> byAgent = invocation.stream().collect(Collectors.toMap(r -> r.agent().name(), r -> r));
            assertThat(byAgent).containsOnlyKeys("key-hunter", "store-forger", "cache-poisoner", "daemon-leaver",
                    "proxy-flooder", "honest-llm");
            assertThat(invocation).allSatisfy(result -> {
                assertThat(result.status()).as(result.agent().name()).isEqualTo(RunStatus.COMPLETED);
                assertThat(result.isolation()).hasValueSatisfying(isolation ->
                        assertThat(isolation.sandbox()).isEqualTo("bubblewrap"));
            });
            assertThat(run.out()).contains("isolation: bubblewrap");

            // the key hunter saw a handful of its own processes and found no key anywhere
            String hunt = stdout(byAgent.get("key-hunter"));
            assertThat(hunt).contains("hunted").doesNotContain("FOUND");
            int visible = Integer.parseInt(hunt.lines().filter(l -> l.startsWith("processes visible: ")).findFirst()
                    .orElseThrow().substring("processes visible: ".length()).strip());
            assertThat(visible).isLessThan(10);

            // the forger found no store, and the store holds exactly what drydock saved, daemon or not
            assertThat(stdout(byAgent.get("store-forger"))).contains("forged").doesNotContain("STORE ").doesNotContain("FORGED ");
            Thread.sleep(2000);
            Path store = temp.resolve("results/adversaries-sandbox.json");
            String stored = Files.readString(store);
            assertThat(stored).doesNotContain(upstreamKey);
            assertThat(Files.readString(json)).doesNotContain(upstreamKey);
            Map<String, RunStatus> storedStatus = RunResultJson.mapper().readTree(store.toFile()).get("results")
                    .findValuesAsText("runId").stream().collect(Collectors.toMap(id -> id, id -> statusIn(stored, id)));
            assertThat(storedStatus).hasSize(6).allSatisfy((id, status) -> assertThat(status).isEqualTo(RunStatus.COMPLETED));

            // the poisoner rewrote an object of its own .git; nothing it shares with the cache or the replay
            RunResult poisoner = byAgent.get("cache-poisoner");
            assertThat(stdout(poisoner)).contains("poisoned");
            assertThat(outcome(poisoner).violations()).isEmpty();
            assertThat(outcome(poisoner).delta().orElseThrow().newlyCoveredLines()).isZero();

            // no daemon of any run is alive
            assertThat(dev.drydock.testkit.Processes.named("drydock-daemon-canary")).isEmpty();

            // the flooder held its connections; the honest agent after it got its call through at once,
            // on the true baseline, with its real gain and no flag
            assertThat(stdout(byAgent.get("proxy-flooder"))).containsPattern("held \\d+");
            RunResult honest = byAgent.get("honest-llm");
            assertThat(stdout(honest)).contains("model says: write tests for every tier");
            assertThat(honest.agentCommand().orElseThrow().duration()).isLessThan(Duration.ofSeconds(20));
            assertThat(honest.usage().requests()).isEqualTo(1);
            assertThat(outcome(honest).violations()).isEmpty();
            assertThat(outcome(honest).coverageBefore()).isEqualTo(outcome(byAgent.get("key-hunter")).coverageBefore());
            assertThat(outcome(honest).delta().orElseThrow().newlyCoveredLines()).isPositive();
        }
    }

    private static String stdout(RunResult result) {
        return result.agentCommand().orElseThrow().stdout();
    }

    private static TestWritingOutcome outcome(RunResult result) {
        return result.testWriting().orElseThrow();
    }

    private static RunStatus statusIn(String store, String runId) {
        try {
            for (RunResult result : RunResultJson.mapper().readValue(store, StoreFile.class).results()) {
                if (result.runId().equals(runId)) {
                    return result.status();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no stored result " + runId);
    }

    record StoreFile(int schemaVersion, List<RunResult> results) {}
}
