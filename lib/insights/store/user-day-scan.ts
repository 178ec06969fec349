/**
 * Saved cohorts in root cause analysis from the per-user daily tiers (./user-day-rollups.ts; the traces', and the
 * events' for event metrics): a grouping set of cohort dimensions (with plan or country, also properties of the user,
 * and at most one trace dimension or metadata key: model, release, meta:<key>, ...) is answered from the rows of each
 * user (and value of that dimension) and whole built day of the windows, each row put in "<cohort>" or "not in
 * <cohort>" by the cohort's stored membership now (its last refresh, as the raw scan does), and from the raw rows for
 * the rest of the windows (partial days, days not built, days built without a metadata key). Exactly what
 * `scanSegments` answers for sums and ratios; percentiles from the merged latency sketches, like the segment rollups.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { COHORT_PREFIX, type Dimension, isCohortDimension, isMetadataDimension, METADATA_PREFIX } from "../root-cause/dimensions";
import { ROOT_CAUSE_METRICS, type RootCauseMetric } from "../root-cause/metrics";
import { splitDays } from "./day-rollups";
import { dimensionColumns, dimensionExpr, groupingOf, mergeSegmentRows, needsProfile, notInCohort, scanLatencySketches, scanSegments, type SegmentRow, type SegmentScan, type SketchRow, type Window } from "./segments";
import { eventCountMeasures } from "./event-measures";
import { bucketsWithTraces } from "./sketch-sql";
import { ROLLUP_MEASURES } from "./trace-measures";
import { isUserProperty } from "./user-day-rollups";

const ofUser = (d: Dimension) => isCohortDimension(d) || isUserProperty(d);
/** The trace dimension a set reads per user and value, or "" (the users' day rows) for a set of user properties. */
const heldOf = (set: Dimension[]): Dimension | "" => set.find((d) => !ofUser(d)) ?? "";

/** Whether the per-user tier answers a grouping set: trace metrics it holds or event metrics, a cohort set of user properties and at most one trace dimension, filters on user properties only. */
export function userTierServes(s: SegmentScan, set: Dimension[]): boolean {
  const metric: RootCauseMetric = ROOT_CAUSE_METRICS[s.metric];
  if (metric.grain === "point" || (metric.grain === "trace" && metric.kind !== "percentile" && ROLLUP_MEASURES[s.metric] === undefined)) return false;
  return set.some(isCohortDimension) && set.filter((d) => !ofUser(d)).length <= 1 && (s.filters ?? []).every((f) => ofUser(f.dimension));
}

/** The sets the per-user tier answers, the other cohort sets (read from the traces) and the rest (the segment rollups). */
export function splitUserSets(s: SegmentScan, sets: Dimension[][]): { user: Dimension[][]; raw: Dimension[][]; other: Dimension[][] } {
  const user = sets.filter((set) => userTierServes(s, set));
  const rest = sets.filter((set) => !userTierServes(s, set));
  return { user, raw: rest.filter((set) => set.some(isCohortDimension)), other: rest.filter((set) => !set.some(isCohortDimension)) };
}

function groupBy<K>(sets: Dimension[][], keyOf: (set: Dimension[]) => K): Map<K, Dimension[][]> {
  const out = new Map<K, Dimension[][]>();
  for (const set of sets) out.set(keyOf(set), [...(out.get(keyOf(set)) ?? []), set]);
  return out;
}

/**
 * The tier's part and the traces' part of user sets: per metadata key (the days built with it) the whole built days
 * read per held dimension by `fromDays`, the rest of the windows by `fromTraces` in one scan.
 */
