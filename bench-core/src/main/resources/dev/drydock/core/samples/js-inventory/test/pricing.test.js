import { test } from "node:test";
import assert from "node:assert/strict";
import { applyDiscount } from "../src/pricing.js";

test("no discount keeps the price", () => {
  assert.equal(applyDiscount(10, 0), 10);
});
