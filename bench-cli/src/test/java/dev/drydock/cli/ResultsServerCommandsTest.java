package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.RunResult;
import dev.drydock.server.ResultsServer;
import dev.drydock.server.ServerSettings;
import dev.drydock.spi.RunQuery;
import dev.drydock.store.json.RunResultJson;
import dev.drydock.testkit.SampleResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drydock token}, {@code submit} and {@code report --html --compare} against a real server and files. */
class ResultsServerCommandsTest {
    @TempDir
    Path temp;

    @Test
    void aTokenMadeOnTheCommandLineSubmitsStoredResultsUntilItIsRevoked() throws Exception {
        String database = "jdbc:sqlite:" + temp.resolve("server.db");
        CliRun create = CliRun.of("token", "create", "ci", "--database", database);
        assertThat(create.exitCode()).as(create.err()).isZero();
        String token = create.out().strip();
        assertThat(token).startsWith("ddk_").hasSizeGreaterThan(40);
        assertThat(create.err()).contains("shown only now").doesNotContain(token);
        assertThat(CliRun.of("token", "create", "ci", "--database", database).exitCode()).isEqualTo(2);

        List<RunResult> results = List.of(SampleResults.completed("run-1", "agent-a", "repo-x", 1),
                SampleResults.testRunning("run-2", "agent-b", "repo-x", 2));
        Path file = temp.resolve("results.json");
        Files.writeString(file, RunResultJson.toJsonArray(results));
        try (ResultsServer server = ResultsServer.start(ServerSettings.defaults(database).withPort(0))) {
            String url = server.uri().toString();
            CliRun submit = CliRun.of("submit", file.toString(), "--server", url, "--token", token);
            assertThat(submit.exitCode()).as(submit.out() + submit.err()).isZero();
            assertThat(submit.out()).contains("submitted 2 results to " + url + ": 2 stored, 0 already there, 0 not stored");
            assertThat(CliRun.of("submit", file.toString(), "--server", url, "--token", token).out())
                    .contains("0 stored, 2 already there");
            assertThat(server.store().list(RunQuery.ALL)).containsExactlyElementsOf(results);

            assertThat(CliRun.of("token", "revoke", "ci", "--database", database).exitCode()).isZero();
            CliRun refused = CliRun.of("submit", file.toString(), "--server", url, "--token", token);
            assertThat(refused.exitCode()).isEqualTo(3);
            assertThat(refused.out()).contains("refused (HTTP 401)").contains("2 not stored");
        }
        assertThat(CliRun.of("token", "revoke", "ci", "--database", database).exitCode()).isEqualTo(2);
    }

    @Test
    void theReportWritesOneSelfContainedHtmlFileAndComparesTwoAgents() throws Exception {
        Path file = temp.resolve("results.json");
        Files.writeString(file, RunResultJson.toJsonArray(List.of(SampleResults.completed("run-1", "agent-a", "repo-x", 1),
                SampleResults.completed("run-2", "agent-b", "repo-x", 2))));
        Path html = temp.resolve("out/report.html");
        CliRun report = CliRun.of("report", file.toString(), "--html", html.toString(), "--compare", "agent-a", "agent-b");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("agent-a against agent-b (test-writing, paired by repository and target):")
                .contains("mean difference +0.0 pp (one pair: no interval)")
                .contains("report: " + html);
        String page = Files.readString(html);
        assertThat(page).contains("window.DRYDOCK_DATA = {").contains("\"runId\":\"run-2\"").contains("<style>")
                .doesNotContain("src=\"/app.js\"").doesNotContain("href=\"/style.css\"");
    }
}
