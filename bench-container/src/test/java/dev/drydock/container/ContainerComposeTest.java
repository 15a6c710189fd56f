package dev.drydock.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.NetworkPolicy;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceSpec;
import dev.drydock.testkit.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's compose services on real podman with docker-compose: the example's Redis starts for one
 * workspace, answers it, is out of reach of a workspace beside it, and is gone with its network when
 * the workspace closes. A compose file that publishes a port is refused.
 */
class ContainerComposeTest {
    private static final Path EXAMPLE = Path.of("../examples/compose-agent/compose.yaml");

    @TempDir
    Path temp;

    /** Redis's answer to an inline PING from an agent command, retried while the service starts. */
    private static String ping(Workspace workspace, String address) {
        return workspace.exec(ExecRequest.of("for i in $(seq 40); do "
                + "timeout 2 bash -c 'exec 3<>/dev/tcp/" + address + "/6379 && printf \"PING\\r\\n\" >&3 && head -c 5 <&3' "
                + "2>/dev/null && exit 0; sleep 0.25; done; exit 1", Duration.ofSeconds(60)).inPhase(ExecPhase.AGENT)).stdout();
    }

    @Test
    void servicesAnswerTheirWorkspaceAloneAndGoWithIt() {
        String commit = GitFixture.createRepository(temp.resolve("origin"), Map.of("README.md", "x\n"));
        try (ContainerWorkspaceBackend backend = (ContainerWorkspaceBackend) ContainerWorkspaceProvider.open(
                ContainerWorkspaceContractTest.testConfig(NetworkPolicy.PROXY_ONLY),
                ContainerWorkspaceContractTest.stateDirectory(), System.getenv())) {
            String project;
            try (Workspace owner = backend.provision(new WorkspaceSpec("owner", temp.resolve("origin").toString(), commit, Map.of()));
                    Workspace neighbour = backend.provision(new WorkspaceSpec("neighbour", temp.resolve("origin").toString(), commit, Map.of()))) {
                Map<String, String> env = owner.startServices(EXAMPLE);
                String address = env.get("DRYDOCK_SERVICE_RECIPES");
                assertThat(env.get("DRYDOCK_SERVICES")).isEqualTo("recipes=" + address);
                assertThat(ping(owner, address)).isEqualTo("+PONG");
                assertThat(ping(neighbour, address)).as("a workspace beside it reached the services").isEmpty();
                project = backend.engine.client.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(Owner.RUN_LABEL, owner.id())).exec().stream()
                        .map(c -> c.getLabels().get(Compose.PROJECT_LABEL)).filter(p -> p != null).findFirst().orElseThrow();
            }
            assertThat(backend.engine.client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Compose.PROJECT_LABEL, project)).exec()).as("service containers left").isEmpty();
            assertThat(backend.engine.client.listNetworksCmd().exec()).noneMatch(n -> n.getName().equals(project));
        }
    }

    @Test
    void aPublishedPortIsRefused() throws Exception {
        String commit = GitFixture.createRepository(temp.resolve("origin"), Map.of("README.md", "x\n"));
        Path compose = temp.resolve("published.yaml");
        Files.writeString(compose, "services:\n  leak:\n    image: localhost/none\n    ports: [\"6379:6379\"]\n");
        try (var backend = ContainerWorkspaceProvider.open(ContainerWorkspaceContractTest.testConfig(NetworkPolicy.OPEN),
                        ContainerWorkspaceContractTest.stateDirectory(), System.getenv());
                Workspace workspace = backend.provision(new WorkspaceSpec("leak", temp.resolve("origin").toString(), commit, Map.of()))) {
            assertThatThrownBy(() -> workspace.startServices(compose))
                    .isInstanceOf(DrydockException.class)
                    .hasMessageContaining("'published:' is not allowed");
        }
    }
}
