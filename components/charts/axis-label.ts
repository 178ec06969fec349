// A y-axis title, turned along the axis and centred on it: recharts anchors an "insideLeft" label at its start, so a
// turned title runs up from the middle and is cut off at the top once it is longer than half the chart.
export function yAxisLabel(value: string, options: { offset?: number; fontSize?: number } = {}) {
  return { value, angle: -90, position: "insideLeft" as const, textAnchor: "middle" as const, fill: "var(--muted)", ...options };
}
