"""A tiny ledger of amounts in one currency."""
