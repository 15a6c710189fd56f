package dev.drydock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.core.config.CatalogInfo;
import dev.drydock.core.config.RepositoryDefinition;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shipped catalog of real projects: every template loads like a configuration's repository and
 * carries what a user needs to trust it (a pinned commit, a size class that matches its measured
 * lines, labels, targets with test files, and reference numbers when verified, a reason when not).
 */
class CatalogTest {
    private final SortedMap<String, RepositoryDefinition> catalog = Drydock.builder().env(Map.<String, String>of()::get).build()
            .catalog();

    @Test
    void namesTheOriginalDesignsProjects() {
        assertThat(catalog).containsKeys("tokei", "ripgrep", "todolist", "gpt-migrate", "airflow");
        assertThat(catalog.get("airflow").catalog().orElseThrow().verified()).isFalse();
    }

    @Test
    void completesTheOriginalPlanOfThreeSmallThreeMediumAndTwoLargeProjectsPerPlatform() {
        Map<String, Map<CatalogInfo.Size, Long>> plan = catalog.values().stream().collect(Collectors.groupingBy(
                RepositoryDefinition::platform,
                Collectors.groupingBy(repository -> repository.catalog().orElseThrow().size(), Collectors.counting())));
        for (String platform : List.of("rust", "javascript", "python")) {
            assertThat(plan.get(platform)).as(platform).containsEntry(CatalogInfo.Size.SMALL, 3L)
                    .containsEntry(CatalogInfo.Size.MEDIUM, 3L).containsEntry(CatalogInfo.Size.LARGE, 2L);
        }
        // every small and medium project has reference numbers measured here
        assertThat(catalog.entrySet().stream()
                .filter(entry -> entry.getValue().catalog().orElseThrow().size() != CatalogInfo.Size.LARGE)
                .filter(entry -> !entry.getValue().catalog().orElseThrow().verified()).map(Map.Entry::getKey))
                .isEmpty();
    }

    @Test
    void everyTemplateIsPinnedSizedLabelledAndTargeted() {
        catalog.forEach((name, repository) -> {
            CatalogInfo info = repository.catalog().orElseThrow();
            // results carry it, so leaderboards can filter by it
            assertThat(repository.sizeClass()).as(name).contains(info.size().name().toLowerCase(java.util.Locale.ROOT));
            assertThat(repository.url()).as(name).startsWith("https://github.com/");
            assertThat(repository.commit()).as(name).hasValueSatisfying(commit -> assertThat(commit).matches("[0-9a-f]{40}"));
            if (info.lines() > 0) {
                assertThat(info.size()).as(name + ": the size class of " + info.lines() + " lines")
                        .isEqualTo(CatalogInfo.Size.of(info.lines()));
            } else {
                assertThat(info.unverified()).as(name + ": only an unverified template may lack its line count").isPresent();
            }
            assertThat(info.licence()).as(name).isNotBlank();
            assertThat(repository.hasTests()).as(name + ": has-tests is ground truth").isPresent();
            if (repository.hasTests().get()) {
                assertThat(repository.frameworks()).as(name).isNotEmpty();
            }
            assertThat(repository.targets()).as(name + ": at least two test-writing targets").hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(target -> assertThat(target.testFile()).isNotBlank());
            assertThat(info.verified() || info.unverified().isPresent()).as(name + ": verified, or says why not").isTrue();
            info.reference().ifPresent(reference -> {
                assertThat(reference.linesTotal()).as(name).isPositive();
                assertThat(reference.measured()).as(name).matches("\\d{4}-\\d{2}-\\d{2}");
                if (!repository.hasTests().get()) {
                    assertThat(reference.testsRun()).as(name + ": no tests, none run").isZero();
                }
            });
        });
    }
}
