package dev.drydock.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link dev.drydock.spi.WorkspaceProvider} must do. A provider's test extends this
 * class and implements {@link #createBackend(Path)}. A provider that cannot do something names it in
 * {@link #deviations()}, and the kit then checks the documented behaviour instead of skipping.
 */
public abstract class WorkspaceContract {
    /** What a provider may document as not doing. */
    public enum Deviation {
        /** A command that fails has no exit code and no standard output; its standard error comes from the provider's log. */
        FAILED_COMMAND_EXIT_CODE_UNKNOWN,
        /** A command past its time limit ends the workspace: later calls fail. */
        TIME_LIMIT_ENDS_WORKSPACE,
        /** One workspace at a time: a second one waits until the first is closed. */
        ONE_WORKSPACE_AT_A_TIME
    }

    protected java.util.Set<Deviation> deviations() {
        return java.util.EnumSet.noneOf(Deviation.class);
    }

    @TempDir
    protected Path temp;

    protected WorkspaceBackend backend;
    protected String repository;
    protected String firstCommit;
    protected String secondCommit;

    /** A backend to test, creating its workspaces (if it needs a folder) under {@code temp}. */
    protected abstract WorkspaceBackend createBackend(Path temp);

    @BeforeEach
    void setUpRepository() {
        Path repo = temp.resolve("origin");
        firstCommit = GitFixture.createRepository(repo, Map.of("README.md", "first\n", "src/app.txt", "v1\n"));
        secondCommit = GitFixture.commit(repo, Map.of("src/app.txt", "v2\n"), "second");
        repository = repo.toString();
        backend = createBackend(temp);
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    protected Workspace provision(String commit) {
        return backend.provision(new WorkspaceSpec("contract", repository, commit, Map.of("SPEC_VAR", "from-spec")));
    }

    protected static ExecResult run(Workspace workspace, String command) {
        return workspace.exec(ExecRequest.of(command, Duration.ofSeconds(30)));
    }

    @Test
    void checksOutThePinnedCommitNotTheNewest() {
        try (Workspace workspace = provision(firstCommit)) {
            assertThat(new String(workspace.readFile("src/app.txt"), StandardCharsets.UTF_8)).isEqualTo("v1\n");
            assertThat(run(workspace, "git rev-parse HEAD").stdout().strip()).isEqualTo(firstCommit);
        }
    }

    @Test
    void runsCommandsInTheProjectRootWithExitCodeAndBothStreams() {
        try (Workspace workspace = provision(secondCommit)) {
            ExecResult result = run(workspace, "cat src/app.txt; echo oops >&2; exit 3");
            if (deviations().contains(Deviation.FAILED_COMMAND_EXIT_CODE_UNKNOWN)) {
                assertThat(result.exitCode()).isEmpty();
                assertThat(result.stdout()).isEmpty();
                assertThat(result.stderr()).contains("oops");
            } else {
                assertThat(result.exitCode()).contains(3);
                assertThat(result.stdout()).isEqualTo("v2\n");
                assertThat(result.stderr()).isEqualTo("oops\n");
            }
            assertThat(result.timedOut()).isFalse();
            assertThat(result.succeeded()).isFalse();
            assertThat(run(workspace, "pwd").stdout().strip()).isEqualTo(workspace.projectRoot());
        }
    }

    @Test
    void passesSpecAndRequestEnvironmentWithRequestWinning() {
        try (Workspace workspace = provision(firstCommit)) {
            ExecRequest request = ExecRequest.of("echo \"$SPEC_VAR $REQUEST_VAR\"", Duration.ofSeconds(30))
                    .withEnv(Map.of("REQUEST_VAR", "from-request"));
            assertThat(workspace.exec(request).stdout()).isEqualTo("from-spec from-request\n");
            ExecRequest overriding = ExecRequest.of("echo \"$SPEC_VAR\"", Duration.ofSeconds(30))
                    .withEnv(Map.of("SPEC_VAR", "overridden"));
            assertThat(workspace.exec(overriding).stdout()).isEqualTo("overridden\n");
        }
    }

    @Test
    void runsInAGivenWorkingDirectory() {
        try (Workspace workspace = provision(firstCommit)) {
            ExecResult result = workspace.exec(new ExecRequest("cat app.txt", "src", Map.of(), Duration.ofSeconds(30), 4096));
            assertThat(result.stdout()).isEqualTo("v1\n");
        }
    }

    @Test
    void writesAndReadsFilesCreatingFolders() {
        try (Workspace workspace = provision(firstCommit)) {
            byte[] content = {0, 1, 2, (byte) 0xff, '\n'};
            workspace.writeFile("tests/deep/data.bin", content);
            assertThat(workspace.readFile("tests/deep/data.bin")).isEqualTo(content);
            try (java.io.InputStream in = workspace.openFile("tests/deep/data.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(workspace.exists("tests/deep/data.bin")).isTrue();
            assertThat(workspace.exists("tests/missing")).isFalse();
            assertThat(run(workspace, "wc -c < tests/deep/data.bin").stdout().strip()).isEqualTo("5");
        }
    }

    @Test
    void refusesPathsThatLeaveTheProjectRoot() {
        try (Workspace workspace = provision(firstCommit)) {
            for (String path : new String[] {"../outside.txt", "src/../../outside.txt", "/etc/passwd"}) {
                assertThatThrownBy(() -> workspace.writeFile(path, new byte[] {1}))
                        .isInstanceOf(DrydockException.class)
                        .hasMessageContaining(path)
                        .satisfies(e -> assertThat(((DrydockException) e).code()).isEqualTo(ErrorCode.WORKSPACE));
                assertThatThrownBy(() -> workspace.readFile(path)).isInstanceOf(DrydockException.class);
                assertThatThrownBy(() -> workspace.openFile(path)).isInstanceOf(DrydockException.class);
            }
            assertThat(run(workspace, "ln -s / escape").succeeded()).isTrue();
            assertThatThrownBy(() -> workspace.readFile("escape/etc/hostname"))
                    .isInstanceOf(DrydockException.class)
                    .hasMessageContaining("outside the project root");
            assertThatThrownBy(() -> workspace.writeFile("escape/tmp/drydock-escaped", new byte[] {1}))
                    .isInstanceOf(DrydockException.class);
        }
    }

    @Test
    void timeLimitKillsTheWholeProcessTree() {
        try (Workspace workspace = provision(firstCommit)) {
            Path marker = temp.resolve("survivor-" + System.nanoTime());
            // a grandchild that would write the marker after 3 s if it survived the kill
            String command = "(sleep 3 && touch '" + marker + "') & sleep 60";
            ExecResult result = workspace.exec(ExecRequest.of(command, Duration.ofMillis(500)));
            assertThat(result.timedOut()).isTrue();
            assertThat(result.exitCode()).isEmpty();
            assertThat(result.duration()).isLessThan(Duration.ofSeconds(30));
            sleep(Duration.ofSeconds(4));
            assertThat(marker).doesNotExist();
            if (deviations().contains(Deviation.TIME_LIMIT_ENDS_WORKSPACE)) {
                assertThatThrownBy(() -> run(workspace, "true")).isInstanceOf(DrydockException.class);
            } else {
                assertThat(run(workspace, "true").succeeded()).isTrue();
            }
        }
    }

    @Test
    void capsOutputKeepingHeadAndTail() {
        try (Workspace workspace = provision(firstCommit)) {
            String command = "echo FIRST-LINE; head -c 3000000 /dev/zero | tr '\\0' x; echo; echo LAST-LINE";
            ExecResult result = workspace.exec(ExecRequest.of(command, Duration.ofSeconds(60)).withOutputLimit(10_000));
            assertThat(result.exitCode()).contains(0);
            assertThat(result.stdout()).startsWith("FIRST-LINE").endsWith("LAST-LINE\n").contains("bytes of output dropped");
            assertThat(result.stdout().length()).isLessThan(10_200);
            assertThat(result.droppedBytes()).isGreaterThan(2_900_000);
        }
    }

    @Test
    void workspacesSideBySideDoNotInterfere() throws Exception {
        if (deviations().contains(Deviation.ONE_WORKSPACE_AT_A_TIME)) {
            Workspace first = provision(firstCommit);
            java.util.concurrent.CompletableFuture<Workspace> second =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> provision(secondCommit));
            sleep(Duration.ofSeconds(2));
            assertThat(second).as("the second workspace waits for the first").isNotDone();
            first.close();
            try (Workspace next = second.get(120, java.util.concurrent.TimeUnit.SECONDS)) {
                assertThat(new String(next.readFile("src/app.txt"), StandardCharsets.UTF_8)).isEqualTo("v2\n");
            }
            return;
        }
        try (Workspace first = provision(firstCommit); Workspace second = provision(secondCommit)) {
            assertThat(first.projectRoot()).isNotEqualTo(second.projectRoot());
            first.writeFile("src/app.txt", "changed\n".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(second.readFile("src/app.txt"), StandardCharsets.UTF_8)).isEqualTo("v2\n");
            assertThat(run(second, "git status --porcelain").stdout()).isEmpty();
            assertThat(run(first, "git status --porcelain").stdout()).contains("src/app.txt");
        }
    }

    @Test
    void closeDeletesTheWorkspaceAndIsIdempotent() {
        Workspace workspace = provision(firstCommit);
        String root = workspace.projectRoot();
        workspace.close();
        workspace.close();
        assertThat(Path.of(root)).doesNotExist();
        assertThatThrownBy(() -> run(workspace, "true")).isInstanceOf(DrydockException.class);
    }

    @Test
    void unknownCommitIsARepositoryError() {
        assertThatThrownBy(() -> provision("0123456789abcdef0123456789abcdef01234567"))
                .isInstanceOf(DrydockException.class)
                .satisfies(e -> assertThat(((DrydockException) e).code()).isEqualTo(ErrorCode.REPOSITORY));
    }

    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
