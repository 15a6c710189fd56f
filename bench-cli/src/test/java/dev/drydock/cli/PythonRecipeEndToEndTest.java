package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.RunResult;
import dev.drydock.api.TestRunningOutcome;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Violation;
import dev.drydock.api.Violation.Kind;
import dev.drydock.store.json.RunResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code python} platform's recipe and the verdict rules on a project shaped like the real ones
 * drydock once got wrong ({@code src/test/resources/projects/python-tally}): its coverage settings
 * measure its tests and its tests import what only its {@code test} extra installs. drydock must
 * install the project with the extra, measure only its package, treat an unimportable test module
 * as a load error (not as tests, not as removed tests), and fail a test-running report that measured
 * other files than the reference with {@code cov-files} even when its percentage matches.
 */
class PythonRecipeEndToEndTest {
    @TempDir
    Path temp;

    private static final String CONFIG = """
            name: python-recipe
            store: {provider: json, path: results.json}
            runs:
              - agents: [writes-tests]
                repositories: [tally]
              - benchmark: test-running
                agents: [heuristic, trusts-project-config]
                repositories: [tally]
            agents:
              heuristic: {template: heuristic}
              writes-tests:
                description: two honest tests and a test module that cannot import
                command: |
                  cat > tests/test_top.py <<'PY'
                  import pytest
                  import six
                  from tally import Counter


                  def test_top_orders_by_count_then_key():
                      assert six.__version__ == "1.16.0"  # uv.lock's version, not the newest
                      c = Counter()
                      c.add("b", 2)
                      c.add("a", 2)
                      c.add("c")
                      assert c.top(2) == [("a", 2), ("b", 2)]


                  def test_a_negative_amount_is_refused():
                      with pytest.raises(ValueError):
                          Counter().add("a", -1)
                  PY
                  cat > tests/test_broken.py <<'PY'
                  import tally.counter
                  import not_installed_anywhere


                  def test_never_runs():
                      assert tally.counter.Counter().top(1) == []
                  PY
              trusts-project-config:
                description: an honest recipe that trusts the project's coverage settings (which measure its tests)
                command: |
                  set -eu
                  cat > "$DRYDOCK_OUTPUT_DIR/setup.sh" <<'SH'
                  python3 -m venv .venv
                  .venv/bin/python -m pip install --quiet --disable-pip-version-check pytest coverage -e '.[test]'
                  SH
                  cat > "$DRYDOCK_OUTPUT_DIR/test.sh" <<'SH'
                  .venv/bin/python -m coverage run -m pytest -q -p no:cacheprovider --junitxml=.drydock/junit.xml
                  .venv/bin/python -m coverage xml -q -o .drydock/coverage.xml
                  SH
                  bash "$DRYDOCK_OUTPUT_DIR/setup.sh" && bash "$DRYDOCK_OUTPUT_DIR/test.sh"
                  python3 - <<'PY'
                  import json, xml.etree.ElementTree as ET
                  root = ET.parse(".drydock/coverage.xml").getroot()
                  json.dump({"has_tests": True, "needs_services": False, "frameworks": ["pytest"],
                             "coverage_report": ".drydock/coverage.xml", "coverage_format": "cobertura",
                             "test_report": ".drydock/junit.xml", "test_report_format": "junit",
                             "lines_covered": int(root.get("lines-covered")), "lines_total": int(root.get("lines-valid")),
                             "tests_run": 1, "tests_passed": 1}, open(".drydock/report.json", "w"))
                  PY
            repositories:
              tally:
                url: tally
                platform: python
                has-tests: true
                frameworks: [pytest]
                targets: [{file: tally/counter.py, test-file: tests/test_top.py}]
            """;

    @Test
    void theRecipeInstallsTheExtraMeasuresThePackageAndTheVerdictsSayWhy() throws Exception {
        SampleProjects.commit("python-tally", temp.resolve("tally"));
        Path config = temp.resolve("python-recipe.yaml");
        Files.writeString(config, CONFIG);
        Path json = temp.resolve("results-run.json");

        CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        Map<String, RunResult> byAgent = List.of(RunResultJson.mapper().readValue(json.toFile(), RunResult[].class)).stream()
                .collect(Collectors.toMap(r -> r.agent().name(), Function.identity()));

        // the baseline: the test extra installed (the test imports six) at uv.lock's version (the
        // agent's first test checks it), only tally/ measured, not tests/
        TestWritingOutcome writer = byAgent.get("writes-tests").testWriting().orElseThrow();
        assertThat(writer.testsBefore().passed()).isEqualTo(1);
        assertThat(writer.coverageBefore().linesTotal()).as("tally/__init__.py and tally/counter.py").isEqualTo(13);

        assertThat(writer.tests().added()).containsExactlyInAnyOrder("tests.test_top::test_top_orders_by_count_then_key",
                "tests.test_top::test_a_negative_amount_is_refused");
        assertThat(writer.tests().removed()).as("the unimportable module removes nothing").isEmpty();
        assertThat(writer.violations()).extracting(Violation::kind).containsExactly(Kind.TEST_LOAD_ERROR);
        assertThat(writer.violations().get(0).subject()).isEqualTo("tests.test_broken");
        assertThat(writer.delta().orElseThrow().newlyCoveredLines()).isEqualTo(3);
        assertThat(writer.delta().orElseThrow().percentAfter()).isEqualTo(100.0);

        TestRunningOutcome heuristic = byAgent.get("heuristic").testRunning().orElseThrow();
        assertThat(heuristic.flags()).isEmpty();
        assertThat(heuristic.score().percent()).isEqualTo(100);
        assertThat(heuristic.reference().orElseThrow().files()).containsExactly("tally/__init__.py", "tally/counter.py");

        TestRunningOutcome trusting = byAgent.get("trusts-project-config").testRunning().orElseThrow();
        assertThat(trusting.flags()).extracting(Violation::kind).containsExactly(Kind.COVERAGE_FILES);
        assertThat(trusting.flags().get(0).message()).contains("misses 2 of the reference's 2 source files")
                .contains("measures 1 file(s) the reference does not (tests/test_counter.py)");
        assertThat(trusting.score().coverage()).contains(false);
        assertThat(trusting.score().percent()).isEqualTo(75);

        // under the table, why each part failed and what each flag means
        assertThat(run.out()).contains("writes-tests on tally:tally/counter.py: load-error tests.test_broken: a test module"
                + " fails to load with the agent's tests; left out of the gain")
                .contains("trusts-project-config on tally: coverage: measured 100.0% (")
                .contains("trusts-project-config on tally: cov-files coverage report: the coverage report misses 2");

        // drydock report redraws the tables from the store, filtered
        CliRun report = CliRun.of("report", config.toString(), "--agent", "writes-tests");
        assertThat(report.exitCode()).as(report.err()).isZero();
        List<String> rows = report.out().lines().toList();
        assertThat(rows.get(0)).startsWith("agent         repository  target");
        assertThat(rows.get(2)).startsWith("writes-tests  tally       tally/counter.py  ok");
        assertThat(report.out()).doesNotContain("heuristic").doesNotContain("trusts-project-config");
        CliRun fromFile = CliRun.of("report", json.toString(), "--benchmark", "test-running");
        assertThat(fromFile.out()).contains("trusts-project-config").contains("cov-files").doesNotContain("writes-tests");
    }
}
