// Prices, discounts and bulk tiers.

/** `price` reduced by `percent` (0-100), never below zero. */
export function applyDiscount(price, percent) {
  if (percent <= 0) {
    return price;
  }
  if (percent >= 100) {
    return 0;
  }
  return Math.round(price * (100 - percent)) / 100;
}

/** Total price for `quantity` units with a tiered bulk discount. */
export function bulkPrice(unitPrice, quantity) {
  if (quantity <= 0) {
    return 0;
  }
  let percent = 0;
  if (quantity >= 100) {
    percent = 15;
  } else if (quantity >= 50) {
    percent = 10;
  } else if (quantity >= 10) {
    percent = 5;
  }
  return applyDiscount(unitPrice * quantity, percent);
}

/** An amount in cents as text, e.g. 1234 -> "12.34 EUR". */
export function formatPrice(cents, currency = "EUR") {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const rest = String(abs % 100).padStart(2, "0");
  return `${sign}${whole}.${rest} ${currency}`;
}
