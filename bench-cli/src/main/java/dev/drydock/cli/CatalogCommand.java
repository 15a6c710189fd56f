package dev.drydock.cli;

import dev.drydock.core.Drydock;
import dev.drydock.core.SummaryTable;
import dev.drydock.core.config.CatalogInfo;
import dev.drydock.core.config.RepositoryDefinition;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drydock catalog}: the shipped templates of real projects with their size, labels, whether
 * they were verified here, and the reference numbers measured when they were.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Lists the catalog of real repositories drydock ships templates for (use one with template: NAME).")
final class CatalogCommand implements Callable<Integer> {
    private static final String[] HEADERS = {
        "template", "platform", "size", "lines", "licence", "labels", "targets", "verified", "reference tests", "reference coverage"
    };

    @Option(names = "--platform", paramLabel = "NAME", description = "only templates of this platform")
    Optional<String> platform = Optional.empty();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String[]> rows = new ArrayList<>();
        List<String> unverified = new ArrayList<>();
        for (Map.Entry<String, RepositoryDefinition> entry : Drydock.create().catalog().entrySet()) {
            RepositoryDefinition repository = entry.getValue();
            if (platform.filter(p -> !p.equals(repository.platform())).isPresent()) {
                continue;
            }
            CatalogInfo info = repository.catalog().orElseThrow();
            Optional<CatalogInfo.ReferenceNumbers> ref = info.reference();
            rows.add(new String[] {
                entry.getKey(),
                repository.platform(),
                info.size().name().toLowerCase(Locale.ROOT),
                info.lines() == 0 ? "?" : String.format(Locale.ROOT, "%,d", info.lines()),
                info.licence(),
                labels(repository),
                String.valueOf(repository.targets().size()),
                info.verified() ? "yes" : "no",
                ref.map(r -> r.testsPassed() + "/" + r.testsRun() + (r.testsSkipped() > 0 ? " (" + r.testsSkipped() + " skipped)" : ""))
                        .orElse("-"),
                ref.map(r -> String.format(Locale.ROOT, "%.1f%% (%d/%d)", r.linesTotal() == 0 ? 0.0
                        : 100.0 * r.linesCovered() / r.linesTotal(), r.linesCovered(), r.linesTotal())).orElse("-")
            });
            info.unverified().ifPresent(why -> unverified.add(entry.getKey() + ": " + why));
        }
        out.print(SummaryTable.table(HEADERS, rows));
        unverified.forEach(line -> out.println("unverified " + line));
        out.flush();
        return 0;
    }

    private static String labels(RepositoryDefinition repository) {
        if (repository.hasTests().isEmpty()) {
            return "unlabelled";
        }
        if (!repository.hasTests().get()) {
            return "no tests";
        }
        return String.join("+", repository.frameworks()) + (repository.needsServices() ? ", services" : "");
    }
}
