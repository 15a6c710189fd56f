import unittest

from ledger.money import balance, format_amount


class MoneySpec(unittest.TestCase):
    def test_formats_in_the_ledger_currency(self):
        self.assertEqual(format_amount(1250), "12.50 EUR")

    def test_balance_adds_entries(self):
        self.assertEqual(balance([100, -30, 5]), 75)


if __name__ == "__main__":
    unittest.main()
