package dev.drydock.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.spi.LlmProxyProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class RegistrationTest {
    @Test
    void isFoundByName() {
        assertThat(ServiceLoader.load(LlmProxyProvider.class).stream().map(p -> p.get().name()))
                .contains(EmbeddedLlmProxyProvider.NAME);
    }
}
