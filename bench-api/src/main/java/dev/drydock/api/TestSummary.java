package dev.drydock.api;

import java.util.Collection;

/** Test counts by outcome. */
public record TestSummary(int total, int passed, int failed, int errors, int skipped) {
    public static final TestSummary EMPTY = new TestSummary(0, 0, 0, 0, 0);

    public TestSummary {
        if (passed + failed + errors + skipped != total) {
            throw new IllegalArgumentException("test counts do not add up to " + total);
        }
    }

    public static TestSummary of(Collection<TestCase> tests) {
        int passed = 0;
        int failed = 0;
        int errors = 0;
        int skipped = 0;
        for (TestCase test : tests) {
            switch (test.status()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case ERROR -> errors++;
                case SKIPPED -> skipped++;
            }
        }
        return new TestSummary(tests.size(), passed, failed, errors, skipped);
    }
}
