package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.store.json.RunResultJson;
import dev.drydock.testkit.FakeLlmUpstream;
import dev.drydock.testkit.FakeLlmUpstream.Reply;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/adversaries-sandbox.yaml} on {@code container} workspaces (real podman) with a
 * proxy-only agent network and a 1 GiB memory limit, plus two adversaries of containers: one that
 * tries to reach the internet and a host service in the agent phase, and one that exceeds its
 * memory limit. None does harm; the memory hog is recorded as such and the honest agent after them
 * gets its call through the proxy and its real gain.
 */
class ContainerAdversariesEndToEndTest {
    private static final String EXTRA_AGENTS = """

              net-escaper:
                description: tries every way out of the agent network but the proxy
                env:
                  INTERNET_IP: "%s"
                  HOST_SERVICE_PORT: "%d"
                command: |
                  gateway=$(echo "$OPENAI_BASE_URL" | sed -E 's#^https?://([^:/]+).*#\\1#')
                  for target in "$INTERNET_IP/80" "$INTERNET_IP/443" "$gateway/$HOST_SERVICE_PORT" "127.0.0.1/$HOST_SERVICE_PORT"; do
                    if timeout 5 bash -c "exec 3<>/dev/tcp/$target" 2>/dev/null; then echo "ESCAPED to $target"; else echo "blocked $target"; fi
                  done

              memory-hog:
                description: allocates past its memory limit
                command: |
                  set -o pipefail
                  head -c 3G /dev/zero | tail -n 1 > /dev/null
            """;

    @TempDir
    Path temp;

    @Test
    void adversariesInContainersDoNoHarm() throws Exception {
        String upstreamKey = "sk-upstream-canary-" + UUID.randomUUID();
        String internet = Arrays.stream(InetAddress.getAllByName("deb.debian.org"))
                .filter(a -> a instanceof Inet4Address).findFirst().orElseThrow().getHostAddress();
        try (FakeLlmUpstream upstream = FakeLlmUpstream.start(upstreamKey);
                ServerSocket hostService = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            upstream.script(Reply.text("write tests for every tier", 120, 30));
            Path config = temp.resolve("adversaries-container.yaml");
            Files.writeString(config, Files.readString(Path.of("../examples/adversaries-sandbox.yaml"))
                    .replace("workspace:\n  provider: local", "workspace:\n  provider: container\n  agent-network: proxy-only\n"
                            + "  memory-limit: 1GiB")
                    .replace("proxy-flooder, honest-llm]", "proxy-flooder, net-escaper, memory-hog, honest-llm]")
                    .replace("base-url: ${OPENAI_UPSTREAM_URL:-https://api.openai.com/v1}",
                            "base-url: " + upstream.baseUrl() + "\n    api-key: " + upstreamKey)
                    + EXTRA_AGENTS.formatted(internet, hostService.getLocalPort()));
            Path json = temp.resolve("invocation.json");

            CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());

            List<RunResult> invocation = List.of(RunResultJson.mapper().readValue(json.toFile(), RunResult[].class));
            Map<String, RunResult> byAgent = invocation.stream().collect(Collectors.toMap(r -> r.agent().name(), r -> r));
            assertThat(byAgent).containsOnlyKeys("key-hunter", "store-forger", "cache-poisoner", "daemon-leaver",
                    "proxy-flooder", "net-escaper", "memory-hog", "honest-llm");
            assertThat(invocation).allSatisfy(result -> assertThat(result.isolation()).hasValueSatisfying(isolation -> {
                assertThat(isolation.sandbox()).isEqualTo("podman");
                assertThat(isolation.network()).containsEntry("agent", "proxy-only");
                assertThat(isolation.image()).hasValueSatisfying(image -> assertThat(image).contains("@sha256:"));
            }));
            assertThat(run.out()).contains("isolation: podman");

            // the memory hog failed, and says why; every other run completed
            RunResult hog = byAgent.get("memory-hog");
            assertThat(hog.status()).isEqualTo(RunStatus.AGENT_FAILED);
            assertThat(hog.agentCommand().orElseThrow().stderr()).contains("memory limit of 1GiB was hit");
            assertThat(invocation).filteredOn(r -> r != hog)
                    .allSatisfy(result -> assertThat(result.status()).as(result.agent().name()).isEqualTo(RunStatus.COMPLETED));

            // nothing but the proxy answered the escaper
            assertThat(stdout(byAgent.get("net-escaper"))).doesNotContain("ESCAPED").contains("blocked " + internet + "/80");

            String hunt = stdout(byAgent.get("key-hunter"));
            assertThat(hunt).contains("hunted").doesNotContain("FOUND");
            assertThat(stdout(byAgent.get("store-forger"))).contains("forged").doesNotContain("STORE ").doesNotContain("FORGED ");
            assertThat(Files.readString(temp.resolve("results/adversaries-sandbox.json"))).doesNotContain(upstreamKey);
            assertThat(Files.readString(json)).doesNotContain(upstreamKey);
            assertThat(outcome(byAgent.get("cache-poisoner")).delta().orElseThrow().newlyCoveredLines()).isZero();
            assertThat(dev.drydock.testkit.Processes.named("drydock-daemon-canary")).isEmpty();

            RunResult honest = byAgent.get("honest-llm");
            assertThat(stdout(honest)).contains("model says: write tests for every tier");
            assertThat(honest.usage().requests()).isEqualTo(1);
            assertThat(outcome(honest).violations()).isEmpty();
            assertThat(outcome(honest).delta().orElseThrow().newlyCoveredLines()).isPositive();
        }
    }

    private static String stdout(RunResult result) {
        return result.agentCommand().orElseThrow().stdout();
    }

    private static TestWritingOutcome outcome(RunResult result) {
        return result.testWriting().orElseThrow();
    }
}
