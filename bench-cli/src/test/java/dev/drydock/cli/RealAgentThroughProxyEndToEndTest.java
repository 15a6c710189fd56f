package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.FileChange;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.Usage;
import dev.drydock.store.json.RunResultJson;
import dev.drydock.testkit.FakeLlmUpstream;
import dev.drydock.testkit.FakeLlmUpstream.Reply;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real third-party agent, mini-swe-agent from PyPI, runs in a local workspace through the
 * embedded proxy against the scripted fake upstream and writes a test; drydock's recorded usage
 * must be exactly what the upstream reported. A second agent looks for the upstream key everywhere
 * it can reach and must not find it.
 */
class RealAgentThroughProxyEndToEndTest {
    private static final String UPSTREAM_KEY = "sk-upstream-e2e-4b1d93c0";

    @TempDir
    Path temp;

    @Test
    void miniSweAgentWritesATestAndItsUsageIsMeteredExactly() throws Exception {
        Reply writeTest = Reply.text("THOUGHT: the discount branches are untested; I add tests.\n\n"
                + "```mswea_bash_command\ncat > tests/test_pricing_more.py <<'EOF'\n"
                + "from inventory.pricing import apply_discount, bulk_price\n\n\n"
                + "def test_full_discount_is_free():\n    assert apply_discount(10.0, 100) == 0.0\n\n\n"
                + "def test_bulk_tiers():\n    assert bulk_price(1.0, 10) == 9.5\n    assert bulk_price(1.0, 100) == 85.0\n"
                + "EOF\n```", 1834, 212).withCache(1024, 0);
        Reply finish = Reply.text("THOUGHT: done.\n\n```mswea_bash_command\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT\n```",
                2310, 41);
        try (FakeLlmUpstream upstream = FakeLlmUpstream.start(UPSTREAM_KEY)) {
            upstream.script(writeTest, finish).fallback(Reply.text("probe answer", 13, 3));
            Path config = temp.resolve("real-agent.yaml");
            Files.writeString(config, """
                    name: real-agent
                    llm:
                      provider: embedded
                      openai: {base-url: '%s', api-key: '%s'}
                      ledger: ledger.jsonl
                    store: {provider: json, path: results.json}
                    prices:
                      fake-model: {input: 3.0, output: 15.0, cached-input: 0.3}
                      probe: {input: 1.0, output: 1.0}
                    runs:
                      - agents: [mini, looks-for-the-upstream-key]
                        repositories: [python-inventory]
                        test-runs: 1
                    repositories:
                      python-inventory:
                        template: python-inventory
                        targets: [{file: src/inventory/pricing.py, test-file: tests/test_pricing_more.py}]
                    agents:
                      mini:
                        template: mini-swe-agent
                        env: {MINI_MODEL: openai/fake-model, MINI_STEP_LIMIT: "5"}
                      looks-for-the-upstream-key:
                        command: |
                          key=sk-upstream-; key=$key'e2e-4b1d93c0'
                          if env | grep -qF "$key"; then echo "the upstream key is in the environment"; exit 9; fi
                          if grep -rqsF "$key" "$HOME" "$PROJECT_ROOT" /proc/self/environ; then echo "the upstream key is in a file"; exit 10; fi
                          curl -sS -f -H "Authorization: Bearer $OPENAI_API_KEY" -H 'Content-Type: application/json' \\
                            -d '{"model":"probe","messages":[{"role":"user","content":"hi"}]}' "$OPENAI_BASE_URL/chat/completions"
                    """.formatted(upstream.baseUrl(), UPSTREAM_KEY));
            Path json = temp.resolve("invocation.json");

            CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            Map<String, RunResult> byAgent = List.of(RunResultJson.mapper().readValue(json.toFile(), RunResult[].class))
                    .stream().collect(Collectors.toMap(r -> r.agent().name(), r -> r));
            RunResult mini = byAgent.get("mini");
            assertThat(mini.status()).as(mini.error().toString() + mini.agentCommand()).isEqualTo(RunStatus.COMPLETED);
            // exactly what the upstream reported for the two calls mini-swe-agent made
            assertThat(mini.usage()).isEqualTo(new Usage(2, 1834 + 2310, 212 + 41, 1024));
            assertThat(mini.usage()).isEqualTo(writeTest.tokens().usage().plus(finish.tokens().usage()));
            // ((1834 - 1024) * 3 + 1024 * 0.3 + 2310 * 3 + 253 * 15) dollars per million tokens
            assertThat(mini.costUsd()).contains(new BigDecimal("0.013462"));
            var outcome = mini.testWriting().orElseThrow();
            assertThat(outcome.modifications().files()).singleElement().satisfies(file -> {
                assertThat(file.path()).isEqualTo("tests/test_pricing_more.py");
                assertThat(file.category()).isEqualTo(FileChange.Category.TEST);
            });
            assertThat(outcome.tests().added()).hasSize(2);
            assertThat(outcome.delta().orElseThrow().newlyCoveredLines()).isPositive();
            assertThat(outcome.violations()).isEmpty();

            RunResult looker = byAgent.get("looks-for-the-upstream-key");
            assertThat(looker.status()).as(looker.agentCommand().toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(looker.agentCommand().orElseThrow().stdout()).contains("probe answer");
            assertThat(looker.usage()).isEqualTo(new Usage(1, 13, 3, 0));

            List<FakeLlmUpstream.Recorded> calls = upstream.requests();
            assertThat(calls).hasSize(3).allSatisfy(call -> {
                assertThat(call.headers().get("authorization")).isEqualTo("Bearer " + UPSTREAM_KEY);
                assertThat(call.path()).isEqualTo("/v1/chat/completions");
            });
            assertThat(calls.get(0).json().get("model").asText()).isEqualTo("fake-model");
            assertThat(Files.readAllLines(temp.resolve("ledger.jsonl"))).hasSize(3);
            assertThat(Files.readString(temp.resolve("results.json"))).doesNotContain(UPSTREAM_KEY);
            assertThat(run.out() + run.err()).doesNotContain(UPSTREAM_KEY);
        }
    }
}
