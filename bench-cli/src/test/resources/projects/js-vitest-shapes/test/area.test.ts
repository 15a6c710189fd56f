import { describe, expect, it } from "vitest";
import { area } from "../src/area";

describe("area", () => {
  it("of a square", () => {
    expect(area({ kind: "square", side: 3 })).toBe(9);
  });
});
