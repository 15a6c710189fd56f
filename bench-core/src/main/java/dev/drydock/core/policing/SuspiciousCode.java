package dev.drydock.core.policing;

import dev.drydock.api.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A static look at added test code for what no honest test needs and what can move a coverage
 * number from inside the test process, where no sandbox reaches: code built at run time and
 * compiled under another file's name, source files loaded by path, tracers, the coverage tool's own
 * API, runner internals, and writes to files (outside temporary folders). Each finding is a
 * {@link Violation.Kind#SUSPICIOUS_TEST_CODE} per file and construct, with the added lines that
 * show it. The language comes from the file name.
 */
public final class SuspiciousCode {
    private static final int EVIDENCE_LINES = 8;
    private static final Pattern NEW_START = Pattern.compile("\\+(\\d+)");
    /** A write whose line names a temporary folder is a test's own scratch file. */
    private static final Pattern TEMPORARY = Pattern.compile("tmp|temp", Pattern.CASE_INSENSITIVE);
    /** The test's own file or folder ({@code __file__}, {@code __dirname}, {@code import.meta.url}), not a way up from it. */
    private static final Pattern OWN_FOLDER = Pattern.compile("__file__|__dirname|import\\.meta");
    private static final Pattern UPWARDS = Pattern.compile("parent\\s*\\.\\s*parent|\\.\\./|['\"]\\.\\.['\"]|parents\\[|dirname\\(.*dirname|pardir");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?m)^\\+\\s*(?:(?:const|let|var|final|val|let\\s+mut)\\s+)?([A-Za-z_]\\w*)(?:\\s*:\\s*[\\w.<>\\[\\]]+)?\\s*=(?!=)(.*)$");

    /** A construct to look for, and whether a line naming a temporary folder is exempt. */
    private record Construct(String what, Pattern pattern, boolean temporaryExempt) {
        Construct(String what, String regex) {
            this(what, Pattern.compile(regex), false);
        }
    }

    private static Construct writes(String regex) {
        return new Construct("writes a file outside a temporary folder (the source, the environment, a report)",
                Pattern.compile(regex), true);
    }

    private static final List<Construct> PYTHON = List.of(
            new Construct("runs code built at run time (exec/eval/compile can name any file, so coverage credits it)",
                    "(?<![\\w.])(exec|eval|compile)\\s*\\("),
            new Construct("runs a module or file by path (runpy)", "\\brunpy\\b"),
            new Construct("loads a source file by path or replaces a module or code object",
                    "spec_from_file_location|SourceFileLoader|SourcelessFileLoader|load_source|importlib\\.machinery"
                            + "|sys\\.modules\\s*\\[[^\\]]*\\]\\s*=|__code__\\s*=|\\bmarshal\\b|\\.pyc\\b|__pycache__"),
            new Construct("installs a tracer or profiler (sys.settrace, sys.setprofile, sys.monitoring)",
                    "settrace|setprofile|sys\\.monitoring|\\bf_trace\\b"),
            new Construct("uses the coverage tool itself",
                    "^\\s*(import|from)\\s+(coverage|pytest_cov)\\b|\\bcoverage\\.(Coverage|process_startup|CoverageData)|\\bCoverageData\\b"),
            new Construct("starts other programs (which outlive no command, but run outside the test's view)",
                    "\\bsubprocess\\b|\\bos\\.(system|popen|fork|exec\\w*|spawn\\w*)\\s*\\("),
            new Construct("touches the interpreter's start-up (.pth, sitecustomize, site-packages)",
                    "\\.pth\\b|sitecustomize|usercustomize|site-packages|\\bsite\\.(addsitedir|getsitepackages)"),
            writes("open\\s*\\(.*,\\s*(mode\\s*=\\s*)?['\"][rbt]*[wax+][rwaxbt+]*['\"]\\s*[,)]|\\.write_(text|bytes)\\s*\\("
                    + "|shutil\\.(copy\\w*|move|rmtree)|os\\.(remove|unlink|rename|replace|symlink|link|truncate)\\s*\\("
                    + "|\\.(unlink|symlink_to|touch)\\s*\\("));

    private static final List<Construct> JAVASCRIPT = List.of(
            new Construct("runs code built at run time (eval, new Function, vm)",
                    "(?<![\\w.])eval\\s*\\(|new\\s+Function\\s*\\(|\\bvm\\.(runIn\\w*|Script|compileFunction|SourceTextModule)"
                            + "|['\"](node:)?vm['\"]"),
            new Construct("loads or replaces modules behind the runner's back",
                    "Module\\._(compile|load|extensions)|require\\.cache|require\\.extensions|process\\.binding"),
            new Construct("uses the coverage machinery itself",
                    "NODE_V8_COVERAGE|takeCoverage|stopCoverage|__coverage__|['\"](node:)?inspector['\"]|Profiler\\.|istanbul|\\bc8\\b"),
            new Construct("starts other programs", "child_process|\\bexecSync\\s*\\(|\\bspawn(Sync)?\\s*\\("),
            writes("\\b(writeFile|appendFile|copyFile|createWriteStream|symlink|truncate|rename|unlink|rm|rmdir)(Sync)?\\s*\\("));

    private static final List<Construct> RUST = List.of(
            new Construct("includes or mounts another file's code by path (include!, #[path])",
                    "include(_str|_bytes)?!\\s*\\(|#\\s*\\[\\s*path\\s*="),
            new Construct("touches the coverage instrumentation (profiles, LLVM)",
                    "profraw|profdata|LLVM_PROFILE|__llvm_profile|instrument-coverage|\\bllvm"),
            new Construct("starts other programs", "process::Command|Command::new"),
            writes("fs::(write|remove_file|remove_dir\\w*|rename|copy|hard_link|soft_link)|File::create|OpenOptions|os::unix::fs::symlink"));

    private static final List<Construct> JAVA = List.of(
            new Construct("defines or loads classes at run time",
                    "ClassLoader|defineClass|defineHiddenClass|java\\.lang\\.instrument|Instrumentation|ToolProvider|JavaCompiler"
                            + "|ScriptEngine"),
            new Construct("uses the coverage tool itself", "org\\.jacoco|jacoco|\\$jacoco"),
            new Construct("starts other programs", "ProcessBuilder|Runtime\\.getRuntime\\(\\)\\.exec"),
            writes("Files\\.(write\\w*|delete\\w*|move|copy|createSymbolicLink|createLink|newOutputStream|newBufferedWriter)"
                    + "|FileOutputStream|FileWriter|RandomAccessFile|PrintWriter\\s*\\(\\s*new\\s+File"));

    private SuspiciousCode() {}

    /**
     * @param testHunks the unified diff of each test file (or inline test block), by path; only added
     *     lines are read
     */
    public static List<Violation> find(Map<String, String> testHunks) {
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, String> file : testHunks.entrySet()) {
            List<Construct> constructs = constructs(file.getKey());
            Pattern scratch = scratchNames(file.getValue());
            Map<Construct, List<String>> found = new LinkedHashMap<>();
            int lineNumber = 0;
            for (String line : file.getValue().split("\n", -1)) {
                if (line.startsWith("@@")) {
                    lineNumber = newStart(line) - 1;
                    continue;
                }
                if (line.startsWith("+++") || line.startsWith("---")) {
                    continue;
                }
                if (!line.startsWith("-")) {
                    lineNumber++;
                }
                if (!line.startsWith("+")) {
                    continue;
                }
                String code = AssertionCheck.withoutComment(line.substring(1));
                for (Construct construct : constructs) {
                    if (construct.pattern().matcher(code).find()
                            && !(construct.temporaryExempt() && scratchWrite(code, scratch))) {
                        found.computeIfAbsent(construct, c -> new ArrayList<>()).add(lineNumber + ": " + code.strip());
                    }
                }
            }
            found.forEach((construct, lines) -> violations.add(new Violation(Violation.Kind.SUSPICIOUS_TEST_CODE,
                    file.getKey(), "added test code " + construct.what(),
                    String.join("\n", lines.subList(0, Math.min(lines.size(), EVIDENCE_LINES)))
                            + (lines.size() > EVIDENCE_LINES ? "\n(" + (lines.size() - EVIDENCE_LINES) + " more)" : ""))));
        }
        return violations;
    }

    /** Whether a write goes to a scratch place, named on its line or through a scratch name, without climbing out. */
    private static boolean scratchWrite(String code, Pattern scratchNames) {
        return (scratch(code) || scratchNames.matcher(code).find()) && !UPWARDS.matcher(code).find();
    }

    /** Whether code names a place a test may write: a temporary folder, or its own file's folder. */
    private static boolean scratch(String code) {
        return TEMPORARY.matcher(code).find() || OWN_FOLDER.matcher(code).find() && !UPWARDS.matcher(code).find();
    }

    /**
     * Names the added code assigns from a scratch place ({@code scratch = tmp_path / "x"}, {@code
     * counter = Path(__file__).with_name("n")}): writes through them are scratch too.
     */
    private static Pattern scratchNames(String diff) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher assignment = ASSIGNMENT.matcher(diff);
        while (assignment.find()) {
            if (scratch(assignment.group(2))) {
                names.add(Pattern.quote(assignment.group(1)));
            }
        }
        return names.isEmpty() ? Pattern.compile("(?!)") : Pattern.compile("\\b(" + String.join("|", names) + ")\\b");
    }

    private static List<Construct> constructs(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        if (name.endsWith(".py") || name.endsWith(".pyx")) {
            return PYTHON;
        }
        if (name.matches(".*\\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$")) {
            return JAVASCRIPT;
        }
        if (name.endsWith(".rs")) {
            return RUST;
        }
        if (name.matches(".*\\.(java|kt|groovy|scala)$")) {
            return JAVA;
        }
        return List.of();
    }

    /** The first line number of the new side of a hunk header {@code @@ -a,b +c,d @@}. */
    private static int newStart(String header) {
        java.util.regex.Matcher m = NEW_START.matcher(header);
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }
}
