package dev.drydock.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import dev.drydock.core.Drydock;
import dev.drydock.core.registry.ProviderKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuiteLoaderTest {
    private static final Path FILE = Path.of("/configs/suite.yaml");

    private final Drydock drydock = Drydock.builder()
            .env(Map.of("UPSTREAM_API_KEY", "sk-live-very-secret", "RESULTS", "/data")::get)
            .build();

    private Suite load(String yaml) {
        return drydock.load(yaml, FILE);
    }

    private static List<String> problems(Throwable e) {
        return ((ConfigurationException) e).problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void platformThenRepositoryTemplateThenUserOverrides() {
        Suite suite = load("""
                runs: [{agents: [noop], repositories: [python-inventory, mine]}]
                repositories:
                  python-inventory:
                    template: python-inventory
                    coverage-timeout: 5m
                    targets: [{file: src/inventory/stock.py, test-file: tests/test_stock.py}]
                  mine:
                    url: ../repos/mine
                    platform: python
                    test-command: make test
                """);
        RepositoryDefinition sample = suite.repositories().get("python-inventory");
        assertThat(sample.url()).isEqualTo("sample:python-inventory"); // from the repository template
        assertThat(sample.coverageReport()).isEqualTo(".drydock/coverage.xml"); // from the platform
        assertThat(sample.coverageTimeout()).isEqualTo(Duration.ofMinutes(5)); // user override
        assertThat(sample.targets()).extracting(TargetDefinition::file).containsExactly("src/inventory/stock.py");
        RepositoryDefinition mine = suite.repositories().get("mine");
        assertThat(mine.testCommand()).isEqualTo("make test");
        assertThat(mine.setup()).contains("-m venv .venv");
        assertThat(suite.agents()).containsOnlyKeys("noop"); // taken from the shipped templates by name
        assertThat(suite.name()).isEqualTo("suite");
        assertThat(suite.slot(ProviderKind.WORKSPACE).provider()).isEqualTo("local");
        assertThat(suite.slot(ProviderKind.LLM).provider()).isEqualTo("none");
        assertThat(suite.slot(ProviderKind.STORE).provider()).isEqualTo("json");
    }

    @Test
    void userPlatformsExtendTheShippedOnes() {
        Suite suite = load("""
                runs: [{agents: [noop], repositories: [r]}]
                platforms:
                  python:
                    test-command: tox
                  shell:
                    setup: "true"
                    test-command: ./test.sh
                    coverage-command: ./coverage.sh
                    coverage-report: lcov.info
                repositories:
                  r: {url: ., platform: shell}
                  p: {url: ., platform: python}
                """);
        assertThat(suite.repositories().get("r").coverageReport()).isEqualTo("lcov.info");
    }

    @Test
    void agentTemplateUnderUserOverrides() {
        Suite suite = load("""
                runs: [{agents: [ghost], repositories: [python-inventory]}]
                agents:
                  ghost:
                    template: hypothesis-ghostwriter
                    timeout: 2m
                    env: {HYPOTHESIS_PROFILE: ci}
                """);
        AgentDefinition ghost = suite.agents().get("ghost");
        assertThat(ghost.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ghost.command()).contains("hypothesis write");
        assertThat(ghost.env()).containsEntry("HYPOTHESIS_PROFILE", "ci");
    }

    @Test
    void misspelledKeysAndBadValuesAreAllReportedWithFileLineAndKey() {
        assertThatThrownBy(() -> load("""
                runs:
                  - agents: [noop]
                    repositories: [python-inventory]
                    repetitons: 2
                agents:
                  noop:
                    template: noop
                    timeout: forever
                repositories:
                  python-inventory:
                    template: python-inventory
                    coverage-comand: make cov
                """))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(problems(e)).containsExactlyInAnyOrder(
                        "/configs/suite.yaml:4:5: runs[0].repetitons: unknown key 'repetitons' (did you mean 'repetitions'?);"
                                + " allowed here: benchmark, agents, repositories, repetitions, test-runs, prompt, tolerance",
                        "/configs/suite.yaml:8:14: agents.noop.timeout: expected a duration like 500ms, 30s, 10m or 1h30m"
                                + " but found 'forever'",
                        "/configs/suite.yaml:12:5: repositories.python-inventory.coverage-comand: unknown key"
                                + " 'coverage-comand' (did you mean 'coverage-command'?); allowed here: template, description,"
                                + " url, commit, platform, setup, test-command, coverage-command, coverage-report-command,"
                                + " coverage-report, coverage-format, test-report, test-report-format, test-writable,"
                                + " test-creatable, environment-paths, ignore, test-patterns, config-patterns,"
                                + " lockfile-patterns, source-patterns, inline-test-marker, test-function-pattern, assertion-pattern,"
                                + " has-tests, needs-services, frameworks, targets, env,"
                                + " setup-timeout, coverage-timeout, catalog"));
    }

    @Test
    void unknownProviderListsTheAvailableOnesAndTheArtifact() {
        assertThatThrownBy(() -> load("""
                workspace: {provider: derrick}
                store: {provider: jsn}
                runs: [{agents: [noop], repositories: [python-inventory]}]
                """))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(problems(e)).containsExactly(
                        "/configs/suite.yaml:1:23: workspace.provider: unknown workspace provider 'derrick'; available:"
                                + " local; 'derrick' is provided by dev.drydock:bench-derrick: add it to the class path",
                        "/configs/suite.yaml:2:19: store.provider: unknown store provider 'jsn'; available: json"));
    }

    @Test
    void providerSettingsAreCheckedBeforeAnyRun() {
        assertThatThrownBy(() -> load("""
                workspace: {provider: local, kill-grace: soon, colour: blue}
                runs: [{agents: [noop], repositories: [python-inventory]}]
                """))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(problems(e)).containsExactlyInAnyOrder(
                        "/configs/suite.yaml:1:42: workspace.kill-grace: expected a duration like 500ms, 30s, 10m or 1h30m"
                                + " but found 'soon'",
                        "/configs/suite.yaml:1:48: workspace.colour: unknown key 'colour'; allowed here: root,"
                                + " inherit-env, env, kill-grace, keep, isolation, sandbox-uid, read-only-paths, memory-limit, process-limit,"
                                + " setup-network, agent-network, measure-network, snapshots, kept-snapshots, spare-copies"));
    }

    @Test
    void unknownReferencesTemplatesAndPlatformsAreNamed() {
        assertThatThrownBy(() -> load("""
                runs: [{agents: [nobody], repositories: [r]}]
                repositories:
                  r: {template: no-such-template}
                  s: {url: ., platform: cobol, test-command: x, coverage-command: x, coverage-report: x}
                """))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("runs[0].agents: unknown agent 'nobody'; defined: none; shipped templates:"
                        + " heuristic, hypothesis-ghostwriter, mini-swe-agent, noop")
                .hasMessageContaining("/configs/suite.yaml:3:17: repositories.r.template: unknown template"
                        + " 'no-such-template'; shipped: airflow, bat, body-parser, cargo, click, commander, delta, express, fd, flask,"
                        + " gpt-migrate, itsdangerous, java-inventory, js-inventory, llama-stack, markupsafe, mermaid, nushell,"
                        + " path-to-regexp, python-hidden-tests, python-inventory, python-no-tests, ripgrep, rrweb, rust-shapes,"
                        + " sqlalchemy, todolist, tokei, vue-core, walkdir")
                .hasMessageContaining("/configs/suite.yaml:4:25: repositories.s.platform: unknown platform 'cobol';"
                        + " available: java, javascript, python, rust");
    }

    @Test
    void noRunsIsAnError() {
        assertThatThrownBy(() -> load("name: empty\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no runs");
    }

    @Test
    void describePrintsTheResolvedConfigurationWithSecretsRedacted() {
        Suite suite = load("""
                name: described
                store: {provider: json, path: "${RESULTS}/out.json"}
                runs: [{agents: [noop], repositories: [python-inventory]}]
                agents:
                  noop:
                    template: noop
                    env: {UPSTREAM_TOKEN: "${UPSTREAM_API_KEY}", NOTE: "key is ${UPSTREAM_API_KEY}"}
                """);
        String described = drydock.describe(suite);
        assertThat(described)
                .contains("path: /data/out.json")
                .contains("UPSTREAM_TOKEN: '******'")
                .contains("key is ******")
                .contains("url: sample:python-inventory")
                .doesNotContain("sk-live-very-secret");
        assertThat(drydock.redact("log line with sk-live-very-secret")).isEqualTo("log line with ******");
    }

    @Test
    void testRunningNeedsAGroundTruthLabelOnEveryRepositoryItRunsOn() {
        assertThatThrownBy(() -> load("""
                runs: [{benchmark: test-running, agents: [heuristic], repositories: [mine, theirs]}]
                repositories:
                  mine: {url: ../repos/mine, platform: python}
                  theirs: {url: ../repos/theirs, platform: python, has-tests: true}
                """))
                .satisfies(e -> assertThat(problems(e)).satisfiesExactlyInAnyOrder(
                        p -> assertThat(p).contains("repositories.mine.has-tests").contains("ground-truth label"),
                        p -> assertThat(p).contains("repositories.theirs.frameworks").contains("frameworks: [pytest]")));
    }

    @Test
    void labelsAreCheckedWithADidYouMeanForAMisspeltFramework() {
        assertThatThrownBy(() -> load("""
                runs: [{agents: [noop]}]
                agents: {noop: {template: noop}}
                repositories:
                  mine: {url: ../repos/mine, platform: python, has-tests: true, frameworks: [pytset, Jest, junit-jupiter]}
                  none: {url: ../repos/none, platform: python, has-tests: false, frameworks: [pytest]}
                """))
                .satisfies(e -> assertThat(problems(e)).satisfiesExactlyInAnyOrder(
                        p -> assertThat(p).contains("repositories.mine.frameworks")
                                .contains("unknown test framework 'pytset' (did you mean 'pytest'?); known: ava, bats, cargo,"),
                        p -> assertThat(p).contains("repositories.none.frameworks").contains("has-tests: false has no test frameworks")));
    }

    @Test
    void shippedSamplesCarryTheirLabelsAndTestRunningIgnoresTargets() {
        Suite suite = load("""
                runs: [{benchmark: test-running, agents: [heuristic, noop], tolerance: 0.2}]
                repositories:
                  python-inventory: {template: python-inventory}
                  python-no-tests: {template: python-no-tests}
                  java-inventory: {template: java-inventory}
                """);
        assertThat(suite.repositories().get("python-inventory").hasTests()).contains(true);
        assertThat(suite.repositories().get("python-inventory").frameworks()).containsExactly("pytest");
        assertThat(suite.repositories().get("python-no-tests").hasTests()).contains(false);
        assertThat(suite.repositories().get("java-inventory").frameworks()).containsExactly("junit5");
        assertThat(suite.runs().get(0).tolerance()).isEqualTo(0.2);
        var plans = drydock.plan(suite, dev.drydock.core.RunSelection.ALL);
        assertThat(plans).hasSize(6).allSatisfy(plan -> {
            assertThat(plan.target()).isEmpty(); // python-inventory has targets; test running runs the whole repository
            assertThat(plan.prompt()).contains("report.json").contains("{output_dir}");
        });
    }
}
