/** A tiny inline series with the anomaly's point marked; described in words for screen readers. */
export function Sparkline({
  points,
  highlight,
  label,
  width = 140,
  height = 36,
}: {
  points: { timestamp: string; value: number }[];
  highlight: string;
  label: string;
  width?: number;
  height?: number;
}) {
  if (points.length < 2) return <span className="muted small">not enough history</span>;
  const values = points.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const x = (i: number) => 2 + (i / (points.length - 1)) * (width - 4);
  const y = (v: number) => height - 3 - ((v - min) / span) * (height - 6);
  const at = points.findIndex((p) => p.timestamp === highlight);
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="sparkline">
      <polyline fill="none" stroke="var(--chart-1)" strokeWidth={1.5} points={points.map((p, i) => `${x(i)},${y(p.value)}`).join(" ")} />
      {at >= 0 && <circle cx={x(at)} cy={y(points[at].value)} r={3} fill="var(--danger, #d33)" />}
    </svg>
  );
}
