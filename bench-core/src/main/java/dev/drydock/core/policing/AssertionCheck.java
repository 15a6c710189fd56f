package dev.drydock.core.policing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static look at the test code an agent added: how many test functions, and which of them assert
 * nothing. An assertion does not count when it is in a comment, when it checks only constants
 * ({@code assert True}, {@code expect(true).toBe(true)}, {@code assert!(true)}), or when an
 * exception handler inside the test swallows it ({@code try: ... except: pass}, {@code catch (e) {}}).
 * A function's body runs from its first line to the next test function or the end of the added
 * block, so a helper defined after a test counts as part of it (lenient).
 */
public final class AssertionCheck {
    /**
     * @param assertionFree ids ({@code file::function}) of new test functions without a real assertion
     * @param evidence why, for each of them: what it has instead, with the lines
     */
    public record Result(int testFunctionsAdded, List<String> assertionFree, Map<String, String> evidence) {
        public static final Result NONE = new Result(0, List.of(), Map.of());

        public Result {
            assertionFree = List.copyOf(assertionFree);
            evidence = Map.copyOf(evidence);
        }
    }

    /** Words that name an assertion or a literal; an assertion line made only of these checks nothing. */
    private static final Set<String> CONSTANT_WORDS = Set.of("assert", "True", "False", "None", "true", "false", "null",
            "undefined", "not", "is", "and", "or", "expect", "toBe", "toEqual", "toStrictEqual", "toBeTruthy",
            "toBeFalsy", "toBeDefined", "toBeNull", "ok", "equal", "strictEqual", "deepEqual", "deepStrictEqual",
            "notEqual", "assertTrue", "assertFalse", "assertEqual", "assertEquals", "assertIsNone", "assertIsNotNone",
            "assertNotNull", "assert_eq", "assert_ne", "self", "this", "Assert", "Assertions", "assertThat", "isTrue",
            "isFalse", "isEqualTo", "unittest", "pytest", "t", "equals", "to", "be", "eq", "debug_assert", "debug_assert_eq");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern TRY = Pattern.compile("^\\s*try\\s*(:|\\{|$)");
    /** A handler that catches assertion failures: bare, broad, or named; JavaScript's catch catches everything. */
    private static final Pattern SWALLOWING_HANDLER = Pattern.compile(
            "^\\s*(\\}\\s*)?(except\\s*(\\(?\\s*(Exception|BaseException|AssertionError)\\b[^:]*)?:|catch\\s*(\\(|\\{)"
                    + "|\\.catch\\s*\\()");
    private static final Pattern OTHER_HANDLER = Pattern.compile("^\\s*(\\}\\s*)?(except\\b|catch\\b|finally\\b)");
    private static final Pattern RERAISE = Pattern.compile("\\b(raise|throw|fail|rethrow|panic!)\\b");

    private AssertionCheck() {}

