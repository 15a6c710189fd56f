"""Amounts in the ledger's currency, which comes from the environment."""

from __future__ import annotations

import os


def currency() -> str:
    """The ledger's currency: LEDGER_CURRENCY must be set (see .env.test for the tests' value)."""
    value = os.environ.get("LEDGER_CURRENCY")
    if not value:
        raise RuntimeError("LEDGER_CURRENCY is not set")
    return value


def format_amount(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d} {currency()}"


def balance(entries: list[int]) -> int:
    total = 0
    for entry in entries:
        total += entry
    return total


def largest_debit(entries: list[int]) -> int | None:
    debits = [entry for entry in entries if entry < 0]
    if not debits:
        return None
    return min(debits)
