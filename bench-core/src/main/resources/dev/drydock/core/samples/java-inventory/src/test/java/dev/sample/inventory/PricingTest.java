package dev.sample.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PricingTest {
    @Test
    void noDiscountKeepsThePrice() {
        assertEquals(10.0, Pricing.applyDiscount(10.0, 0));
    }

    @Test
    void smallOrdersPayFullPrice() {
        assertEquals(20.0, Pricing.bulkPrice(4.0, 5));
    }
}
