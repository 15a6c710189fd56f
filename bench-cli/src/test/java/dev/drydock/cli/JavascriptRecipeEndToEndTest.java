package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.RunResult;
import dev.drydock.api.TestWritingOutcome;
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
 * The {@code javascript} platform's recipe on projects shaped like real ones
 * ({@code src/test/resources/projects/js-*}): a Create React App (jest through react-scripts), a
 * TypeScript library tested with vitest and installed with pnpm (its lock file and packageManager),
 * a CommonJS library tested with mocha. Each is measured with
 * its own runner over its own source only (no tests, examples, type declarations or lint
 * configuration in the denominator), its JUnit report read, and the setup leaves no trace in
 * package.json or a lock file: an honest agent's tests gain coverage and raise no flag. Two more
 * are shaped like commander and express: a jest suite that parses the process's own arguments (jest
 * gets its options through its API, not its command line) and a mocha suite whose test script names
 * its spec folders and a {@code --require} (drydock runs mocha with them). The vitest and mocha agents'
 * files hold a failing test that alone reaches some lines: it is flagged and left out of the gain
 * by its name (vitest's filter, mocha's inverted grep).
 */
class JavascriptRecipeEndToEndTest {
    /** The executable lines of each sample's own source, as its runner's coverage counts them. */
    private static final long CRA_LINES = 6; // src/Counter.tsx 5, src/index.tsx 1 (no test, no .d.ts)
    private static final long VITEST_LINES = 15; // src/area.ts (not examples/, not types.d.ts)
    private static final long MOCHA_LINES = 16; // lib/units.js (not eslint.config.js)
    private static final long JEST_LINES = 7; // lib/cli.js
    private static final long ACCEPTANCE_LINES = 11; // lib/greet.js, every line as c8 counts V8 coverage

    @TempDir
    Path temp;

    private static final String CONFIG = """
            name: javascript-recipe
            store: {provider: json, path: results.json}
            runs:
              - agents: [writes-tests]
                repositories: [cra, vitest, mocha, jest, acceptance]
            agents:
              writes-tests:
                description: one honest test file per project
                command: |
                  if [ -f src/Counter.tsx ]; then
                    cat > src/Counter.more.test.tsx <<'TS'
                  import { label } from "./Counter";

                  test("counts one and many", () => {
                    expect(label(1)).toBe("one item");
                    expect(label(5)).toBe("5 items");
                  });
                  TS
                  elif [ -f src/area.ts ]; then
                    cat > test/largest.test.ts <<'TS'
                  import { describe, expect, it } from "vitest";
                  import { largest } from "../src/area";

                  it("picks the largest square", () => {
                    const big = { kind: "square" as const, side: 2 };
                    expect(largest([{ kind: "square", side: 1 }, big])).toBe(big);
                    expect(largest([])).toBeUndefined();
                  });

                  describe("circles", () => {
                    // wrong on purpose: it fails, and it alone reaches a circle's area
                    it("lose to squares [always]", () => {
                      expect(largest([{ kind: "circle", radius: 1 }, { kind: "square", side: 1 }])?.kind).toBe("square");
                    });
                  });
                  TS
                  elif [ -f lib/cli.js ]; then
                    cat > test/options.test.js <<'JS'
                  'use strict';
                  const { parse } = require('../lib/cli');

                  test('knows --verbose and refuses the rest', () => {
                    expect(parse(['--verbose'])).toEqual({ verbose: true });
                    expect(() => parse(['--quiet'])).toThrow('unknown option --quiet');
                  });
                  JS
                  elif [ -f lib/greet.js ]; then
                    cat > test/shout.js <<'JS'
                  'use strict';
                  const assert = require('node:assert');
                  const { greet } = require('../lib/greet');

                  describe('shouting', () => {
                    it('shouts', () => {
                      assert.strictEqual(greet('ada', true), 'HELLO ADA!');
                    });
                  });
                  JS
                  else
                    cat > test/format.test.js <<'JS'
                  'use strict';
                  const assert = require('node:assert');
                  const { convert, format } = require('../lib/units');

                  describe('format', () => {
                    it('rounds to three places', () => {
                      assert.strictEqual(format(1 / 3, 'm'), '0.333 m');
                    });
                    // wrong on purpose: it fails, and it alone reaches the unknown-unit error
                    it('converts metres to miles (approx.)', () => {
                      assert.strictEqual(convert(1, 'm', 'mile'), 0.000621);
                    });
                  });
                  JS
                  fi
            repositories:
              cra:
                url: js-cra-counter
                platform: javascript
                targets: [{file: src/Counter.tsx, test-file: src/Counter.more.test.tsx}]
              vitest:
                url: js-vitest-shapes
                platform: javascript
                targets: [{file: src/area.ts, test-file: test/largest.test.ts}]
              mocha:
                url: js-mocha-units
                platform: javascript
                targets: [{file: lib/units.js, test-file: test/format.test.js}]
              jest:
                url: js-jest-cli
                platform: javascript
                targets: [{file: lib/cli.js, test-file: test/options.test.js}]
              acceptance:
                url: js-mocha-acceptance
                platform: javascript
                targets: [{file: lib/greet.js, test-file: test/shout.js}]
            """;

