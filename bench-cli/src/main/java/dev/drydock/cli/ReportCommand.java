package dev.drydock.cli;

import dev.drydock.api.RunResult;
import dev.drydock.core.Drydock;
import dev.drydock.core.SummaryTable;
import dev.drydock.spi.RunQuery;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drydock report SOURCE}: the summary tables, redrawn from stored results, so that agents run
 * in different invocations compare side by side.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Redraws the summary tables from stored results (a configuration's store or a JSON file of results).")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "the configuration whose store holds the results (YAML), or a JSON file of results")
    Path source;

    @Option(names = "--suite", paramLabel = "NAME", description = "only runs of this suite")
    Optional<String> suite = Optional.empty();

    @Option(names = "--agent", paramLabel = "NAME", description = "only runs of this agent")
    Optional<String> agent = Optional.empty();

    @Option(names = "--repository", paramLabel = "NAME", description = "only runs on this repository")
    Optional<String> repository = Optional.empty();

    @Option(names = "--benchmark", paramLabel = "NAME", description = "only runs of this benchmark (test-writing, test-running)")
    Optional<String> benchmark = Optional.empty();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RunQuery query = new RunQuery(suite, benchmark, agent, repository, Optional.empty(), Optional.empty(),
                Optional.empty(), 0);
        List<RunResult> results = StoredResults.read(Drydock.create(), source, query);
        if (results.isEmpty()) {
            out.println("no stored run matches");
        } else {
            out.print(SummaryTable.render(results));
        }
        out.flush();
        return 0;
    }
}