async function byTier<T extends { dims: Dimension[]; values: string[] }>(db: Db, s: SegmentScan, sets: Dimension[][], fromDays: (sets: Dimension[][], held: Dimension | "", days: Window[]) => Promise<T[]>, fromTraces: (s: SegmentScan, sets: Dimension[][]) => Promise<T[]>): Promise<T[]> {
  const byKey = groupBy(sets, (set) => {
    const held = heldOf(set);
    return held !== "" && isMetadataDimension(held) ? held.slice(METADATA_PREFIX.length) : "";
  });
  const parts = await Promise.all(
    [...byKey].map(async ([key, group]) => {
      const { days, hours: rest } = await splitDays(db, s.projectId, s.ranges ?? [s.baseline, s.current], key ? [key] : []);
      const [tier, raw] = await Promise.all([
        days.length > 0 ? Promise.all([...groupBy(group, heldOf)].map(([held, heldSets]) => fromDays(heldSets, held, days))) : [],
        rest.length > 0 ? fromTraces({ ...s, ranges: rest }, group) : [],
      ]);
      return [...tier.flat(), ...raw];
    }),
  );
  // Named as one scan of all the sets names them: dimensions in order of first appearance in `sets`.
  const order = [...new Set(sets.flat())];
  return parts.flat().map((r) => {
    const at = r.dims.map((_, i) => i).sort((a, b) => order.indexOf(r.dims[a]) - order.indexOf(r.dims[b]));
    return { ...r, dims: at.map((i) => r.dims[i]), values: at.map((i) => r.values[i]) };
  });
}

/**
 * Whether the per-user row (alias tr) is of a member of the cohort `d`: an uncorrelated IN, a hashed subplan, the
 * members hashed once and probed per row, whatever the statistics (a join was planned as a nested loop over the
 * members when the tier's statistics were stale).
 */
const isMember = (s: SegmentScan, d: Dimension): SQL =>
  sql`tr.user_id in (select cm.user_id from cohort_members cm where cm.project_id = ${s.projectId} and cm.cohort_id = ${d.slice(COHORT_PREFIX.length)}::uuid)`;

/**
 * The per-user rows of the days (alias tr) of dimension `held` ('' for the users' day rows; for a trace dimension its
 * value rows and the day rows of the users' days with one value of it) with `select` and the grouping columns,
 * grouped per window and set: the held dimension's value is the row's, a cohort's is the user's membership (the
 * members hashed once, not a lookup per row). `membersOf`: only that cohort's members' rows.
 */