    @Test
    void eachRunnerIsMeasuredOverItsOwnSourceAndHonestTestsGainUnflagged() throws Exception {
        for (String project : List.of("js-cra-counter", "js-vitest-shapes", "js-mocha-units", "js-jest-cli", "js-mocha-acceptance")) {
            SampleProjects.commit(project, temp.resolve(project));
        }
        Path config = temp.resolve("javascript-recipe.yaml");
        Files.writeString(config, CONFIG);
        Path json = temp.resolve("results-run.json");

        CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        Map<String, RunResult> results = List.of(RunResultJson.mapper().readValue(json.toFile(), RunResult[].class)).stream()
                .collect(Collectors.toMap(r -> r.repository().name(), Function.identity()));
        Map<String, Long> sourceLines = Map.of("cra", CRA_LINES, "vitest", VITEST_LINES, "mocha", MOCHA_LINES,
                "jest", JEST_LINES, "acceptance", ACCEPTANCE_LINES);
        Map<String, Integer> baselineTests = Map.of("cra", 1, "vitest", 1, "mocha", 1, "jest", 1, "acceptance", 2);
        // the new test that fails, by its JUnit id, where the agent wrote one
        Map<String, String> failing = Map.of("vitest", "test/largest.test.ts::circles > lose to squares [always]",
                "mocha", "format::converts metres to miles (approx.)");
        sourceLines.forEach((repository, lines) -> {
            TestWritingOutcome writer = results.get(repository).testWriting().orElseThrow();
            // the baseline: all of its tests pass (the acceptance folder's too), and only the package's source measured
            assertThat(writer.testsBefore().passed()).as(repository).isEqualTo(baselineTests.get(repository));
            assertThat(writer.testsBefore().failed()).as(repository).isZero();
            assertThat(writer.coverageBefore().linesTotal()).as(repository).isEqualTo(lines);
            assertThat(writer.delta().orElseThrow().newlyCoveredLines()).as(repository).isPositive();
            assertThat(writer.targetAfter().orElseThrow().linesCovered()).as(repository)
                    .isGreaterThan(writer.targetBefore().orElseThrow().linesCovered());
            if (failing.containsKey(repository)) {
                // flagged, and left out of the gain by its name: what it alone reaches is not counted
                assertThat(writer.violations()).as(repository).extracting(v -> v.kind() + " " + v.subject())
                        .containsExactly("NEW_TEST_FAILING " + failing.get(repository));
                assertThat(writer.tests().added()).as(repository).hasSize(2);
                assertThat(writer.targetAfter().orElseThrow().linesCovered()).as(repository).isLessThan(lines);
            } else {
                assertThat(writer.violations()).as(repository + ": no config or lockfile flag from drydock's own setup").isEmpty();
                assertThat(writer.tests().added()).as(repository).hasSize(1);
            }
        });
    }
}
