/**
 * A tiny inline series with the anomaly's point marked, its scale (the series' highest and lowest value) beside it;
 * described in words for screen readers.
 */
export function Sparkline({
  points,
  highlight,
  label,
  format,
  width = 140,
  height = 36,
}: {
  points: { timestamp: string; value: number }[];
  highlight: string;
  label: string;
  /** How a value of the series reads (its unit); the top and bottom of the scale are written with it. */
  format: (value: number) => string;
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
    <span className="sparkline">
      <svg width={width} height={height} role="img" aria-label={`${label} (the series runs from ${format(min)} to ${format(max)})`}>
        <polyline fill="none" stroke="var(--chart-1)" strokeWidth={1.5} points={points.map((p, i) => `${x(i)},${y(p.value)}`).join(" ")} />
        {at >= 0 && <circle cx={x(at)} cy={y(points[at].value)} r={3} fill="var(--danger, #d33)" />}
      </svg>
      {/* The scale: the top and bottom of the line's box are the series' highest and lowest values. */}
      <span className="sparkline-scale muted" aria-hidden="true">
        <span>{format(max)}</span>
        <span>{format(min)}</span>
      </span>
    </span>
  );
}
