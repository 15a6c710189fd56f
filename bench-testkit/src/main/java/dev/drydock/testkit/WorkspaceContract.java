package dev.drydock.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        ONE_WORKSPACE_AT_A_TIME,
        /**
         * No sandbox: commands see drydock's machine as drydock does. The workspace must say so in
         * {@link Workspace#isolation()} (what is not enforced), and the sandbox section checks that instead.
         */
        NO_SANDBOX
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
            ExecResult result = workspace.exec(new ExecRequest("cat app.txt", "src", Map.of(), Duration.ofSeconds(30), 4096, ExecPhase.MEASURE));
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
            // a grandchild that would write the marker after 3 s if it survived the kill
            String command = "(sleep 3 && touch survivor) & sleep 60";
            ExecResult result = workspace.exec(ExecRequest.of(command, Duration.ofMillis(500)));
            assertThat(result.timedOut()).isTrue();
            assertThat(result.exitCode()).isEmpty();
            assertThat(result.duration()).isLessThan(Duration.ofSeconds(30));
            sleep(Duration.ofSeconds(4));
            if (deviations().contains(Deviation.TIME_LIMIT_ENDS_WORKSPACE)) {
                assertThatThrownBy(() -> run(workspace, "true")).isInstanceOf(DrydockException.class);
            } else {
                assertThat(workspace.exists("survivor")).as("a grandchild outlived the time limit").isFalse();
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

    // ---- the sandbox: what an agent's command must not see, change or leave behind ----

    /** Runs the sandbox checks, or for a provider that documents {@link Deviation#NO_SANDBOX}, checks that it says so. */
    private boolean sandboxed(Workspace workspace) {
        if (deviations().contains(Deviation.NO_SANDBOX)) {
            assertThat(workspace.isolation().notEnforced()).as("a workspace without a sandbox says what it does not enforce")
                    .isNotEmpty();
            return false;
        }
        assertThat(workspace.isolation().sandbox()).isNotEqualTo("none");
        return true;
    }

    private static ExecResult agent(Workspace workspace, String command) {
        return workspace.exec(ExecRequest.of(command, Duration.ofSeconds(60)).inPhase(ExecPhase.AGENT));
    }

    @Test
    void sandboxHidesDrydocksProcessesAndTheirEnvironment() throws Exception {
        String canary = "drydock-canary-" + System.nanoTime();
        ProcessBuilder host = new ProcessBuilder("sleep", "120");
        host.environment().put("DRYDOCK_CANARY_KEY", canary);
        Process hostProcess = host.start();
        try (Workspace workspace = provision(firstCommit)) {
            if (!sandboxed(workspace)) {
                return;
            }
            ExecResult hunt = agent(workspace, "cat /proc/*/environ /proc/*/cmdline 2>/dev/null | tr '\\0' '\\n'; "
                    + "ls /proc | grep -c '^[0-9]'; cat /proc/" + ProcessHandle.current().pid() + "/cmdline 2>/dev/null");
            assertThat(hunt.stdout()).doesNotContain(canary).doesNotContain("surefire");
            assertThat(agent(workspace, "kill -0 " + hostProcess.pid()).succeeded()).as("a host process is reachable").isFalse();
        } finally {
            hostProcess.destroyForcibly();
        }
    }

    @Test
    void sandboxRunsAsANonRootUser() {
        try (Workspace workspace = provision(firstCommit)) {
            if (sandboxed(workspace)) {
                assertThat(agent(workspace, "id -u").stdout().strip()).isNotEqualTo("0");
                assertThat(workspace.isolation().enforced()).contains("non-root-user");
            }
        }
    }

    @Test
    void sandboxSeesNothingOfTheHostOutsideTheCheckoutButSystemFolders() throws Exception {
        Path secret = temp.resolve("drydock-store.json");
        java.nio.file.Files.writeString(secret, "stored results");
        try (Workspace workspace = provision(firstCommit)) {
            if (!sandboxed(workspace)) {
                return;
            }
            ExecResult read = agent(workspace, "cat '" + secret + "'; ls '" + temp + "'; ls \"$HOME\"/..; cat /etc/shadow");
            assertThat(read.stdout()).doesNotContain("stored results").doesNotContain("drydock-store.json")
                    .doesNotContain("root:");
            assertThat(agent(workspace, "test -x /bin/sh && git --version").succeeded()).as("system tools are there").isTrue();
        }
    }

    @Test
    void sandboxWritesOnlyItsCheckoutHomeAndTmp() throws Exception {
        Path outside = temp.resolve("outside.txt");
        java.nio.file.Files.writeString(outside, "original");
        String hostTmp = "/tmp/drydock-sandbox-escape-" + System.nanoTime();
        try (Workspace workspace = provision(firstCommit)) {
            if (!sandboxed(workspace)) {
                return;
            }
            agent(workspace, "echo forged > '" + outside + "'; echo x > /usr/drydock-escape; echo x > '" + hostTmp + "'");
            assertThat(java.nio.file.Files.readString(outside)).isEqualTo("original");
            assertThat(Path.of("/usr/drydock-escape")).doesNotExist();
            assertThat(Path.of(hostTmp)).as("the sandbox's /tmp is its own").doesNotExist();
            assertThat(agent(workspace, "echo ok > written.txt && echo ok > \"$HOME/h\" && echo ok > /tmp/t && cat /tmp/t")
                    .stdout()).isEqualTo("ok\n");
            assertThat(workspace.readFile("written.txt")).isEqualTo("ok\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The replay's test process: the checkout read-only but for the runner's output folders, which
     * an agent's symbolic link cannot redirect and through which no read-only file can be linked.
     */
    @Test
    void readOnlyPathsHoldButForTheWritableOnes() {
        try (Workspace workspace = provision(firstCommit)) {
            if (!workspace.isolation().enforced().contains("read-only-paths")) {
                assertThat(String.join("\n", workspace.isolation().notEnforced()))
                        .as("a workspace that cannot make paths read-only says so").contains("read-only-paths");
                return;
            }
            agent(workspace, "ln -s src out");
            ExecRequest restricted = ExecRequest.of("echo forged > src/app.txt; echo new > src/new.txt; "
                            + "ln src/app.txt out/link; rm -f README.md; echo raw > out/data && cat out/data", Duration.ofSeconds(60))
                    .withWriteAccess(List.of("."), List.of("out"));
            ExecResult run = workspace.exec(restricted);
            assertThat(run.stdout()).isEqualTo("raw\n");
            assertThat(new String(workspace.readFile("src/app.txt"), StandardCharsets.UTF_8)).isEqualTo("v1\n");
            assertThat(workspace.exists("src/new.txt")).isFalse();
            assertThat(workspace.exists("README.md")).isTrue();
            assertThat(workspace.exists("out/link")).as("a hard link across the mounts").isFalse();
            assertThat(workspace.exists("out/data")).isTrue();
            assertThat(workspace.exists("src/data")).as("the agent's link did not carry the writable folder into src").isFalse();
            assertThat(agent(workspace, "echo later > src/app.txt && cat src/app.txt").stdout())
                    .as("other commands write as before").isEqualTo("later\n");
        }
    }

    /**
     * A creatable folder (vite 5 writes a bundled config beside the config file): new files there,
     * but what was there can be neither changed, removed nor renamed, its subfolders stay read-only,
     * and one holding a symbolic link stays read-only as a whole.
     */
    @Test
    void creatableFoldersTakeNewFilesButKeepWhatIsThere() {
        try (Workspace workspace = provision(firstCommit)) {
            if (!workspace.isolation().enforced().contains("read-only-paths")) {
                return;
            }
            agent(workspace, "mkdir -p src/sub linked && echo inner > src/sub/inner.txt && ln -s ../src linked/to-src");
            ExecResult run = workspace.exec(ExecRequest.of("echo new > src/new.txt; echo forged > src/app.txt; rm -f src/app.txt;"
                            + " mv src/sub src/moved; echo forged > src/sub/inner.txt; echo x > src/sub/more.txt;"
                            + " echo y > linked/new.txt; echo z > top.txt; cat src/new.txt", Duration.ofSeconds(60))
                    .withWriteAccess(List.of("."), List.of(), List.of("src", "linked", "missing")));
            assertThat(run.stdout()).isEqualTo("new\n");
            assertThat(new String(workspace.readFile("src/app.txt"), StandardCharsets.UTF_8)).isEqualTo("v1\n");
            assertThat(new String(workspace.readFile("src/sub/inner.txt"), StandardCharsets.UTF_8)).isEqualTo("inner\n");
            assertThat(workspace.exists("src/moved")).isFalse();
            assertThat(workspace.exists("src/sub/more.txt")).as("a subfolder stays read-only").isFalse();
            assertThat(workspace.exists("linked/new.txt")).as("a folder with a link stays read-only").isFalse();
            assertThat(workspace.exists("top.txt")).isFalse();
            assertThat(workspace.exists("missing")).as("a creatable folder is never created").isFalse();
        }
    }

    @Test
    void sandboxCannotSeeAnotherWorkspace() {
        if (deviations().contains(Deviation.ONE_WORKSPACE_AT_A_TIME)) {
            return; // never two at once
        }
        try (Workspace first = provision(firstCommit); Workspace second = provision(secondCommit)) {
            if (!sandboxed(first)) {
                return;
            }
            ExecResult look = agent(first, "cat '" + second.projectRoot() + "/src/app.txt'; ls '" + second.projectRoot() + "'");
            assertThat(look.stdout()).doesNotContain("v2").doesNotContain("README.md");
            assertThat(agent(first, "echo poison > '" + second.projectRoot() + "/src/app.txt'").succeeded()).isFalse();
            assertThat(new String(second.readFile("src/app.txt"), StandardCharsets.UTF_8)).isEqualTo("v2\n");
        }
    }

    @Test
    void noProcessOutlivesItsCommandDaemonsIncluded() {
        try (Workspace workspace = provision(firstCommit)) {
            if (!sandboxed(workspace)) {
                return;
            }
            // every way out of a process group a shell offers: background, nohup, setsid, double fork, disown
            String daemons = "beat() { while true; do echo x >> \"$1\"; sleep 0.1; done; }; "
                    + "beat bg.log & nohup bash -c 'while true; do echo x >> nohup.log; sleep 0.1; done' >/dev/null 2>&1 & "
                    + "setsid bash -c 'while true; do echo x >> setsid.log; sleep 0.1; done' >/dev/null 2>&1 < /dev/null & "
                    + "( ( while true; do echo x >> double.log; sleep 0.1; done ) & ) ; disown -a; sleep 0.5; echo started";
            ExecResult started = agent(workspace, daemons);
            assertThat(started.stdout()).contains("started");
            sleep(Duration.ofMillis(500));
            Map<String, Integer> sizes = new java.util.TreeMap<>();
            for (String log : new String[] {"bg.log", "nohup.log", "setsid.log", "double.log"}) {
                sizes.put(log, workspace.readFile(log).length);
            }
            sleep(Duration.ofSeconds(1));
            for (String log : sizes.keySet()) {
                assertThat(workspace.readFile(log).length).as(log + " still grows: its daemon survived").isEqualTo(sizes.get(log));
            }
            assertThat(workspace.isolation().enforced()).contains("processes-end-with-command");
        }
    }

    /**
     * A public class with a no-argument constructor that makes this provider's backend in a fresh
     * JVM, for the {@code kill -9} check; empty skips it only for providers with {@link Deviation#NO_SANDBOX}.
     */
    protected java.util.Optional<Class<? extends java.util.function.Function<Path, WorkspaceBackend>>> backendInAnotherJvm() {
        return java.util.Optional.empty();
    }

    /** The drydock that gets killed: makes a backend, provisions a workspace and runs a daemon-leaving agent command. */
    public static void main(String[] args) throws Exception {
        @SuppressWarnings("unchecked")
        java.util.function.Function<Path, WorkspaceBackend> factory = (java.util.function.Function<Path, WorkspaceBackend>)
                Class.forName(args[0]).getDeclaredConstructor().newInstance();
        WorkspaceBackend backend = factory.apply(Path.of(args[1]));
        Workspace workspace = backend.provision(new WorkspaceSpec("kill9", args[2], args[3], Map.of()));
        String canary = args[4];
        String command = "setsid bash -c 'exec -a " + canary + " sleep 300' > /dev/null 2>&1 < /dev/null & "
                + "( ( exec -a " + canary + " sleep 300 ) > /dev/null 2>&1 & ); exec -a " + canary + " sleep 300";
        System.out.println("started " + workspace.id());
        System.out.flush();
        workspace.exec(ExecRequest.of(command, Duration.ofMinutes(5)).inPhase(ExecPhase.AGENT));
    }

    @Test
    void killMinus9OfDrydockLeavesNoProcessOfTheCommandBehind() throws Exception {
        if (deviations().contains(Deviation.NO_SANDBOX)) {
            return; // such a provider says in isolation() that processes may outlive a command
        }
        Class<?> factory = backendInAnotherJvm().orElseThrow(() -> new AssertionError(
                "a sandboxing provider's contract test must give backendInAnotherJvm() for the kill -9 check"));
        String canary = "drydock-kill9-canary-" + System.nanoTime();
        String javaBinary = ProcessHandle.current().info().command().orElse("java");
        Process drydock = new ProcessBuilder(javaBinary, "-cp", System.getProperty("java.class.path"), WorkspaceContract.class.getName(),
                factory.getName(), temp.resolve("kill9").toString(), repository, firstCommit, canary)
                .redirectError(temp.resolve("kill9.err").toFile()).start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(drydock.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("the child drydock started (see kill9.err)").startsWith("started");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // the child drydock's own command line names the canary too
            java.util.function.Supplier<java.util.List<Long>> commands = () -> Processes.named(canary).stream()
                    .filter(pid -> pid != drydock.pid()).toList();
            while (commands.get().size() < 3 && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(100));
            }
            assertThat(commands.get()).as("the command and its two daemons run").hasSizeGreaterThanOrEqualTo(3);

            new ProcessBuilder("kill", "-9", String.valueOf(drydock.pid())).start().waitFor();
            drydock.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Processes.named(canary).isEmpty() && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(100));
            }
            assertThat(Processes.named(canary)).as("processes left after kill -9 of drydock").isEmpty();
        } finally {
            drydock.destroyForcibly();
            Processes.named(canary).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void recordedMemoryLimitHolds() {
        try (Workspace workspace = provision(firstCommit)) {
            if (!sandboxed(workspace)) {
                return;
            }
            java.util.Optional<Long> limit = workspace.isolation().memoryLimitBytes();
            if (limit.isEmpty()) {
                assertThat(workspace.isolation().notEnforced()).anyMatch(reason -> reason.startsWith("memory-limit"));
                return;
            }
            // tail keeps a last line that never ends in memory: twice the limit cannot fit
            long twice = Math.min(limit.get() * 2, 16L << 30);
            ExecResult hog = agent(workspace, "head -c " + twice + " /dev/zero | tail -n 1 > /dev/null");
            assertThat(hog.succeeded()).as("a command allocating twice the memory limit was not stopped").isFalse();
            assertThat(agent(workspace, "echo alive").stdout()).as("the workspace works after it").isEqualTo("alive\n");
        }
    }

    /**
     * A service of drydock's on the host's loopback (the LLM proxy, say), given to the agent as {@link
     * Workspace#reach} maps it: reachable unless the agent's network is {@code none}.
     */
    @Test
    void recordedNetworkPolicyIsWhatTheAgentGets() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                Workspace workspace = provision(firstCommit)) {
            if (!sandboxed(workspace)) {
                return;
            }
            String policy = workspace.isolation().network().get(ExecPhase.AGENT.label());
            assertThat(policy).isIn("open", "proxy-only", "none");
            java.net.URI service = workspace.reach(java.net.URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1"));
            boolean reached = agent(workspace, "exec 3<>/dev/tcp/" + service.getHost() + "/" + service.getPort()).succeeded();
            if (policy.equals("none")) {
                assertThat(reached).as("an agent with network none reached drydock's service").isFalse();
            } else {
                assertThat(reached).as("an agent with network " + policy + " could not reach drydock's service at " + service)
                        .isTrue();
            }
        }
    }

    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
