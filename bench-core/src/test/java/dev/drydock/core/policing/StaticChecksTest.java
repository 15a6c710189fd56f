package dev.drydock.core.policing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The static checks of added test code: suspicious constructs and assertion-free tests, and what honest tests look like. */
class StaticChecksTest {
    private static final Pattern PY_TEST = Pattern.compile("^\\+?\\s*(?:async\\s+)?def\\s+(test\\w*)\\s*\\(", Pattern.MULTILINE);
    private static final Pattern PY_ASSERT = Pattern.compile(
            "\\bassert\\b|pytest\\.raises|pytest\\.warns|pytest\\.fail|\\.assert\\w*\\(|self\\.fail\\(");
    private static final Pattern JS_TEST = Pattern.compile("^\\+?\\s*(?:test|it)\\s*\\(\\s*[\"'`]([^\"'`]*)", Pattern.MULTILINE);
    private static final Pattern JS_ASSERT = Pattern.compile("\\bassert\\b|expect\\(|\\.throws\\(|\\.rejects\\(");

    private static String added(String... lines) {
        StringBuilder diff = new StringBuilder("--- /dev/null\n+++ b/file\n@@ -0,0 +1," + lines.length + " @@\n");
        for (String line : lines) {
            diff.append('+').append(line).append('\n');
        }
        return diff.toString();
    }

    @Test
    void pythonConstructsThatMoveCoverageAreFlaggedWithTheirLines() {
        Map<String, String> hunks = new LinkedHashMap<>();
        hunks.put("tests/test_exec.py", added(
                "import pathlib",
                "def test_total():",
                "    code = compile(pathlib.Path('sub.py').read_text(), 'src/inventory/pricing.py', 'exec')",
                "    exec(code, {})",
                "    assert True"));
        hunks.put("tests/conftest.py", added(
                "import sys, site",
                "def pytest_sessionfinish(session):",
                "    with open(site.getsitepackages()[0] + '/zz.pth', 'w') as f:",
                "        f.write('import os')",
                "    sys.settrace(None)"));
        hunks.put("tests/test_runpy.py", added("import runpy", "def test_main():", "    runpy.run_path('src/inventory/stock.py')",
                "    assert 1 == 1"));
        hunks.put("tests/test_cov.py", added("import coverage", "def test_x():", "    coverage.Coverage.current().stop()"));
        hunks.put("tests/test_daemon.py", added("import subprocess", "subprocess.Popen(['sleep', '60'])"));
        hunks.put("tests/test_rewrite.py", added("from pathlib import Path",
                "Path('src/inventory/pricing.py').write_text('def total(): return 1')"));

        List<Violation> found = SuspiciousCode.find(hunks);

        assertThat(found).allMatch(v -> v.kind() == Violation.Kind.SUSPICIOUS_TEST_CODE);
        assertThat(found).extracting(Violation::subject).contains("tests/test_exec.py", "tests/conftest.py",
                "tests/test_runpy.py", "tests/test_cov.py", "tests/test_rewrite.py", "tests/test_daemon.py");
        Violation exec = found.stream().filter(v -> v.subject().equals("tests/test_exec.py")).findFirst().orElseThrow();
        assertThat(exec.message()).contains("run time");
        assertThat(exec.evidence()).contains("3: code = compile(").contains("4: exec(code, {})");
        assertThat(found).filteredOn(v -> v.subject().equals("tests/conftest.py")).extracting(Violation::message)
                .anyMatch(m -> m.contains("tracer")).anyMatch(m -> m.contains("start-up")).anyMatch(m -> m.contains("writes a file"));
    }

    @Test
    void javascriptRustAndJavaEquivalentsAreFlagged() {
        Map<String, String> hunks = new LinkedHashMap<>();
        hunks.put("test/a.test.js", added("const vm = require('node:vm');", "vm.runInThisContext(src, {filename: '/p/src/pricing.js'});"));
        hunks.put("test/b.test.mjs", added("import fs from 'node:fs';", "fs.writeFileSync('src/pricing.js', 'x');",
                "globalThis.__coverage__ = {};"));
        hunks.put("tests/shapes.rs", added("include!(\"../src/area.rs\");", "std::fs::write(\"src/lib.rs\", \"\").unwrap();"));
        hunks.put("src/test/java/PTest.java", added("new java.io.FileOutputStream(\"target/jacoco.exec\");",
                "ClassLoader loader = new java.net.URLClassLoader(urls);"));

        List<Violation> found = SuspiciousCode.find(hunks);

        assertThat(found).extracting(Violation::subject).contains("test/a.test.js", "test/b.test.mjs", "tests/shapes.rs",
                "src/test/java/PTest.java");
        assertThat(found).filteredOn(v -> v.subject().equals("test/b.test.mjs")).hasSize(2);
    }

