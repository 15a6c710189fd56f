package dev.drydock.store.sql;

import dev.drydock.testkit.SampleResults;
import java.time.Duration;
import java.util.Optional;

/** A separate drydock process saving results one by one: {@code URL NAME COUNT}. */
public final class ConcurrentWriter {
    private ConcurrentWriter() {}

    public static void main(String[] args) {
        int count = Integer.parseInt(args[2]);
        try (SqlResultStore store = new SqlResultStore(args[0], Optional.empty(), Optional.empty(), 2, Duration.ofSeconds(30))) {
            for (int i = 0; i < count; i++) {
                store.save(SampleResults.completed(args[1] + "-" + i, args[1], "repo", i));
            }
        }
    }
}
