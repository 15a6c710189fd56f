"""Prices, discounts and bulk tiers."""

from __future__ import annotations


def apply_discount(price: float, percent: float) -> float:
    """Return ``price`` reduced by ``percent`` (0-100), never below zero."""
    if percent <= 0:
        return price
    if percent >= 100:
        return 0.0
    return round(price * (100 - percent) / 100, 2)


def bulk_price(unit_price: float, quantity: int) -> float:
    """Total price for ``quantity`` units with a tiered bulk discount."""
    if quantity <= 0:
        return 0.0
    if quantity >= 100:
        percent = 15.0
    elif quantity >= 50:
        percent = 10.0
    elif quantity >= 10:
        percent = 5.0
    else:
        percent = 0.0
    return apply_discount(unit_price * quantity, percent)


def format_price(cents: int, currency: str = "EUR") -> str:
    """Format an amount in cents, e.g. ``1234`` -> ``"12.34 EUR"``."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d} {currency}"
