package dev.drydock.cli;

import dev.drydock.core.Drydock;
import dev.drydock.core.RunPlan;
import dev.drydock.core.RunSelection;
import dev.drydock.core.config.Suite;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drydock validate <config>}: loads, checks and prints the resolved configuration and the planned runs. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a configuration and prints it resolved (templates merged, secrets redacted).")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "the benchmark configuration (YAML)")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Drydock drydock = Drydock.create();
        Suite suite = drydock.load(config);
        out.print(drydock.describe(suite));
        List<RunPlan> plans = drydock.plan(suite, RunSelection.ALL);
        out.printf("# %d run(s) planned:%n", plans.size());
        for (RunPlan plan : plans) {
            out.println("#   " + plan.benchmark().id() + ": " + plan.label());
        }
        out.flush();
        return 0;
    }
}
