package dev.drydock.cli;

import dev.drydock.api.RunResult;
import dev.drydock.core.Drydock;
import dev.drydock.core.SummaryTable;
import dev.drydock.server.HtmlReport;
import dev.drydock.server.MeanEstimate;
import dev.drydock.server.PairedComparison;
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
        description = "Redraws the summary tables from stored results (a configuration's store, a JSON file of results or a"
                + " folder of them); writes the leaderboard page as one HTML file; compares two agents.")
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

    @Option(names = "--html", paramLabel = "FILE",
            description = "also write the leaderboard page with these results as one self-contained HTML file")
    Optional<Path> html = Optional.empty();

    @Option(names = "--compare", arity = "2", paramLabel = "AGENT",
            description = "compare two agents on the repositories and targets both ran: per pair the means and their difference,"
                    + " overall the mean difference with its 95% confidence interval (paired t)")
    List<String> compare = List.of();

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
        Optional<PairedComparison> comparison = compare.isEmpty() ? Optional.empty()
                : Optional.of(PairedComparison.of(results, benchmark.orElse("test-writing"), compare.get(0), compare.get(1)));
        comparison.ifPresent(c -> printComparison(out, c));
        html.ifPresent(file -> {
            HtmlReport.write(file, results, source.toString(), comparison);
            out.println("report: " + file.toAbsolutePath().normalize());
        });
        out.flush();
        return 0;
    }

    private static void printComparison(PrintWriter out, PairedComparison c) {
        String unit = c.benchmark().equals("test-writing") ? " pp" : " %";
        out.printf("%n%s against %s (%s, paired by repository and target):%n", c.agentA(), c.agentB(), c.benchmark());
        if (c.pairs().isEmpty()) {
            out.println("  they ran on no repository and target in common");
            return;
        }
        for (PairedComparison.Pair pair : c.pairs()) {
            out.printf("  %-24s %-28s %8.1f %8.1f %+8.1f%n", pair.repository(), pair.target().orElse("-"), pair.meanA(), pair.meanB(),
                    pair.difference());
        }
        MeanEstimate d = c.difference();
        out.printf("  mean difference %+.1f%s", d.mean(), unit);
        if (d.low().isPresent()) {
            out.printf(", 95%% CI [%+.1f, %+.1f] over %d pairs%s%n", d.low().get(), d.high().orElseThrow(), d.samples(),
                    d.low().get() > 0 || d.high().orElseThrow() < 0 ? "" : " (the interval includes 0: no clear difference)");
        } else {
            out.println(" (one pair: no interval)");
        }
    }
}
