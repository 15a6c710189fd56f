package dev.drydock.cli;

import dev.drydock.server.ResultsServer;
import dev.drydock.server.ServerSettings;
import dev.drydock.spi.MemorySize;
import dev.drydock.store.sql.SqlResultStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drydock serve --database URL}: the results server and its leaderboard page, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves the results API and the leaderboard page from a SQLite or PostgreSQL database until stopped.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "the port (0: a free one); default ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "the address to listen on (0.0.0.0: every interface); default ${DEFAULT-VALUE}")
    String bind;

    @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "8MiB",
            description = "the largest submission (larger ones get 413); default ${DEFAULT-VALUE}")
    String maxBody;

    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "20",
            description = "submissions a second per token (more get 429); default ${DEFAULT-VALUE}")
    double rateLimit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ServerSettings defaults = database.serverSettings();
        ServerSettings settings;
        try {
            long bodyLimit = MemorySize.parse("--max-body", maxBody).orElse(defaults.maxBodyBytes());
            settings = defaults.withPort(port).withBind(bind)
                    .withLimits(bodyLimit, rateLimit, defaults.concurrentUploads(), Duration.ofSeconds(60));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ResultsServer server = ResultsServer.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "drydock-serve-stop"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("drydock serve: " + server.uri() + " (results in " + server.store().databaseName() + ", "
                + SqlResultStore.redactUrl(settings.databaseUrl()) + ")");
        out.println("  submit:      POST " + server.uri().resolve("/api/v1/results") + " with a token from: drydock token create NAME --database "
                + database.url);
        out.println("  leaderboard: " + server.uri());
        out.flush();
        server.join();
        return 0;
    }
}
