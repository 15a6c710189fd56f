package dev.drydock.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.testkit.GitFixture;
import dev.drydock.testkit.WorkspaceContract;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a drydock mid-command, then a new backend: no container, network or firewall
 * rule of the killed drydock is left.
 */
class ContainerReaperTest {
    @TempDir
    Path temp;

    @Test
    void theNextBackendRemovesWhatAKilledDrydockLeft() throws Exception {
        String commit = GitFixture.createRepository(temp.resolve("origin"), Map.of("README.md", "x\n"));
        String javaBinary = ProcessHandle.current().info().command().orElse("java");
        Process drydock = new ProcessBuilder(javaBinary, "-cp", System.getProperty("java.class.path"),
                WorkspaceContract.class.getName(), ContainerWorkspaceContractTest.DefaultBackend.class.getName(),
                temp.resolve("kill9").toString(), temp.resolve("origin").toString(), commit, "reaper-canary")
                .redirectError(temp.resolve("child.err").toFile()).start();
        String label;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(drydock.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("the child drydock started (see child.err)").startsWith("started");
            label = new Owner(drydock.pid(), drydock.info().startInstant().orElseThrow().toEpochMilli()).label();
            drydock.destroyForcibly();
            drydock.waitFor(10, TimeUnit.SECONDS);
        }
        try (WorkspaceBackend backend = ContainerWorkspaceProvider.open(
                ContainerWorkspaceContractTest.testConfig(dev.drydock.spi.NetworkPolicy.OPEN),
                ContainerWorkspaceContractTest.stateDirectory(), System.getenv())) {
            Engine engine = ((ContainerWorkspaceBackend) backend).engine;
            List<Container> left = engine.client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Owner.LABEL, label)).exec();
            assertThat(left).as("containers of the killed drydock").isEmpty();
            assertThat(engine.client.listNetworksCmd().exec())
                    .as("networks of the killed drydock")
                    .noneMatch(n -> n.getLabels() != null && label.equals(n.getLabels().get(Owner.LABEL)));
            Process rules = new ProcessBuilder("iptables", "-w", "-S", "INPUT").redirectErrorStream(true).start();
            assertThat(new String(rules.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .as("firewall rules of the killed drydock").doesNotContain("drydock-" + label);
        }
    }
}
