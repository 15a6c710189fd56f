package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.store.json.RunResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/compose-agent.yaml} for real: the agent reads its test recipe from the Redis that
 * drydock started for its run from the compose file, on podman, with a proxy-only agent network; the
 * recipe's tests raise the coverage, and no service is left afterwards.
 */
class ComposeAgentEndToEndTest {
    @TempDir
    Path temp;

    @Test
    void theAgentQueriesItsOwnRedis() throws Exception {
        Path examples = Path.of("../examples").toAbsolutePath().normalize();
        Path json = temp.resolve("invocation.json");
        Path config = temp.resolve("compose-agent.yaml");
        Files.writeString(config, Files.readString(examples.resolve("compose-agent.yaml"))
                .replace("compose: compose-agent/compose.yaml", "compose: " + examples.resolve("compose-agent/compose.yaml")));

        CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        RunResult result = RunResultJson.mapper().readValue(json.toFile(), RunResult[].class)[0];
        assertThat(result.status()).as(run.out()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.agentCommand().orElseThrow().stdout()).contains("recipe from redis:");
        assertThat(result.testWriting().orElseThrow().delta().orElseThrow().newlyCoveredLines()).isPositive();
        assertThat(result.isolation().orElseThrow().network()).containsEntry("agent", "proxy-only");
        Process left = new ProcessBuilder("podman", "ps", "--all", "--filter", "label=com.docker.compose.project",
                "--format", "{{.Labels.dev.drydock.run}}").redirectErrorStream(true).start();
        assertThat(new String(left.getInputStream().readAllBytes())).doesNotContain(result.runId());
    }
}
