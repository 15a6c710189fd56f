package dev.drydock.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import dev.drydock.api.Secret;
import dev.drydock.spi.ConfigDefault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigBinderTest {
    enum Mode {
        FAST,
        VERY_SAFE
    }

    record Inner(String host, @ConfigDefault("8080") int port) {}

    record Settings(
            String baseUrl,
            @ConfigDefault("30s") Duration timeout,
            @ConfigDefault("false") boolean verbose,
            Optional<Secret> apiKey,
            List<Inner> servers,
            Map<String, String> labels,
            @ConfigDefault("fast") Mode mode) {
        Settings {
            if (baseUrl.isBlank()) {
                throw new IllegalArgumentException("base-url must not be blank");
            }
        }
    }

    private final List<Secret> secrets = new ArrayList<>();
    private final ConfigBinder binder = new ConfigBinder(secrets::add);

    private Settings bind(String yaml) {
        return binder.bind(YamlReader.read(yaml, "settings.yaml"), Settings.class, "store");
    }

    @Test
    void bindsKebabCaseKeysWithDefaults() {
        Settings settings = bind("""
                base-url: http://localhost
                api-key: sk-123456
                servers:
                  - host: a
                  - host: b
                    port: 9
                labels: {team: x}
                mode: very-safe
                """);
        assertThat(settings.baseUrl()).isEqualTo("http://localhost");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.verbose()).isFalse();
        assertThat(settings.apiKey()).contains(Secret.of("sk-123456"));
        assertThat(settings.servers()).containsExactly(new Inner("a", 8080), new Inner("b", 9));
        assertThat(settings.labels()).containsEntry("team", "x");
        assertThat(settings.mode()).isEqualTo(Mode.VERY_SAFE);
        assertThat(secrets).containsExactly(Secret.of("sk-123456"));
        assertThat(settings.toString()).doesNotContain("sk-123456");
    }

    @Test
    void reportsEveryProblemAtOnceWithFileLineAndKey() {
        assertThatThrownBy(() -> bind("""
                base-ur: http://localhost
                timeout: soon
                servers:
                  - port: 1
                mode: slow
                """))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems())
                        .extracting(ConfigProblem::toString)
                        .containsExactlyInAnyOrder(
                                "settings.yaml:1:1: store: missing required key 'base-url'",
                                "settings.yaml:1:1: store.base-ur: unknown key 'base-ur' (did you mean 'base-url'?); "
                                        + "allowed here: base-url, timeout, verbose, api-key, servers, labels, mode",
                                "settings.yaml:2:10: store.timeout: expected a duration like 500ms, 30s, 10m or 1h30m but found 'soon'",
                                "settings.yaml:4:5: store.servers[0]: missing required key 'host'",
                                "settings.yaml:5:7: store.mode: expected one of fast, very-safe but found 'slow'"));
    }

    @Test
    void recordValidationBecomesAProblemAtTheMapping() {
        assertThatThrownBy(() -> bind("base-url: ' '\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settings.yaml:1:1: store: base-url must not be blank");
    }

    @Test
    void wrongShapesAreNamed() {
        assertThatThrownBy(() -> bind("base-url: [a]\nservers: {host: a}\nlabels: x\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("store.base-url: expected a string but found a list")
                .hasMessageContaining("store.servers: expected a list but found a mapping")
                .hasMessageContaining("store.labels: expected a mapping but found 'x'");
    }

    @Test
    void parsesDurations() {
        assertThat(ConfigBinder.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(ConfigBinder.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigBinder.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
        assertThatThrownBy(() -> ConfigBinder.parseDuration("10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigBinder.parseDuration("10 m")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() {
        assertThatThrownBy(() -> YamlReader.read("a: [1, 2\nb: 3\n", "broken.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("invalid configuration: broken.yaml:")
                .hasMessageContaining("malformed YAML");
        assertThatThrownBy(() -> YamlReader.read("a: 1\nb: 2\na: 3\n", "dup.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("dup.yaml:3:1: a: duplicate key (first written at dup.yaml:1:1)");
    }
}
