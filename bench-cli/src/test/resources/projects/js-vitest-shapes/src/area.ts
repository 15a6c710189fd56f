export type Shape = { kind: "square"; side: number } | { kind: "circle"; radius: number };

export function area(shape: Shape): number {
  if (shape.kind === "square") {
    return shape.side * shape.side;
  }
  return Math.PI * shape.radius * shape.radius;
}

export function largest(shapes: Shape[]): Shape | undefined {
  let best: Shape | undefined;
  for (const shape of shapes) {
    if (best === undefined || area(shape) > area(best)) {
      best = shape;
    }
  }
  return best;
}
