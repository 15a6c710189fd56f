package dev.drydock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.Usage;
import dev.drydock.core.config.ModelPrice;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PricingTest {
    @Test
    void pricesUsageByModelAndKnowsWhenItCannot() {
        Pricing pricing = new Pricing(Map.of("gpt-x", new ModelPrice(2.0, 8.0, 0.5)));
        Usage usage = new Usage(2, 1_000_000, 250_000, 400_000);
        // 600k uncached × $2 + 400k cached × $0.5 + 250k output × $8 per million
        assertThat(pricing.cost(usage, Map.of("gpt-x", usage))).contains(new BigDecimal("3.400000"));
        assertThat(pricing.cost(usage, Map.of("unpriced", usage))).isEmpty();
        assertThat(pricing.cost(usage, Map.of())).isEmpty();
        // listing models costs no tokens and needs no price
        assertThat(pricing.cost(usage, Map.of("gpt-x", usage, "unknown", new Usage(1, 0, 0, 0))))
                .contains(new BigDecimal("3.400000"));
        assertThat(pricing.cost(Usage.ZERO, Map.of())).contains(BigDecimal.ZERO);
        assertThat(new ModelPrice(1.0, 1.0, -1).cost(new Usage(1, 1_000_000, 0, 1_000_000)))
                .isEqualByComparingTo("1.0");
        assertThat(dev.drydock.api.Efficiency.of(10, new Usage(1, 1500, 500, 0), Optional.of(new BigDecimal("0.5"))))
                .isEqualTo(new dev.drydock.api.Efficiency(Optional.of(5.0), Optional.of(20.0)));
    }
}
