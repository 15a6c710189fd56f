package dev.drydock.examples;

import dev.drydock.api.RunResult;
import dev.drydock.core.Drydock;
import dev.drydock.core.RunListener;
import dev.drydock.core.RunPlan;
import dev.drydock.core.RunSelection;
import dev.drydock.core.SummaryTable;
import dev.drydock.core.config.Suite;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a benchmark configuration through the Java API, the way a tool that embeds drydock would.
 * From the repository root: {@code ./mvnw -q -pl bench-examples -am install -DskipTests} once, then
 * {@code ./mvnw -q -pl bench-examples exec:java} (argument: the configuration, default {@code
 * examples/quickstart.yaml}).
 */
public final class QuickstartMain {
    private QuickstartMain() {}

    public static void main(String[] args) {
        Path config = Path.of(args.length > 0 ? args[0] : "examples/quickstart.yaml");
        Drydock drydock = Drydock.create();
        Suite suite = drydock.load(config);
        List<RunResult> results = drydock.run(suite, RunSelection.ALL, new RunListener() {
            @Override
            public void runStarted(RunPlan plan, int index, int total) {
                System.err.printf("[%d/%d] %s%n", index, total, plan.label());
            }
        });
        System.out.print(SummaryTable.render(results));
    }
}
