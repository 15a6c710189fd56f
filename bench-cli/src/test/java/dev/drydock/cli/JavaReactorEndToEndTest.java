package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.api.RunResult;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.store.json.RunResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code java} platform's recipe on a Maven reactor shaped like real ones
 * ({@code src/test/resources/projects/java-reactor}): app's tests load core's packaged jar (so
 * {@code mvn test} cannot build it), core's Surefire configuration hard-codes an {@code argLine}
 * (which drops JaCoCo's {@code prepare-agent}), and both modules have a package {@code com.acme.text}.
 * Every module is measured, each file under its own module, and an honest test gains.
 */
class JavaReactorEndToEndTest {
    @TempDir
    Path temp;

    private static final String CONFIG = """
            name: java-reactor
            store: {provider: json, path: results.json}
            runs:
              - agents: [writes-tests]
            agents:
              writes-tests:
                description: one honest test file in the app module
                command: |
                  mkdir -p app/src/test/java/com/acme/text
                  cat > app/src/test/java/com/acme/text/TitlesTest.java <<'JAVA'
                  package com.acme.text;

                  import static org.junit.jupiter.api.Assertions.assertEquals;

                  import org.junit.jupiter.api.Test;

                  class TitlesTest {
                      @Test
                      void capitalisesEveryWord() {
                          assertEquals("Hello Big World", Titles.capitalise("  hello  big world "));
                      }
                  }
                  JAVA
            repositories:
              reactor:
                url: java-reactor
                platform: java
                has-tests: true
                frameworks: [junit5]
                targets: [{file: app/src/main/java/com/acme/text/Titles.java, test-file: app/src/test/java/com/acme/text/TitlesTest.java}]
            """;

    @Test
    void everyModuleIsMeasuredUnderItsOwnFolderAndAnHonestTestGains() throws Exception {
        SampleProjects.commit("java-reactor", temp.resolve("java-reactor"));
        Path config = temp.resolve("java-reactor.yaml");
        Files.writeString(config, CONFIG);

        // the reference: both modules' files, the package they share kept apart by module
        CliRun calibrate = CliRun.of("calibrate", config.toString());
        assertThat(calibrate.exitCode()).as(calibrate.err() + calibrate.out()).isZero();
        JsonNode reference = RunResultJson.mapper().readTree(temp.resolve("java-reactor.lock.json").toFile())
                .path("repositories").path("reactor");
        List<String> files = new ArrayList<>();
        reference.path("files").forEach(file -> files.add(file.asText()));
        assertThat(files).containsExactly("app/src/main/java/com/acme/app/PluginLoader.java",
                "app/src/main/java/com/acme/text/Titles.java", "core/src/main/java/com/acme/text/Slug.java");
        assertThat(reference.path("tests").path("passed").asInt()).isEqualTo(2);

        Path json = temp.resolve("results-run.json");
        CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        RunResult result = RunResultJson.mapper().readValue(json.toFile(), RunResult[].class)[0];
        TestWritingOutcome writer = result.testWriting().orElseThrow();
        assertThat(writer.testsBefore().passed()).isEqualTo(2);
        // 18 executable lines: Slug 6, Titles 8, PluginLoader 4. Covered: Slug's 5 (its trailing-dash
        // line only by core's own test, whose JVM has the hard-coded argLine) and PluginLoader's 3
        assertThat(writer.coverageBefore().linesTotal()).isEqualTo(18);
        assertThat(writer.coverageBefore().linesCovered()).isEqualTo(8);
        assertThat(writer.violations()).isEmpty();
        assertThat(writer.tests().added()).hasSize(1);
        assertThat(writer.targetBefore().orElseThrow().linesCovered()).isZero();
        assertThat(writer.targetAfter().orElseThrow().linesCovered()).isEqualTo(7);
        assertThat(writer.coverageAfter().orElseThrow().linesCovered()).isEqualTo(15);
    }
}
