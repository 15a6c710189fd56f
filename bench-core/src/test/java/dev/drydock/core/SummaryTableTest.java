package dev.drydock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunError;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.testkit.SampleResults;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
    @Test
    void rendersOneAlignedRowPerRunAndTheReasonsOfFailures() {
        RunResult ok = SampleResults.completed("run-1", "ghost", "inventory", 0);
        RunResult failed = SampleResults.completed("run-2", "crasher", "inventory", 1);
        RunResult infra = new RunResult(failed.schemaVersion(), failed.runId(), failed.suite(), failed.benchmark(),
                failed.agent(), failed.repository(), failed.target(), failed.repetition(), failed.startedAt(),
                failed.finishedAt(), RunStatus.INFRASTRUCTURE_FAILED,
                Optional.of(new RunError(ErrorCode.SETUP_FAILED, "repository setup failed with exit code 4", "")),
                Optional.empty(), Optional.empty(), Optional.empty(), failed.usage(), Optional.empty(), failed.environment(),
                Optional.empty());

        String table = SummaryTable.render(List.of(ok, infra));
        List<String> lines = table.lines().toList();

        assertThat(lines.get(0)).startsWith("agent    repository  target    status       cov before  cov after  +lines  +branches");
        assertThat(lines.get(2)).startsWith("ghost    inventory   src/a.py  ok           25.0%       62.5%      +15     +3  "
                + "       25.0% -> 91.7%  +3/-0      2      +31/-2     source  1540    $0.0120  42.0s");
        assertThat(lines.get(3)).startsWith("crasher  inventory   src/a.py  infra error  -           -          -       -");
        assertThat(lines.get(4)).as("every flag explained under the table")
                .isEqualTo("ghost on inventory:src/a.py: source src/a.py: source file modified");
        assertThat(lines.get(5)).isEqualTo("crasher on inventory:src/a.py: SETUP_FAILED repository setup failed with exit code 4");
        assertThat(lines.get(6)).as("a run without a workspace has no isolation to show")
                .isEqualTo("isolation: bubblewrap (network open; memory 8192 MiB; 4096 processes; not enforced: network-policy), 1 run");
    }

    @Test
    void agentsThatRanUnsandboxedAreSaidToHave() {
        RunResult sandboxed = SampleResults.completed("run-1", "ghost", "inventory", 0);
        RunResult bare = SampleResults.completed("run-2", "ghost", "inventory", 1);
        RunResult unsandboxed = new RunResult(bare.schemaVersion(), bare.runId(), bare.suite(), bare.benchmark(), bare.agent(),
                bare.repository(), bare.target(), bare.repetition(), bare.startedAt(), bare.finishedAt(), bare.status(),
                bare.error(), bare.agentCommand(), bare.testWriting(), bare.testRunning(), bare.usage(), bare.costUsd(),
                bare.environment(), Optional.of(dev.drydock.api.Isolation.NONE));

        List<String> lines = SummaryTable.render(List.of(sandboxed, unsandboxed, sandboxed)).lines().toList();

        assertThat(lines).contains("isolation: bubblewrap (network open; memory 8192 MiB; 4096 processes; not enforced: network-policy), 2 runs",
                "isolation: none (network open; not enforced: sandbox, read-only-paths) — agents ran UNSANDBOXED, 1 run");
    }

    @Test
    void testRunningResultsGetTheirOwnTableAfterTheTestWritingOne() {
        String table = SummaryTable.render(List.of(
                SampleResults.testRunning("r2", "claimer", "inventory", 0),
                SampleResults.completed("r1", "ghost", "inventory", 0)));
        List<String> lines = table.lines().toList();

        assertThat(lines.get(0)).startsWith("agent  repository  target    status");
        assertThat(lines.get(2)).startsWith("ghost  inventory   src/a.py  ok");
        assertThat(lines.get(3)).isEmpty();
        assertThat(lines.get(4)).isEqualTo("agent    repository  status  detection  setup  tests (ref)  coverage (ref)"
                + "  claim gap  flags      score  tokens  cost  time");
        assertThat(lines.get(6)).isEqualTo("claimer  inventory   ok      ok         ok     2/3 (3/3)    55.0% (60.0%)"
                + "   +45.0pt    cov-claim  50%    1000    ?     61.0s");
        // each failed score part: what the reference measured against what the replay measured
        assertThat(lines).containsSubsequence(
                "claimer on inventory: tests: measured 3 tests, 2 passed; the reference ran 3 tests, 3 passed",
                "claimer on inventory: coverage: measured 55.0% (22 of 40 lines); the reference measured 60.0% (24 of 40 lines)",
                "claimer on inventory: cov-claim .drydock/report.json: claims 40 lines, 22 measured");
    }
}
