"""Stock levels and reordering."""

from __future__ import annotations


def reorder_quantity(on_hand: int, daily_demand: int, lead_days: int, safety_days: int = 2) -> int:
    """How many units to order so stock covers the lead time plus a safety margin."""
    if daily_demand <= 0:
        return 0
    needed = daily_demand * (lead_days + safety_days)
    if on_hand >= needed:
        return 0
    return needed - on_hand


def days_of_cover(on_hand: int, daily_demand: int) -> float:
    """How many days the stock on hand lasts; infinite when nothing is sold."""
    if daily_demand <= 0:
        return float("inf")
    return on_hand / daily_demand
