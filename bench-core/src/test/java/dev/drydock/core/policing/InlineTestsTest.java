package dev.drydock.core.policing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.testkit.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rust-style inline test blocks: found, split from source hunks, and replayed alone with real git. */
class InlineTestsTest {
    private static final String BEFORE = """
            pub fn classify(n: i64) -> &'static str {
                if n < 0 { "negative" } else { "positive" }
            }

            #[cfg(test)]
            mod tests {
                use super::*;

                #[test]
                fn negative() {
                    assert_eq!(classify(-1), "negative");
                }
            }
            """;

    @Test
    void findsTheBlocksAMarkerOpens() {
        assertThat(InlineTests.ranges(BEFORE, "#[cfg(test)]")).singleElement()
                .satisfies(range -> assertThat(range).containsExactly(5, 13));
        assertThat(InlineTests.ranges("fn main() { let s = \"{\"; }\n", "#[cfg(test)]")).isEmpty();
    }

    @TempDir
    Path temp;

    @Test
    void onlyTheTestHunksOfAMixedFileAreReplayed() throws Exception {
        Path repo = temp.resolve("agent");
        String base = GitFixture.createRepository(repo, Map.of("src/lib.rs", BEFORE));
        String after = BEFORE
                .replace("\"positive\" }", "\"positive!\" }") // a source change
                .replace("""
                            assert_eq!(classify(-1), "negative");
                        }
                    """, """
                            assert_eq!(classify(-1), "negative");
                        }

                        #[test]
                        fn positive() {
                            assert_eq!(classify(1), "positive");
                        }
                    """);
        Files.writeString(repo.resolve("src/lib.rs"), after);
        Process diff = new ProcessBuilder("bash", "-c", DiffViolations.command(base)).directory(repo.toFile()).start();
        GitFixture.git(repo, "add", "-A");
        diff = new ProcessBuilder("bash", "-c", DiffViolations.command(base)).directory(repo.toFile()).start();
        String fileDiff = new String(diff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        List<InlineTests.Hunk> parts = InlineTests.hunks(fileDiff,
                InlineTests.ranges(BEFORE, "#[cfg(test)]"), InlineTests.ranges(after, "#[cfg(test)]"));
        List<InlineTests.Hunk> body = parts.subList(1, parts.size());
        assertThat(body).extracting(InlineTests.Hunk::test).containsExactly(false, true);

        String testOnly = parts.get(0).text() + body.stream().filter(InlineTests.Hunk::test)
                .map(InlineTests.Hunk::text).collect(Collectors.joining());
        Path replay = temp.resolve("replay");
        GitFixture.git(temp, "clone", "--quiet", repo.toString(), replay.toString());
        GitFixture.git(replay, "checkout", "--quiet", "--detach", base);
        Files.writeString(replay.resolve("tests.patch"), testOnly);
        GitFixture.git(replay, "apply", "--recount", "--whitespace=nowarn", "tests.patch");
        String replayed = Files.readString(replay.resolve("src/lib.rs"));
        assertThat(replayed).contains("fn positive()").doesNotContain("positive!");
    }
}
