import { useState } from "react";

export function label(count: number): string {
  if (count === 0) {
    return "nothing yet";
  }
  return count === 1 ? "one item" : `${count} items`;
}

export default function Counter() {
  const [count, setCount] = useState(0);
  return <button onClick={() => setCount(count + 1)}>{label(count)}</button>;
}
