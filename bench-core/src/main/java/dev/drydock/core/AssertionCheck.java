package dev.drydock.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static look at the test code an agent added: how many test functions, and which of them
 * contain no assertion. A function's body runs from its first line to the next test function or
 * the end of the added block, so a helper defined after a test counts as part of it (lenient).
 */
final class AssertionCheck {
    record Result(int testFunctionsAdded, List<String> assertionFree) {
        static final Result NONE = new Result(0, List.of());
    }

    private AssertionCheck() {}

    /** @param testHunks unified diff of each test file, by path */
    static Result check(Map<String, String> testHunks, Pattern testFunction, Pattern assertion) {
        int added = 0;
        List<String> assertionFree = new ArrayList<>();
        for (Map.Entry<String, String> file : testHunks.entrySet()) {
            String name = null;
            boolean asserted = false;
            for (String line : file.getValue().split("\n", -1)) {
                boolean addedLine = line.startsWith("+") && !line.startsWith("+++");
                if (!addedLine) {
                    if (name != null && !line.startsWith(" ")) {
                        // the added block ended (a hunk header or removed line)
                        if (!asserted) {
                            assertionFree.add(file.getKey() + "::" + name);
                        }
                        name = null;
                    }
                    continue;
                }
                Matcher start = testFunction.matcher(line);
                if (start.find()) {
                    if (name != null && !asserted) {
                        assertionFree.add(file.getKey() + "::" + name);
                    }
                    name = start.groupCount() >= 1 && start.group(1) != null ? start.group(1) : line.strip();
                    asserted = assertion.matcher(line.substring(start.end())).find();
                    added++;
                } else if (name != null && assertion.matcher(line).find()) {
                    asserted = true;
                }
            }
            if (name != null && !asserted) {
                assertionFree.add(file.getKey() + "::" + name);
            }
        }
        return new Result(added, assertionFree);
    }
}
