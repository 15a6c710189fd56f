package dev.drydock.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceSpec;
import dev.drydock.testkit.GitFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drydock killed with {@code kill -9} while an agent's command runs: every process the command
 * started, daemons included, is gone, and the next drydock reaps the workspace's cgroup.
 */
class KillNineTest {
    private static final String CANARY = "drydock-kill9-canary";

    @TempDir
    Path temp;

    /** The drydock stand-in that gets killed: provisions a workspace and runs a daemon-leaving command in it. */
    public static void main(String[] args) throws Exception {
        LocalWorkspaceBackend backend = new LocalWorkspaceBackend(Path.of(args[0]),
                LocalWorkspaceConfig.defaults(List.of("PATH")), System.getenv(), List.of());
        Workspace workspace = backend.provision(new WorkspaceSpec("kill9", args[1], args[2], Map.of()));
        String command = "setsid bash -c 'exec -a " + CANARY + " sleep 300' > /dev/null 2>&1 < /dev/null & "
                + "( ( exec -a " + CANARY + " sleep 300 ) > /dev/null 2>&1 & ); sleep 1; echo ready; exec -a " + CANARY + " sleep 300";
        System.out.println("started " + workspace.id());
        System.out.flush();
        workspace.exec(ExecRequest.of(command, Duration.ofMinutes(5)).inPhase(ExecPhase.AGENT));
    }

    @Test
    void killMinus9OfDrydockLeavesNoProcessOfTheCommandBehind() throws Exception {
        Path origin = temp.resolve("origin");
        String commit = GitFixture.createRepository(origin, Map.of("README.md", "x\n"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process drydock = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KillNineTest.class.getName(),
                temp.resolve("workspaces").toString(), origin.toString(), commit)
                .redirectError(temp.resolve("drydock.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(drydock.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).startsWith("started");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (canaries().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(canaries()).as("the command and its two daemons run").hasSizeGreaterThanOrEqualTo(3);

            new ProcessBuilder("kill", "-9", String.valueOf(drydock.pid())).start().waitFor();
            drydock.waitFor(10, TimeUnit.SECONDS);

            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!canaries().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(canaries()).as("processes left after kill -9 of drydock").isEmpty();
        } finally {
            drydock.destroyForcibly();
        }
        // the next drydock removes the cgroup the killed one left
        new LocalWorkspaceBackend(temp.resolve("workspaces"), LocalWorkspaceConfig.defaults(List.of("PATH")),
                System.getenv(), List.of()).close();
        assertThat(Cgroups.detect(Path.of("/sys/fs/cgroup")).reap()).as("cgroups still left").isZero();
    }

    private static List<Long> canaries() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(CANARY))
                .map(ProcessHandle::pid)
                .toList();
    }
}
