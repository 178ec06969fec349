// The demo data tells a true sentiment story: measured with the real job function and dashboard route on the demo
// traces (lib/demo/sentiment.ts): ratings follow what users say, frustration clusters on failed tool calls.
import { beforeAll, expect, test } from "vitest";
import { call, seededDatabase } from "./support/fixtures";
import * as dashboardRoute from "@/app/api/v1/sentiment/route";
import { seedDemoTraces } from "@/lib/demo/traces";
import { toolOutageWindow } from "@/lib/demo/sentiment";
import { localSentimentAnalyzer } from "@/lib/sentiment/local-analyzer";
import { analyzeAllPending } from "@/lib/sentiment/store/analyze-traces";

const t = seededDatabase();
const anchor = new Date(Date.UTC(2026, 10, 20, 12));
const DAY = 86_400_000;

beforeAll(async () => {
  await seedDemoTraces(t.h.db, t.org.project.id, { seed: 7, anchor });
  await analyzeAllPending(t.h.db, t.org.project.id, localSentimentAnalyzer(), anchor);
}, 120_000);

const dashboard = (query: string) => call(dashboardRoute.GET, `/api/v1/sentiment?${query}`, { as: t.org.users.viewer.id });

test("conversation sentiment and user ratings correlate on the demo data, with a confidence interval", async () => {
  const res = await dashboard(`from=${new Date(anchor.getTime() - 28 * DAY).toISOString()}&to=${anchor.toISOString()}`);
  expect(res.status).toBe(200);
  const c = res.json.correlation;
  console.info(`demo: Spearman rho ${c.rho} (95% CI ${c.ci?.[0]} .. ${c.ci?.[1]}), n = ${c.n}; tool-error lift ${res.json.toolErrors.lift}; low-rating lift ${res.json.lowRatings.lift}`);
  expect(c.n).toBeGreaterThan(100);
  expect(c.ci[0]).toBeGreaterThan(0.4);
  expect(res.json.toolErrors.lift).toBeGreaterThan(1.5);
  expect(res.json.lowRatings.lift).toBeGreaterThan(1.5);
  expect(res.json.toolErrors.traceIds.length).toBeGreaterThan(0);
});

test("the injected tool outage shows as a dip of the SQL agent's sentiment", async () => {
  const w = toolOutageWindow(anchor.getTime());
  const res = await dashboard(`groupBy=name&from=${new Date(anchor.getTime() - 28 * DAY).toISOString()}&to=${anchor.toISOString()}`);
  const sql = (res.json.trend as { day: string; group: string; traces: number; meanPolarity: number }[]).filter((p) => p.group === "sql-agent");
  const inOutage = (day: string) => Date.parse(day) >= w.from && Date.parse(day) < w.to;
  const mean = (ps: typeof sql) => ps.reduce((s, p) => s + p.meanPolarity * p.traces, 0) / ps.reduce((s, p) => s + p.traces, 0);
  expect(sql.filter((p) => inOutage(p.day)).length).toBeGreaterThan(0);
  expect(mean(sql.filter((p) => inOutage(p.day)))).toBeLessThan(mean(sql.filter((p) => !inOutage(p.day))) - 0.2);
});
