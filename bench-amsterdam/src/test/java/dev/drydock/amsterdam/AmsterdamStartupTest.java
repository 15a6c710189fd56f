package dev.drydock.amsterdam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.LlmProxyProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class AmsterdamStartupTest {
    @Test
    void isFoundByName() {
        assertThat(ServiceLoader.load(LlmProxyProvider.class).stream().map(p -> p.get().name()))
                .contains(AmsterdamLlmProxyProvider.NAME);
    }

    @Test
    void aMissingBinarySaysHowToInstallIt() {
        assertThatThrownBy(() -> AmsterdamContractTest.open("binary: /nonexistent/amsterdam\napi-key: k\n"))
                .isInstanceOf(DrydockException.class)
                .hasMessageContaining("cannot start '/nonexistent/amsterdam'")
                .hasMessageContaining("cargo install amsterdam --version 0.0.13 --locked")
                .satisfies(e -> assertThat(((DrydockException) e).code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    }

    @Test
    void withoutAnUpstreamKeyItDoesNotStart() {
        assertThatThrownBy(() -> AmsterdamContractTest.open("upstream-base-url: http://127.0.0.1:9/v1\n"))
                .hasMessageContaining("amsterdam needs an upstream key");
    }

    @Test
    void aBinaryThatDiesAtOnceIsReportedWithItsLog() {
        assertThatThrownBy(() -> AmsterdamContractTest.open("binary: false\napi-key: k\n"))
                .hasMessageContaining("amsterdam exited with 1 while starting");
    }
}
