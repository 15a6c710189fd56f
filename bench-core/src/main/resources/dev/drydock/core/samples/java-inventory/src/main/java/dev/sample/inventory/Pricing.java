package dev.sample.inventory;

/** Prices, discounts and bulk tiers. */
public final class Pricing {
    private Pricing() {}

    /** {@code price} reduced by {@code percent} (0-100), never below zero, rounded to cents. */
    public static double applyDiscount(double price, double percent) {
        if (percent <= 0) {
            return price;
        }
        if (percent >= 100) {
            return 0.0;
        }
        return Math.round(price * (100 - percent)) / 100.0;
    }

    /** Total price for {@code quantity} units with a tiered bulk discount. */
    public static double bulkPrice(double unitPrice, int quantity) {
        if (quantity <= 0) {
            return 0.0;
        }
        double percent;
        if (quantity >= 100) {
            percent = 15;
        } else if (quantity >= 50) {
            percent = 10;
        } else if (quantity >= 10) {
            percent = 5;
        } else {
            percent = 0;
        }
        return applyDiscount(unitPrice * quantity, percent);
    }

    /** {@code cents} as a price with two decimals and a currency code, e.g. {@code 12.50 EUR}. */
    public static String formatPrice(long cents, String currency) {
        if (cents < 0) {
            throw new IllegalArgumentException("cents must not be negative");
        }
        return String.format(java.util.Locale.ROOT, "%d.%02d %s", cents / 100, cents % 100, currency);
    }
}
