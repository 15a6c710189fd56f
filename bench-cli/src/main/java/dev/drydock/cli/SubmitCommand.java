package dev.drydock.cli;

import dev.drydock.api.RunResult;
import dev.drydock.api.Secret;
import dev.drydock.core.Drydock;
import dev.drydock.server.ResultsClient;
import dev.drydock.server.ServerResultStoreProvider;
import dev.drydock.spi.RunQuery;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock submit SOURCE --server URL}: uploads stored results to a results server. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Uploads stored results to a results server, in batches of " + ResultsClient.BATCH
                + "; the token comes from DRYDOCK_TOKEN. Sending the same results again is harmless.")
final class SubmitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "a configuration (its store), a JSON file of results, or a folder of them (the server store's spool)")
    Path source;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "the results server, e.g. http://localhost:8080")
    URI server;

    @Option(names = "--patience", paramLabel = "DURATION", defaultValue = "PT60S",
            description = "how long to keep retrying a server that is unavailable (ISO-8601); default 60 s")
    Duration patience;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:DRYDOCK_TOKEN}",
            description = "the submit token; default the environment variable DRYDOCK_TOKEN, which is better: other users"
                    + " of the machine can read a command line")
    String token;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (token == null || token.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "set " + ServerResultStoreProvider.TOKEN_VARIABLE
                    + " to a submit token (drydock token create NAME --database URL)");
        }
        List<RunResult> results = StoredResults.read(Drydock.create(), source, RunQuery.ALL);
        ResultsClient client = new ResultsClient(server, Optional.of(Secret.of(token)), Duration.ofSeconds(30));
        PrintWriter out = spec.commandLine().getOut();
        int stored = 0;
        int unchanged = 0;
        int failed = 0;
        for (int from = 0; from < results.size(); from += ResultsClient.BATCH) {
            List<RunResult> batch = results.subList(from, Math.min(results.size(), from + ResultsClient.BATCH));
            ResultsClient.Outcome outcome = client.submitPatiently(batch, patience);
            if (outcome instanceof ResultsClient.Outcome.Accepted accepted) {
                stored += accepted.stored();
                unchanged += accepted.unchanged();
            } else if (outcome instanceof ResultsClient.Outcome.Refused refused) {
                failed += batch.size();
                out.println("refused (HTTP " + refused.status() + "): " + refused.message());
                refused.problems().stream().limit(20).forEach(problem -> out.println("  " + problem));
            } else if (outcome instanceof ResultsClient.Outcome.Unavailable unavailable) {
                failed += results.size() - from;
                out.println("stopped: " + unavailable.reason());
                break;
            }
        }
        out.println("submitted " + results.size() + " results to " + server + ": " + stored + " stored, " + unchanged
                + " already there, " + failed + " not stored");
        out.flush();
        return failed == 0 ? 0 : DrydockCommand.PROVIDER_FAILURE;
    }
}
