package dev.drydock.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.core.config.ConfigNode.MapNode;
import dev.drydock.core.config.ConfigNode.ScalarNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
    private final EnvSubstitution substitution = new EnvSubstitution(Map.of("HOST", "db.local", "EMPTY", "")::get);

    private String apply(String value, Problems problems) {
        ConfigNode node = substitution.apply(YamlReader.read("v: '" + value + "'", "c.yaml"), "", problems);
        return ((ScalarNode) ((MapNode) node).get("v")).value();
    }

    @Test
    void substitutesVariablesDefaultsAndEscapes() {
        Problems problems = new Problems();
        assertThat(apply("http://${HOST}:${PORT:-5432}/x", problems)).isEqualTo("http://db.local:5432/x");
        assertThat(apply("${EMPTY:-fallback}", problems)).isEqualTo("fallback");
        assertThat(apply("$${HOST} and $HOST stay", problems)).isEqualTo("${HOST} and $HOST stay");
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void unsetVariableWithoutDefaultIsAProblemWithItsLocation() {
        Problems problems = new Problems();
        apply("${MISSING}", problems);
        assertThat(problems.list()).singleElement().hasToString(
                "c.yaml:1:4: v: environment variable MISSING is not set (write ${MISSING:-default} for a default)");
    }

    @Test
    void remembersWhichVariablesWereUsed() {
        ConfigNode node = substitution.apply(YamlReader.read("v: ${HOST}", "c.yaml"), "", new Problems());
        assertThat(((ScalarNode) ((MapNode) node).get("v")).fromEnv()).containsExactly("HOST");
    }
}
