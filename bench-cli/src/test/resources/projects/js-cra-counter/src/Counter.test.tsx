import { render, screen } from "@testing-library/react";
import Counter from "./Counter";

test("starts with nothing", () => {
  render(<Counter />);
  expect(screen.getByRole("button").textContent).toBe("nothing yet");
});