async function readUserDays(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>, days: Window[], held: Dimension | "", q: { base: SQL; lateral?: SQL; extra?: SQL[]; select: SQL; where?: SQL; membersOf?: Dimension }) {
  const metric: RootCauseMetric = ROOT_CAUSE_METRICS[s.metric];
  const g = groupingOf(sets, only, q.extra);
  const used = [...sets.flat(), ...(s.filters ?? []).map((f) => f.dimension)];
  const profile = needsProfile(used) ? sql` left join end_users eu on eu.project_id = tr.project_id and eu.user_id = tr.user_id` : sql``;
  // The held dimension's value: the row's, or on a user's day row the day's single value of it (./user-day-rollups.ts).
  const heldValue = held === "" ? sql`''` : sql`(case when tr.dim = '' then tr.single_values->>${held} else tr.value end)`;
  const valueOf = (d: Dimension): SQL => {
    if (d === held) return heldValue;
    if (!isCohortDimension(d)) return dimensionExpr(metric, d);
    const name = sql`(select c.name from cohorts c where c.id = ${d.slice(COHORT_PREFIX.length)}::uuid and c.project_id = ${s.projectId})`;
    // Only the members' rows read: the cohort's name, computed once.
    return d === q.membersOf ? name : sql`case when ${isMember(s, d)} then ${name} else ${notInCohort("")} || ${name} end`;
  };
  const members = q.membersOf ? sql` and ${isMember(s, q.membersOf)}` : sql``;
  const filters = (s.filters ?? []).map((f) => sql` and ${valueOf(f.dimension)} = ${f.value}`);
  const table = sql.identifier(metric.grain === "event" ? "root_cause_user_event_day_rollups" : "root_cause_user_day_rollups");
  const heldValues = held !== "" ? only.get(held) : undefined;
  // The held dimension's rows (restricted to the values asked: an index range on (dim, value)) and the day rows of one value of it.
  const inValues = (v: SQL) => (heldValues ? sql`${v} in (${sql.join(heldValues.map((x) => sql`${x}`), sql`, `)})` : sql`${v} is not null`);
  const ofHeld = held === "" ? sql`tr.dim = ''` : sql`((tr.dim = ${held} and ${inValues(sql`tr.value`)}) or (tr.dim = '' and ${inValues(sql`tr.single_values->>${held}`)}))`;
  const inDays = sql.join(days.map((d) => sql`${d.from.toISOString()}::timestamptz`), sql`, `);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with base as (
        select (tr.day >= ${s.current.from.toISOString()}::timestamptz) as cur, ${q.base}, ${sql.join(dimensionColumns(metric, g.columns, valueOf), sql`, `)}
        from ${table} tr${profile}${q.lateral ?? sql``}
        where tr.project_id = ${s.projectId} and tr.day in (${inDays}) and ${ofHeld}${members}${q.where ? sql` and ${q.where}` : sql``}${sql.join(filters, sql``)})
      select ${g.groupingMask}::int as mask, cur, ${q.select}${g.valueCols}
      from base group by grouping sets (${g.groupingSets})`),
  );
  return rows.flatMap((r) => {
    const seg = g.read(r);
    return seg ? [{ ...seg, current: Boolean(r.cur), row: r }] : [];
  });
}

/** `scanSegments` of cohort sets (sums and ratios): the per-user tier's whole days plus the traces of the rest. */
export async function scanUserSegments(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>): Promise<SegmentRow[]> {
  const col = (c: string) => sql`tr.${sql.identifier(c)}`;
  const select = sql`sum(num)::float8 as num, sum(den)::float8 as den, sum(num2)::float8 as num2, sum(den2)::float8 as den2, sum(num_den)::float8 as num_den`;
  let q: { base: SQL; select: SQL; where?: SQL };
  if (ROOT_CAUSE_METRICS[s.metric].grain === "event") {
    const { num, den } = eventCountMeasures(s, col);
    // Every event counts 0 or 1 in num and den, and num implies den: Σnum² = Σnum·den = Σnum, Σden² = Σden.
    const n = sql`case when ${num} then tr.events else 0 end`;
    q = { base: sql`${n} as num, tr.events as den, ${n} as num2, tr.events as den2, ${n} as num_den`, select, where: den };
  } else {
    const m = ROLLUP_MEASURES[s.metric]!;
    q = { base: sql`${col(m.num)} as num, ${col(m.den)} as den, ${col(m.num2)} as num2, ${col(m.den2)} as den2, ${col(m.numDen)} as num_den`, select };
  }
  const rows = await byTier<SegmentRow>(
    db,
    s,
    sets,
    async (heldSets, held, days) =>
      (await readUserDays(db, s, heldSets, only, days, held, q)).map(({ row: r, ...seg }) => ({ ...seg, num: Number(r.num), den: Number(r.den), num2: Number(r.num2), den2: Number(r.den2), numDen: Number(r.num_den), quantile: null })),
    (rest, restSets) => scanSegments(db, rest, restSets, only),
  );
  return mergeSegmentRows(rows);
}

/** Sketch rows of the daily tier of the segment rollups with each segment's trace count (`bucketsWithTraces`). */
export type DayTierSketches = (sets: Dimension[][], days: Window[]) => Promise<(SketchRow & { traces: number })[]>;

/** The cohort of sets that are each one cohort, the same, alone or with the held dimension, in a scan with no filter. */
function complementedCohort(s: SegmentScan, sets: Dimension[][], held: Dimension | ""): Dimension | null {
  const cohorts = new Set(sets.flat().filter(isCohortDimension));
  const [cohort] = cohorts;
  const shaped = sets.every((set) => set.includes(cohort) && (set.length === 1 || (set.length === 2 && held !== "" && set.includes(held))));
  return (s.filters ?? []).length === 0 && cohorts.size === 1 && shaped ? cohort : null;
}

/**
 * The whole days' sketches of a cohort, alone or with the held dimension, from its members' rows only: the others'
 * sketch of a segment is the same segment's over all users (the daily tier of the segment rollups, `dayTier`) minus
 * the members'. Sketches merge by adding counts, so the difference is exact, and only the members' buckets are
 * unnested (the unnesting is most of a percentile read: a user's day of 20 traces has about as many buckets).
 */
async function cohortSketchesByComplement(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>, days: Window[], held: Dimension | "", cohort: Dimension, dayTier: DayTierSketches): Promise<SketchRow[]> {
  const q = { base: sql`u.bucket, u.n, u.traces`, lateral: bucketsWithTraces(sql`tr`), extra: [sql`bucket`], select: sql`bucket, sum(n)::float8 as n, sum(traces)::float8 as traces`, membersOf: cohort };
  // Every member's row is read (a restriction of the cohort's values applies to the output), so all of them are subtracted.
  const unrestricted = new Map([...only].filter(([d]) => d !== cohort));
  const allowed = only.get(cohort);
  // Values restricted to the members' side (the pair pass keeps the top values): no need for all users' sketches.
  const needsOthers = !allowed || allowed.some((v) => v.startsWith(notInCohort("")));
  const [members, all, [named]] = await Promise.all([
    readUserDays(db, s, sets, unrestricted, days, held, q),
    needsOthers ? dayTier(sets.map((set) => set.filter((d) => d !== cohort)), days) : [],
    db.execute(sql`select name from cohorts where id = ${cohort.slice(COHORT_PREFIX.length)}::uuid and project_id = ${s.projectId}`).then((r) => rowsOf<{ name: string }>(r)),
  ]);
  const name = named?.name ?? "";
  const others = notInCohort(name);
  // Per window, segment of all users (the cohort left out) and bucket (null: the segment's trace count), the members' part.
  const keyOf = (current: boolean, values: string[], bucket: number | null) => `${current}\u0000${values.join("\u0000")}\u0001${bucket ?? ""}`;
  const taken = new Map<string, number>();
  const out: SketchRow[] = [];
  for (const { row: r, dims, values, current } of members) {
    const bucket = r.bucket === null ? null : Number(r.bucket);
    const n = Number(r.n);
    taken.set(keyOf(current, values.filter((_, i) => dims[i] !== cohort), bucket), bucket === null ? Number(r.traces) : n);
    if (!allowed || allowed.includes(name)) out.push({ dims, values, current, bucket, count: bucket === null ? 0 : n });
  }
  if (allowed && !allowed.includes(others)) return out;
  for (const r of all) {
    // The others' traces (bucket null) or timed traces in the bucket; a segment they have no trace in is not named
    // (the per-user read would not name it either).
    const count = (r.bucket === null ? r.traces : r.count) - (taken.get(keyOf(r.current, r.values, r.bucket)) ?? 0);
    if (count > 0) out.push({ dims: [cohort, ...r.dims], values: [others, ...r.values], current: r.current, bucket: r.bucket, count: r.bucket === null ? 0 : count });
  }
  return out;
}

/** `scanLatencySketches` of cohort sets: the per-user sketches of whole days merged, the traces of the rest bucketed alike. */
export async function scanUserSketches(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>, dayTier: DayTierSketches): Promise<SketchRow[]> {
  const q = { base: sql`u.bucket, u.n`, lateral: sql` left join lateral unnest(tr.lat_bins, tr.lat_counts) as u(bucket, n) on true`, extra: [sql`bucket`], select: sql`bucket, coalesce(sum(n), 0)::float8 as n` };
  return byTier<SketchRow>(
    db,
    s,
    sets,
    async (heldSets, held, days) => {
      const cohort = complementedCohort(s, heldSets, held);
      if (cohort) return cohortSketchesByComplement(db, s, heldSets, only, days, held, cohort, dayTier);
      return (await readUserDays(db, s, heldSets, only, days, held, q)).map(({ row: r, ...seg }) => ({ ...seg, bucket: r.bucket === null ? null : Number(r.bucket), count: Number(r.n) }));
    },
    (rest, restSets) => scanLatencySketches(db, rest, restSets, only),
  );
}
