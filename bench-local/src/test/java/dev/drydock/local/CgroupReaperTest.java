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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record a {@code kill -9} of drydock leaves: the workspace's cgroup. The next drydock's
 * backend removes it (killing anything still in it). The processes themselves are the contract
 * kit's {@code kill -9} check.
 */
class CgroupReaperTest {
    @TempDir
    Path temp;

    /** The drydock that gets killed: a workspace whose command sleeps. */
    public static void main(String[] args) throws Exception {
        LocalWorkspaceBackend backend = new LocalWorkspaceBackend(Path.of(args[0]),
                LocalWorkspaceConfig.defaults(List.of("PATH")), System.getenv(), List.of(), Path.of(args[0]));
        Workspace workspace = backend.provision(new WorkspaceSpec("reap", args[1], args[2], Map.of()));
        System.out.println(workspace.id());
        System.out.flush();
        workspace.exec(ExecRequest.of("sleep 300", Duration.ofMinutes(5)).inPhase(ExecPhase.AGENT));
    }

    @Test
    void theNextDrydockReapsTheCgroupOfAKilledOne() throws Exception {
        Assumptions.assumeTrue(Cgroups.detect(Path.of("/sys/fs/cgroup")).available(),
                "drydock may create no cgroup on this machine, so there is nothing to reap");
        Path origin = temp.resolve("origin");
        String commit = GitFixture.createRepository(origin, Map.of("README.md", "x\n"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process drydock = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CgroupReaperTest.class.getName(),
                temp.resolve("workspaces").toString(), origin.toString(), commit)
                .redirectError(temp.resolve("drydock.err").toFile()).start();
        String workspace;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(drydock.getInputStream(), StandardCharsets.UTF_8))) {
            workspace = out.readLine();
        }
        assertThat(workspace).as(Files.readString(temp.resolve("drydock.err"))).isNotNull();
        List<Path> left = groups(drydock.pid());
        new ProcessBuilder("kill", "-9", String.valueOf(drydock.pid())).start().waitFor();
        drydock.waitFor(10, TimeUnit.SECONDS);

        new LocalWorkspaceBackend(temp.resolve("workspaces"), LocalWorkspaceConfig.defaults(List.of("PATH")),
                System.getenv(), List.of(), temp).close();

        assertThat(left).as("the killed drydock's workspace had cgroups").isNotEmpty();
        assertThat(left).allSatisfy(group -> assertThat(group).doesNotExist());
    }

    /** The cgroups a drydock process made, on v1 or v2. */
    private static List<Path> groups(long pid) throws Exception {
        List<Path> found = new java.util.ArrayList<>();
        for (Path parent : List.of(Path.of("/sys/fs/cgroup/drydock"), Path.of("/sys/fs/cgroup/memory/drydock"),
                Path.of("/sys/fs/cgroup/pids/drydock"))) {
            if (Files.isDirectory(parent)) {
                try (var children = Files.list(parent)) {
                    children.filter(p -> p.getFileName().toString().startsWith(pid + "-")).forEach(found::add);
                }
            }
        }
        return found;
    }
}
