#!/bin/bash
# Starts Redis on every address of the container, stores the test recipe the agent asks for, then
# keeps Redis in the foreground.
set -eu
redis-server --bind 0.0.0.0 --protected-mode no --save '' --appendonly no &
for _ in $(seq 50); do redis-cli ping > /dev/null 2>&1 && break; sleep 0.1; done
redis-cli -x SET recipe:src/inventory/pricing.py > /dev/null <<'PY'
from inventory.pricing import apply_discount, bulk_price


def test_partial_discount():
    assert apply_discount(10.0, 25) == 7.5


def test_bulk_tiers():
    assert bulk_price(1.0, 10) == 9.5
    assert bulk_price(1.0, 100) == 85.0
PY
wait
