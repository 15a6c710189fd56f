package dev.drydock.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.NetworkPolicy;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceSpec;
import dev.drydock.testkit.GitFixture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent phase's network on real podman: with {@code proxy-only} an agent reaches drydock's
 * service through {@link Workspace#reach} and nothing else, neither the internet nor another host
 * service; with {@code none} not even that. The setup phase's open network reaching the same
 * internet address shows the checks can fail.
 */
class ContainerNetworkPolicyTest {
    @TempDir
    Path temp;

    private boolean connects(Workspace workspace, ExecPhase phase, String host, int port) {
        return workspace.exec(ExecRequest.of("timeout 5 bash -c 'exec 3<>/dev/tcp/" + host + "/" + port + "'",
                Duration.ofSeconds(30)).inPhase(phase)).succeeded();
    }

    private static String internetAddress() throws Exception {
        return Arrays.stream(InetAddress.getAllByName("deb.debian.org"))
                .filter(a -> a instanceof Inet4Address).findFirst().orElseThrow().getHostAddress();
    }

    @Test
    void proxyOnlyReachesTheRelayedServiceAndNothingElse() throws Exception {
        String commit = GitFixture.createRepository(temp.resolve("origin"), Map.of("README.md", "x\n"));
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket hostService = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"));
                WorkspaceBackend backend = ContainerWorkspaceProvider.open(
                        ContainerWorkspaceContractTest.testConfig(NetworkPolicy.PROXY_ONLY),
                        ContainerWorkspaceContractTest.stateDirectory(), System.getenv());
                Workspace workspace = backend.provision(new WorkspaceSpec("net", temp.resolve("origin").toString(), commit, Map.of()))) {
            URI relayed = workspace.reach(URI.create("http://127.0.0.1:" + proxy.getLocalPort() + "/v1"));
            assertThat(relayed.getHost()).isNotEqualTo("127.0.0.1");
            assertThat(relayed.getPath()).isEqualTo("/v1");
            assertThat(connects(workspace, ExecPhase.AGENT, relayed.getHost(), relayed.getPort()))
                    .as("the agent reaches drydock's service through the relay").isTrue();

            String internet = internetAddress();
            assertThat(connects(workspace, ExecPhase.SETUP, internet, 80)).as("the open setup network reaches the internet").isTrue();
            assertThat(connects(workspace, ExecPhase.AGENT, internet, 80)).as("a proxy-only agent reached the internet").isFalse();
            assertThat(connects(workspace, ExecPhase.AGENT, "127.0.0.1", proxy.getLocalPort()))
                    .as("the container's loopback is its own").isFalse();
            // where drydock may set firewall rules (root, iptables) it must have
            assertThat(workspace.isolation().enforced().contains("network-policy")).isEqualTo(Firewall.available());
            if (Firewall.available()) {
                assertThat(connects(workspace, ExecPhase.AGENT, relayed.getHost(), hostService.getLocalPort()))
                        .as("a proxy-only agent reached a host service listening on all addresses").isFalse();
            } else {
                assertThat(workspace.isolation().notEnforced()).anyMatch(reason -> reason.startsWith("network-policy"));
            }
            assertThat(workspace.isolation().network()).containsEntry("agent", "proxy-only").containsEntry("setup", "open");
        }
    }

    @Test
    void noneReachesNothing() throws Exception {
        String commit = GitFixture.createRepository(temp.resolve("origin"), Map.of("README.md", "x\n"));
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                WorkspaceBackend backend = ContainerWorkspaceProvider.open(
                        ContainerWorkspaceContractTest.testConfig(NetworkPolicy.NONE),
                        ContainerWorkspaceContractTest.stateDirectory(), System.getenv());
                Workspace workspace = backend.provision(new WorkspaceSpec("none", temp.resolve("origin").toString(), commit, Map.of()))) {
            URI service = URI.create("http://127.0.0.1:" + proxy.getLocalPort() + "/v1");
            assertThat(workspace.reach(service)).isEqualTo(service);
            String interfaces = workspace.exec(ExecRequest.of("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '",
                    Duration.ofSeconds(30)).inPhase(ExecPhase.AGENT)).stdout();
            assertThat(interfaces.strip()).isEqualTo("lo");
            assertThat(connects(workspace, ExecPhase.AGENT, internetAddress(), 80)).isFalse();
            assertThat(connects(workspace, ExecPhase.SETUP, internetAddress(), 80)).as("the setup phase is open again").isTrue();
        }
    }
}
