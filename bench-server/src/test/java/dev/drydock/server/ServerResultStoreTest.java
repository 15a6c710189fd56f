package dev.drydock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.api.RunResult;
import dev.drydock.api.Secret;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.ResultStoreProvider;
import dev.drydock.spi.RunQuery;
import dev.drydock.testkit.ResultStoreContract;
import dev.drydock.testkit.SampleResults;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code server} store against a real results server (SQLite), through the contract kit and while the server is down. */
class ServerResultStoreTest extends ResultStoreContract {
    private final Map<Path, ResultsServer> servers = new HashMap<>();
    private final Map<Path, String> tokens = new HashMap<>();

    @Override
    protected Set<Deviation> deviations() {
        return Set.of(Deviation.FIRST_RESULT_WINS);
    }

    private synchronized ResultsServer server(Path folder) {
        return servers.computeIfAbsent(folder, f -> {
            ResultsServer server = ResultsServer.start(ServerSettings.defaults("jdbc:sqlite:" + f.resolve("server.db")).withPort(0)
                    .withLimits(1 << 20, 1000, 16, Duration.ofSeconds(10)));
            tokens.put(f, new SubmitTokens(server.store(), Clock.systemUTC()).create("test"));
            return server;
        });
    }

    @Override
    protected ResultStore openStore(Path folder) {
        ResultsServer server = server(folder);
        return new ServerResultStore(new ResultsClient(server.uri(), Optional.of(Secret.of(tokens.get(folder))), Duration.ofSeconds(10)),
                folder.resolve("spool"), Duration.ofSeconds(5));
    }

    @AfterEach
    void stopServers() {
        servers.values().forEach(ResultsServer::close);
    }

    @Test
    void resultsWaitInTheSpoolWhileTheServerIsDownAndArriveWhenItIsBack() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path spool = temp.resolve("spool");
        String url = "jdbc:sqlite:" + temp.resolve("later.db");
        String token;
        // the token exists in the database before the server first starts
        try (var store = new dev.drydock.store.sql.SqlResultStore(url, Optional.empty(), Optional.empty(), 1, Duration.ofSeconds(5))) {
            token = new SubmitTokens(store, Clock.systemUTC()).create("ci");
        }
        ResultsClient client = new ResultsClient(URI.create("http://127.0.0.1:" + port), Optional.of(Secret.of(token)),
                Duration.ofSeconds(2));
        List<RunResult> made = List.of(SampleResults.completed("run-1", "a", "r", 1), SampleResults.completed("run-2", "a", "r", 2));
        try (ServerResultStore store = new ServerResultStore(client, spool, Duration.ofMillis(600))) {
            store.verifyWritable(); // a server that is down is not a reason to refuse the runs
            store.save(made.get(0));
            assertThat(spool.resolve("run-1.json")).exists();
            try (ResultsServer server = ResultsServer.start(ServerSettings.defaults(url).withPort(port))) {
                store.save(made.get(1)); // sends what waited, then this one
                assertThat(spool.resolve("run-1.json")).doesNotExist();
                assertThat(spool.resolve("run-2.json")).doesNotExist();
                assertThat(server.store().list(RunQuery.ALL)).containsExactlyElementsOf(made);
                assertThat(store.list(RunQuery.ALL)).containsExactlyElementsOf(made);
            }
        }
    }

    @Test
    void aResultTheServerRefusesIsKeptWithTheReasonAndTheSaveFails() throws Exception {
        try (ResultStore store = openStore(temp)) {
            store.save(SampleResults.completed("run-1", "a", "r", 1));
            assertThatThrownBy(() -> store.save(SampleResults.completed("run-1", "b", "r", 1)))
                    .isInstanceOf(DrydockException.class).hasMessageContaining("refused run run-1");
        }
        assertThat(temp.resolve("spool/refused/run-1.json")).exists();
        assertThat(Files.readString(temp.resolve("spool/refused/run-1.json.why"))).startsWith("HTTP 409");
    }

    @Test
    void aRevokedTokenFailsTheCheckBeforeAnyRun() {
        ResultsServer server = server(temp);
        new SubmitTokens(server.store(), Clock.systemUTC()).revoke("test");
        try (ResultStore store = openStore(temp)) {
            assertThatThrownBy(store::verifyWritable).isInstanceOf(DrydockException.class).hasMessageContaining("unknown or revoked");
        }
    }

    @Test
    void spoolFileNamesAreSafeAndDistinct() {
        assertThat(ServerResultStore.fileName("20260101T000000-abc")).isEqualTo("20260101T000000-abc.json");
        assertThat(ServerResultStore.fileName("../x")).doesNotContain("/").isNotEqualTo(ServerResultStore.fileName("../y"));
    }

    @Test
    void providerIsRegistered() {
        assertThat(ServiceLoader.load(ResultStoreProvider.class).stream().map(p -> p.get().name())).contains("server");
    }
}