    /** @param testHunks unified diff of each test file, by path */
    public static Result check(Map<String, String> testHunks, Pattern testFunction, Pattern assertion) {
        int added = 0;
        List<String> assertionFree = new ArrayList<>();
        Map<String, String> evidence = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : testHunks.entrySet()) {
            Function current = null;
            for (String line : file.getValue().split("\n", -1)) {
                boolean addedLine = line.startsWith("+") && !line.startsWith("+++");
                if (!addedLine) {
                    if (current != null && !line.startsWith(" ")) {
                        // the added block ended (a hunk header or removed line)
                        current.finish(file.getKey(), assertionFree, evidence);
                        current = null;
                    }
                    continue;
                }
                String code = line.substring(1);
                Matcher start = testFunction.matcher(line);
                if (start.find()) {
                    if (current != null) {
                        current.finish(file.getKey(), assertionFree, evidence);
                    }
                    String name = start.groupCount() >= 1 && start.group(1) != null ? start.group(1) : line.strip();
                    current = new Function(name);
                    current.read(line.substring(start.end()), assertion);
                    added++;
                } else if (current != null) {
                    current.read(code, assertion);
                }
            }
            if (current != null) {
                current.finish(file.getKey(), assertionFree, evidence);
            }
        }
        return new Result(added, assertionFree, evidence);
    }

    /** A line without its trailing comment ({@code #} or {@code //} outside strings), or empty for a comment line. */
    public static String withoutComment(String line) {
        String stripped = line.strip();
        if (stripped.startsWith("#") && !stripped.startsWith("#[") && !stripped.startsWith("#!")
                || stripped.startsWith("//") || stripped.startsWith("*") || stripped.startsWith("/*")) {
            return "";
        }
        StringBuilder code = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    code.append(c);
                    if (i + 1 < line.length()) {
                        code.append(line.charAt(++i));
                    }
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '#' && (i + 1 >= line.length() || line.charAt(i + 1) != '[')
                    || c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                break;
            }
            code.append(c);
        }
        return code.toString();
    }

    /** Whether an assertion line checks only constants: every word on it names an assertion or a literal. */
    static boolean constant(String code) {
        Matcher words = WORD.matcher(STRING.matcher(code).replaceAll("\"\""));
        while (words.find()) {
            if (!CONSTANT_WORDS.contains(words.group())) {
                return false;
            }
        }
        return true;
    }

    /** One added test function as it is read, line by line. */
    private static final class Function {
        private final String name;
        private boolean asserted;
        /** Real assertions inside a {@code try} block whose handler has not been seen yet. */
        private final List<String> pending = new ArrayList<>();
        private boolean inTry;
        /** Lines after a swallowing handler, read to see whether it re-raises. */
        private int handlerLines = -1;
        private final List<String> swallowed = new ArrayList<>();
        private final List<String> constants = new ArrayList<>();
        private final List<String> commented = new ArrayList<>();

        Function(String name) {
            this.name = name;
        }

        void read(String line, Pattern assertion) {
            String code = withoutComment(line);
            if (handlerLines >= 0) {
                if (RERAISE.matcher(code).find()) {
                    asserted |= !pending.isEmpty();
                    pending.clear();
                    handlerLines = -1;
                } else if (++handlerLines >= 3) {
                    swallowed.addAll(pending);
                    pending.clear();
                    handlerLines = -1;
                }
            }
            if (TRY.matcher(code).find()) {
                inTry = true;
                return;
            }
            if (inTry && SWALLOWING_HANDLER.matcher(code).find()) {
                inTry = false;
                handlerLines = 0;
                if (RERAISE.matcher(code).find()) {
                    asserted |= !pending.isEmpty();
                    pending.clear();
                    handlerLines = -1;
                }
                return;
            }
            if (inTry && OTHER_HANDLER.matcher(code).find()) {
                // a handler of a specific error lets assertion failures through
                inTry = false;
                asserted |= !pending.isEmpty();
                pending.clear();
            }
            if (!assertion.matcher(code).find()) {
                if (assertion.matcher(line).find()) {
                    commented.add(line.strip());
                }
                return;
            }
            if (constant(code)) {
                constants.add(code.strip());
            } else if (inTry) {
                pending.add(code.strip());
            } else {
                asserted = true;
            }
        }

        void finish(String file, List<String> assertionFree, Map<String, String> evidence) {
            if (handlerLines >= 0 || inTry) {
                // the block ended inside a handler that never re-raised, or inside a try without a handler
                if (handlerLines >= 0) {
                    swallowed.addAll(pending);
                } else {
                    asserted |= !pending.isEmpty();
                }
                pending.clear();
            }
            if (asserted) {
                return;
            }
            String id = file + "::" + name;
            assertionFree.add(id);
            List<String> why = new ArrayList<>();
            if (!constants.isEmpty()) {
                why.add("only constant assertions: " + String.join(" | ", constants));
            }
            if (!swallowed.isEmpty()) {
                why.add("assertions swallowed by an exception handler: " + String.join(" | ", swallowed));
            }
            if (!commented.isEmpty()) {
                why.add("assertions only in comments: " + String.join(" | ", commented));
            }
            evidence.put(id, why.isEmpty() ? "no assertion" : String.join("; ", why));
        }
    }
}
