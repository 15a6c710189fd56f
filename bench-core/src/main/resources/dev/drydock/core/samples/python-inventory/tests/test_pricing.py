from inventory.pricing import apply_discount


def test_no_discount_keeps_price():
    assert apply_discount(10.0, 0) == 10.0
