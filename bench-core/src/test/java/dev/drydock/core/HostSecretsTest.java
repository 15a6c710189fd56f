package dev.drydock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys in drydock's own environment are redacted whether or not the configuration uses them. */
class HostSecretsTest {
    @Test
    void secretLookingVariablesOfDrydocksEnvironmentAreRedactedAndOthersAreNot() {
        Drydock drydock = Drydock.builder()
                .hostEnvironment(Map.of("OPENAI_API_KEY", "sk-from-env-5f1c2a", "GITHUB_TOKEN", "ghp_0123456789",
                        "HOME", "/home/bench", "LANG", "C.UTF-8"))
                .build();

        String text = "key sk-from-env-5f1c2a, token ghp_0123456789, home /home/bench, lang C.UTF-8";

        assertThat(drydock.redact(text)).isEqualTo("key " + Secret.REDACTED + ", token " + Secret.REDACTED
                + ", home /home/bench, lang C.UTF-8");
    }
}