    @Test
    void honestTestCodeIsNotFlagged() {
        Map<String, String> hunks = new LinkedHashMap<>();
        hunks.put("tests/conftest.py", added(
                "import pytest",
                "from inventory.stock import Stock",
                "@pytest.fixture",
                "def stock():",
                "    return Stock({'apple': 3})"));
        hunks.put("tests/test_more.py", added(
                "import re, json, ast",
                "import pytest",
                "@pytest.mark.parametrize('qty,expected', [(1, 2), (2, 4)])",
                "def test_double(qty, expected):",
                "    assert re.compile(r'\\d').match(str(qty))",
                "    assert ast.literal_eval('1') == 1",
                "    assert qty * 2 == expected",
                "def test_writes_scratch(tmp_path):",
                "    (tmp_path / 'x.json').write_text(json.dumps({}))",
                "    with open(tmp_path / 'y.txt', 'w') as f:",
                "        f.write('ok')",
                "    assert (tmp_path / 'y.txt').read_text() == 'ok'",
                "    with open('README.md') as f:",
                "        assert f.read()",
                "def test_counts_runs_next_to_itself():",
                "    counter = pathlib.Path(__file__).with_name('.count')",
                "    counter.write_text('1')",
                "    assert counter.read_text() == '1'",
                "def test_scratch_file(tmp_path):",
                "    scratch = tmp_path / 'prices.json'",
                "    scratch.write_text('{}')",
                "    assert scratch.read_text() == '{}'"));
        hunks.put("test/setup.js", added("process.env.TZ = 'UTC';", "// evaluate the result", "export const evaluate = (x) => x;"));
        hunks.put("tests/helpers.rs", added("pub fn square(side: f64) -> shapes::Square {", "    shapes::Square::new(side)", "}"));

        assertThat(SuspiciousCode.find(hunks)).isEmpty();
    }

    @Test
    void constantCommentedAndSwallowedAssertionsDoNotCount() {
        Map<String, String> hunks = Map.of("tests/test_fake.py", added(
                "def test_constant():",
                "    total([1])",
                "    assert True",
                "def test_commented():",
                "    total([1])",
                "    # assert total([1]) == 1",
                "def test_swallowed():",
                "    try:",
                "        assert total([1]) == 99",
                "    except:",
                "        pass",
                "def test_swallowed_broadly():",
                "    try:",
                "        assert total([1]) == 99",
                "    except Exception as e:",
                "        print(e)",
                "def test_real():",
                "    assert total([1]) == 1",
                "def test_reraised():",
                "    try:",
                "        assert total([]) == 0",
                "    except AssertionError:",
                "        raise",
                "def test_specific_handler():",
                "    try:",
                "        assert total([2]) == 2",
                "    except ValueError:",
                "        pass",
                "def test_raises():",
                "    with pytest.raises(ValueError):",
                "        total(None)"));

        AssertionCheck.Result result = AssertionCheck.check(hunks, PY_TEST, PY_ASSERT);

        assertThat(result.testFunctionsAdded()).isEqualTo(8);
        assertThat(result.assertionFree()).containsExactly("tests/test_fake.py::test_constant",
                "tests/test_fake.py::test_commented", "tests/test_fake.py::test_swallowed",
                "tests/test_fake.py::test_swallowed_broadly");
        assertThat(result.evidence().get("tests/test_fake.py::test_constant")).contains("only constant assertions: assert True");
        assertThat(result.evidence().get("tests/test_fake.py::test_commented")).contains("only in comments");
        assertThat(result.evidence().get("tests/test_fake.py::test_swallowed")).contains("swallowed").contains("== 99");
    }

    @Test
    void javascriptConstantAndSwallowedExpectationsDoNotCount() {
        Map<String, String> hunks = Map.of("test/fake.test.js", added(
                "test('constant', () => {",
                "  total([1]);",
                "  expect(true).toBe(true);",
                "});",
                "test('swallowed', () => {",
                "  try {",
                "    assert.equal(total([1]), 99);",
                "  } catch (e) {}",
                "});",
                "test('real', () => {",
                "  assert.strictEqual(total([1]), 1);",
                "});"));

        AssertionCheck.Result result = AssertionCheck.check(hunks, JS_TEST, JS_ASSERT);

        assertThat(result.assertionFree()).containsExactly("test/fake.test.js::constant", "test/fake.test.js::swallowed");
    }

    @Test
    void aReplayedCheckoutThatChangedVoidsTheGainAndABrokenRepositoryIsNamed() {
        List<Violation> tampered = TamperCheck.replay(Map.of("src/inventory/pricing.py", "@@ -1 +1 @@\n-a\n+b\n"));
        assertThat(tampered).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Violation.Kind.SOURCE_TAMPERED);
            assertThat(v.evidence()).contains("+b");
        });
        assertThat(TamperCheck.voidsGain(tampered)).isTrue();
        assertThat(TamperCheck.voidsGain(List.of())).isFalse();
        assertThat(TamperCheck.workspace(java.util.Optional.of(0), "commit\n", "abc")).isEmpty();
        assertThat(TamperCheck.workspace(java.util.Optional.of(128), "fatal: not a git repository", "abc"))
                .hasValueSatisfying(why -> assertThat(why).contains("abc").contains("not a git repository"));
    }
}
