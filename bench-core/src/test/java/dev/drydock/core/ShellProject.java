package dev.drydock.core;

import dev.drydock.testkit.GitFixture;
import java.nio.file.Path;
import java.util.Map;

/**
 * A tiny project whose "tests" and "coverage tool" are shell: {@code src/lib.txt} has ten
 * executable lines; each {@code tests/*.lines} file is a test that covers the line numbers it
 * lists (a test whose first line is {@code FAIL} fails; {@code CRASH} anywhere crashes the runner). {@code coverage.sh} writes an LCOV report
 * and a JUnit XML report from them. Real files, real git, real reports: the pipeline runs end to
 * end without any language toolchain.
 */
final class ShellProject {
    /** Writes {@code .drydock/lcov.info} for {@code src/lib.txt} with the line numbers in {@code $covered} covered. */
    static final String WRITE_LCOV = """
            {
              echo "SF:$PWD/src/lib.txt"
              for line in $(seq 1 10); do
                if printf '%s\\n' $covered | grep -qx "$line"; then echo "DA:$line,1"; else echo "DA:$line,0"; fi
              done
              echo "end_of_record"
            } > .drydock/lcov.info
            """;
    static final String COVERAGE_SCRIPT = """
            #!/usr/bin/env bash
            set -u
            mkdir -p .drydock
            if cat tests/*.lines 2>/dev/null | grep -q CRASH; then echo "a test crashed the runner" >&2; exit 3; fi
            covered=$(cat tests/*.lines 2>/dev/null | grep -v FAIL | sort -un)
            """ + WRITE_LCOV + """
            {
              echo '<testsuite name="shell">'
              for test in tests/*.lines; do
                [ -e "$test" ] || continue
                name=$(basename "$test" .lines)
                if head -n1 "$test" | grep -q FAIL; then
                  echo "<testcase classname=\\"shell\\" name=\\"$name\\"><failure/></testcase>"
                else
                  echo "<testcase classname=\\"shell\\" name=\\"$name\\"/>"
                fi
              done
              echo '</testsuite>'
            } > .drydock/junit.xml
            tests=$(ls tests/*.lines 2>/dev/null | wc -l)
            echo "$tests passed in 0.01s"
            """;

    /** A platform block without a JUnit report: tests are counted from the summary line only. */
    static final String CONSOLE_PLATFORM = """
              shell-console:
                setup: "true"
                test-command: ./coverage.sh
                coverage-command: bash coverage.sh
                coverage-report: .drydock/lcov.info
                test-patterns: [tests/**]
                source-patterns: [src/**]
            """;

    /** The platform block a configuration uses for this project. */
    static final String PLATFORM = """
              shell:
                setup: "test -f src/lib.txt"
                test-command: ./coverage.sh
                coverage-command: bash coverage.sh
                coverage-report: .drydock/lcov.info
                test-report: .drydock/junit.xml
                test-patterns: [tests/**]
                source-patterns: [src/**]
            """;

    private ShellProject() {}

    /** Creates the project as a git repository in {@code dir}; returns the commit id. */
    static String create(Path dir) {
        return GitFixture.createRepository(dir, Map.of(
                "src/lib.txt", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
                "tests/first.lines", "1\n2\n",
                "coverage.sh", COVERAGE_SCRIPT));
    }
}
