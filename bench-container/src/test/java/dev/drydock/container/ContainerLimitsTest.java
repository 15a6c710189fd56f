package dev.drydock.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.NetworkPolicy;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceSpec;
import dev.drydock.testkit.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cgroup limits hold inside the container and a command that hits the memory limit says so. */
class ContainerLimitsTest {
    @TempDir
    Path temp;

    @Test
    void limitsHoldAndAMemoryKillIsNamed() {
        String commit = GitFixture.createRepository(temp.resolve("origin"), Map.of("README.md", "x\n"));
        try (WorkspaceBackend backend = ContainerWorkspaceProvider.open(
                        ContainerWorkspaceContractTest.testConfig(NetworkPolicy.OPEN),
                        ContainerWorkspaceContractTest.stateDirectory(), System.getenv());
                Workspace workspace = backend.provision(new WorkspaceSpec("limits", temp.resolve("origin").toString(), commit, Map.of()))) {
            ExecResult hog = workspace.exec(ExecRequest.of("set -o pipefail; head -c 600M /dev/zero | tail -n 1 > /dev/null",
                    Duration.ofSeconds(60)).inPhase(ExecPhase.AGENT));
            assertThat(hog.succeeded()).isFalse();
            assertThat(hog.stderr()).contains("memory limit of 256MiB was hit");

            // the kernel's own view from inside: the process limit and the memory limit as configured
            String limits = workspace.exec(ExecRequest.of("cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/memory/memory.limit_in_bytes "
                    + "2>/dev/null || cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/memory.max", Duration.ofSeconds(30))).stdout();
            assertThat(limits.lines()).containsExactly("512", String.valueOf(256L << 20));
            assertThat(workspace.exec(ExecRequest.of("echo alive", Duration.ofSeconds(30))).stdout()).isEqualTo("alive\n");
        }
    }
}
