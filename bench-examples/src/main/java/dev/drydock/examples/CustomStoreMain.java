package dev.drydock.examples;

import dev.drydock.api.RunResult;
import dev.drydock.core.Drydock;
import dev.drydock.core.RunListener;
import dev.drydock.core.RunSelection;
import dev.drydock.core.SummaryTable;
import dev.drydock.core.config.Suite;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs {@code examples/custom-store.yaml}, whose {@code store} slot names the example provider
 * {@code directory}: drydock finds it through {@code META-INF/services} like any built-in one.
 */
public final class CustomStoreMain {
    private CustomStoreMain() {}

    public static void main(String[] args) {
        Path config = Path.of(args.length > 0 ? args[0] : "examples/custom-store.yaml");
        Drydock drydock = Drydock.create();
        Suite suite = drydock.load(config);
        List<RunResult> results = drydock.run(suite, RunSelection.ALL, RunListener.NONE);
        System.out.print(SummaryTable.render(results));
        System.out.println("one file per run in " + suite.baseDirectory().resolve("results/runs"));
    }
}
