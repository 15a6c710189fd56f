package dev.drydock.cli;

import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import dev.drydock.api.RunResult;
import dev.drydock.core.Drydock;
import dev.drydock.core.RunReview;
import dev.drydock.spi.RunQuery;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code drydock show RUN_ID SOURCE}: one stored run with its flags and their evidence, from the
 * store a configuration names or from a JSON file of results ({@code --results-json}, a json store).
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Prints one run's numbers and every flag with its evidence, for review.")
final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "the run's id (as in the progress output and the store)")
    String runId;

    @Parameters(index = "1", paramLabel = "SOURCE",
            description = "the configuration whose store holds the run (YAML), or a JSON file of results")
    Path source;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Drydock drydock = Drydock.create();
        String name = source.getFileName().toString();
        Optional<RunResult> result = name.endsWith(".yaml") || name.endsWith(".yml")
                ? drydock.find(drydock.load(source), runId)
                : StoredResults.read(drydock, source, RunQuery.ALL).stream().filter(r -> r.runId().equals(runId)).findFirst();
        if (result.isEmpty()) {
            throw new ConfigurationException(new ConfigProblem(source.toString(), "RUN_ID", "no run '" + runId + "' there"));
        }
        out.print(RunReview.render(result.get()));
        out.flush();
        return 0;
    }
}
