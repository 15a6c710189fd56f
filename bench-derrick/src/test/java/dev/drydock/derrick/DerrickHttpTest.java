package dev.drydock.derrick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.derrick.FakeDerrick.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every Derrick endpoint and every way it answers, against a loopback fake: what the SPI makes of it. */
class DerrickHttpTest {
    private FakeDerrick derrick;
    private DerrickClient client;
    private final List<String> lifecycle = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        derrick = new FakeDerrick();
        client = new DerrickClient(derrick.url());
    }

    @AfterEach
    void stop() throws Exception {
        derrick.close();
    }

    private DerrickWorkspace workspace(DerrickConfig.Mode mode) {
        return new DerrickWorkspace("run-1", client, mode, "ws-1", mode == DerrickConfig.Mode.DOCKER ? "/repo" : "/tmp/x/repo",
                Map.of("SPEC", "spec"), new DerrickWorkspace.Lifecycle() {
                    @Override
                    public long logSize() {
                        return 0;
                    }

                    @Override
                    public String logSince(long offset) {
                        return "WARN Command failed stdout=\"partial\\n\" stderr=\"boom\\n\"";
                    }

                    @Override
                    public void end() {
                        lifecycle.add("end");
                    }

                    @Override
                    public void close() {
                        lifecycle.add("close");
                    }
                });
    }

    /** realpath answers for the path checks, then {@code answer} for everything else. */
    private void script(java.util.function.Function<FakeDerrick.Call, Reply> answer) {
        derrick.script(call -> {
            String command = call.body().path("cmd").asText("");
            if (command.startsWith("realpath -m -- ")) {
                String path = command.substring("realpath -m -- ".length()).replace("'", "");
                return Reply.json(200, "{\"output\":\"/root/" + path + "\\n\",\"exit_code\":0}");
            }
            return answer.apply(call);
        });
    }

    @Test
    void aCommandGetsItsEnvironmentFolderAndTimeLimitAndReturnsOutputAndExitCode() {
        script(call -> Reply.json(200, "{\"output\":\"hello\\n\",\"exit_code\":0}"));
        ExecResult result = workspace(DerrickConfig.Mode.LOCAL).exec(
                new ExecRequest("echo hello", "src", Map.of("REQ", "req"), Duration.ofSeconds(90), 4096, ExecPhase.MEASURE));

        assertThat(result.exitCode()).contains(0);
        assertThat(result.stdout()).isEqualTo("hello\n");
        FakeDerrick.Call call = derrick.calls().get(0);
        assertThat(call.path()).isEqualTo("/workspaces/ws-1/cmd_with_output");
        assertThat(call.body().get("cmd").asText()).isEqualTo("echo hello");
        assertThat(call.body().get("working_dir").asText()).isEqualTo("repo/src");
        assertThat(call.body().get("timeout").asLong()).isEqualTo(90);
        assertThat(call.body().get("env").get("SPEC").asText()).isEqualTo("spec");
        assertThat(call.body().get("env").get("REQ").asText()).isEqualTo("req");
    }

    @Test
    void aFailedCommandIsHttp500WithoutExitCodeAndCarriesDerricksLog() {
        script(call -> Reply.internalError());
        ExecResult result = workspace(DerrickConfig.Mode.LOCAL).exec(ExecRequest.of("exit 3", Duration.ofSeconds(5)));

        assertThat(result.exitCode()).isEmpty();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr()).contains("Derrick does not report the exit code").contains("stderr=\"boom\\n\"");
    }

    @Test
    void aCommandPastItsTimeLimitEndsTheWorkspace() {
        script(call -> Reply.json(200, "{\"output\":\"\",\"exit_code\":0}").after(Duration.ofSeconds(3)));
        DerrickWorkspace workspace = workspace(DerrickConfig.Mode.LOCAL);
        ExecResult result = workspace.exec(ExecRequest.of("sleep 60", Duration.ofMillis(300)));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEmpty();
        assertThat(result.stderr()).contains("Derrick cannot stop a command, so drydock stopped Derrick");
        assertThat(lifecycle).containsExactly("end");
        assertThatThrownBy(() -> workspace.exec(ExecRequest.of("true", Duration.ofSeconds(5))))
                .hasMessageContaining("has ended: a command ran past its time limit");
    }

    @Test
    void aDerrickThatHangsUpIsAWorkspaceErrorWithItsLog() {
        script(call -> Reply.hangingUp());
        assertThatThrownBy(() -> workspace(DerrickConfig.Mode.LOCAL).exec(ExecRequest.of("true", Duration.ofSeconds(5))))
                .isInstanceOf(DrydockException.class)
                .hasMessageContaining("derrick stopped answering in workspace run-1")
                .hasMessageContaining("Command failed")
                .satisfies(e -> assertThat(((DrydockException) e).code()).isEqualTo(ErrorCode.WORKSPACE));
    }

    @Test
    void filesGoAsBase64AndComeBackAsRawBytes() {
        byte[] content = {0, 1, (byte) 0xfe, '\n'};
        script(call -> call.path().endsWith("/read_file") ? Reply.bytes(content) : Reply.json(200, "{\"success\":true}"));
        DerrickWorkspace workspace = workspace(DerrickConfig.Mode.LOCAL);
        workspace.writeFile("tests/data.bin", content);
        assertThat(workspace.readFile("tests/data.bin")).isEqualTo(content);

        FakeDerrick.Call write = derrick.calls().stream().filter(c -> c.path().endsWith("/write_file")).findFirst().orElseThrow();
        assertThat(write.body().get("path").asText()).isEqualTo("repo/tests/data.bin");
        assertThat(Base64.getDecoder().decode(write.body().get("content").asText())).isEqualTo(content);
        assertThat(write.body().get("content").asText()).doesNotContain("\n");
    }

    @Test
    void fileErrorsNameThePathAndBadPathsNeverReachDerrick() {
        script(call -> Reply.internalError());
        DerrickWorkspace workspace = workspace(DerrickConfig.Mode.LOCAL);
        assertThatThrownBy(() -> workspace.readFile("missing.txt")).hasMessageContaining("cannot read missing.txt")
                .hasMessageContaining("HTTP 500");
        assertThatThrownBy(() -> workspace.writeFile("x.txt", new byte[1])).hasMessageContaining("cannot write x.txt");
        int before = derrick.calls().size();
        assertThatThrownBy(() -> workspace.readFile("/etc/passwd")).hasMessageContaining("absolute paths are not allowed");
        assertThatThrownBy(() -> workspace.writeFile("../out", new byte[1])).hasMessageContaining("outside the project root");
        assertThat(derrick.calls()).hasSize(before);
    }

    @Test
    void existenceIsAskedWithACommandThatAlwaysSucceeds() {
        script(call -> Reply.json(200, "{\"output\":\"" + (call.body().get("cmd").asText().contains("there") ? "yes" : "no")
                + "\\n\",\"exit_code\":0}"));
        DerrickWorkspace workspace = workspace(DerrickConfig.Mode.LOCAL);
        assertThat(workspace.exists("there.txt")).isTrue();
        assertThat(workspace.exists("gone.txt")).isFalse();
    }

    @Test
    void dockerModeChangesFolderInTheCommandAndReportsTimeoutsByExitCode124() {
        script(call -> Reply.json(200, "{\"output\":\"x\",\"exit_code\":" + (call.body().path("cmd").asText().contains("sleep")
                ? 124 : 0) + "}"));
        DerrickWorkspace workspace = workspace(DerrickConfig.Mode.DOCKER);
        assertThat(workspace.exec(new ExecRequest("make", "sub dir", Map.of(), Duration.ofSeconds(10), 4096, ExecPhase.MEASURE)).exitCode())
                .contains(0);
        FakeDerrick.Call call = derrick.calls().get(0);
        assertThat(call.body().get("cmd").asText()).isEqualTo("cd '/repo/sub dir' && make");
        assertThat(call.body().has("working_dir")).isFalse();
        ExecResult slow = workspace.exec(ExecRequest.of("sleep 99", Duration.ofSeconds(1)));
        assertThat(slow.timedOut()).isTrue();
        assertThat(slow.exitCode()).isEmpty();
        workspace.readFile("a.txt");
        assertThat(derrick.calls().get(derrick.calls().size() - 1).body().get("path").asText()).isEqualTo("/repo/a.txt");
    }

    @Test
    void theOtherEndpointsAndTheirFailures() {
        derrick.script(call -> switch (call.method() + " " + call.path()) {
            case "GET /health" -> Reply.json(200, "{\"healthy\":true}");
            case "POST /workspaces" -> Reply.json(200, "{\"id\":\"abc\"}");
            case "GET /workspaces" -> Reply.json(200, "{\"workspaces\":[{\"id\":\"abc\"}]}");
            case "DELETE /workspaces/abc" -> Reply.hangingUp(); // what local mode's panic looks like
            case "DELETE /workspaces/def" -> Reply.json(200, "true");
            default -> Reply.json(400, "{\"message\":\"bad request\"}");
        });
        assertThat(client.healthy()).isTrue();
        DerrickClient.Answer created = client.createWorkspace(Map.of("A", "1"), Duration.ofSeconds(5));
        assertThat(created.json().get("id").asText()).isEqualTo("abc");
        assertThat(derrick.calls().get(1).body().get("env").get("A").asText()).isEqualTo("1");
        assertThat(client.listWorkspaces().json().at("/workspaces/0/id").asText()).isEqualTo("abc");
        assertThat(client.deleteWorkspace("abc").noAnswer()).hasValueSatisfying(why -> assertThat(why).startsWith("no answer"));
        assertThat(client.deleteWorkspace("def").ok()).isTrue();
        DerrickClient.Answer bad = client.command("abc", "x", Optional.empty(), Map.of(), Optional.empty(), Duration.ofSeconds(5));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).isEqualTo("HTTP 400 {\"message\":\"bad request\"}");
        derrick.script(call -> Reply.json(503, "{}"));
        assertThat(client.healthy()).isFalse();
        assertThat(new String(client.readFile("abc", "x").body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }
}
