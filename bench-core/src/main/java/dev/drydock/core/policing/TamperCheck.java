package dev.drydock.core.policing;

import dev.drydock.api.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether what drydock measured is what it set up. In the replay, every file of the checkout but
 * the agent's replayed tests must equal the baseline after the tests ran (compared by drydock's own
 * git, i.e. by content hash); in the agent's workspace, the repository state drydock handed over
 * must still be there.
 */
public final class TamperCheck {
    private static final int EVIDENCE_LIMIT = 2048;

    private TamperCheck() {}

    /**
     * @param differences each path of the replay's checkout that differs from the baseline with the
     *     agent's test patch applied, with its diff
     */
    public static List<Violation> replay(Map<String, String> differences) {
        List<Violation> violations = new ArrayList<>();
        differences.forEach((path, hunk) -> violations.add(new Violation(Violation.Kind.SOURCE_TAMPERED, path,
                "changed while the agent's tests ran in the replay (only the tests were applied); the run gains nothing",
                hunk.length() <= EVIDENCE_LIMIT ? hunk : hunk.substring(0, EVIDENCE_LIMIT) + "\n[...]")));
        return violations;
    }

    /**
     * What is wrong with the agent's workspace's repository, if anything.
     *
     * @param exitCode of {@code git cat-file -t COMMIT} in the workspace after the agent
     * @param output its output
     */
    public static Optional<String> workspace(Optional<Integer> exitCode, String output, String commit) {
        if (exitCode.equals(Optional.of(0)) && output.strip().equals("commit")) {
            return Optional.empty();
        }
        return Optional.of("the agent left the workspace's git repository without the baseline commit " + commit
                + " (.git deleted or corrupted): " + output.strip());
    }

    /** Whether a violation takes the gain away: the measured checkout was not what drydock set up. */
    public static boolean voidsGain(List<Violation> violations) {
        return violations.stream().anyMatch(v -> v.kind() == Violation.Kind.SOURCE_TAMPERED);
    }
}
