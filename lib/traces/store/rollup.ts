// Trace totals re-derived from the stored observations; the one home of the trace-total rule (pinned by
// tests/traces-otlp.test.ts): when a trace has model calls (generation/embedding) with usage or cost, only those are summed, because wrapper spans
// often repeat their children's totals; otherwise the other observations with usage are summed.

import { getTableName, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { TraceTables } from "./trace-tables";

const CHUNK = 1000;

/** Re-derives the totals of `traceIds` in the kept tables, or in the sampled-out summaries (`target`). */
export async function rollupTraces(db: Db, projectId: string, traceIds: readonly string[], target?: TraceTables): Promise<void> {
  const tracesTable = sql.identifier(target ? getTableName(target.traces) : "traces");
  const observationsTable = sql.identifier(target ? getTableName(target.observations) : "observations");
  for (let i = 0; i < traceIds.length; i += CHUNK) {
    const ids = sql.join(
      traceIds.slice(i, i + CHUNK).map((id) => sql`${id}`),
      sql`, `,
    );
    await db.execute(sql`
      with o as (
        select trace_id,
          type in ('generation', 'embedding') as is_call,
          (usage_input is not null or usage_output is not null or usage_total is not null or cost_total is not null) as billable,
          usage_input, usage_output, usage_total, cost_input, cost_output, cost_total,
          start_time, coalesce(end_time, start_time) as end_time, level
        from ${observationsTable}
        where project_id = ${projectId} and trace_id in (${ids})
      ), a as (
        select trace_id,
          bool_or(is_call and billable) as has_calls,
          count(*) as n,
          min(start_time) as first_start,
          max(end_time) as last_end,
          max(case level when 'ERROR' then 3 when 'WARNING' then 2 when 'DEFAULT' then 1 else 0 end) as severity,
          sum(usage_input) filter (where is_call and billable) as call_in,
          sum(usage_input) filter (where not is_call and billable) as other_in,
          sum(usage_output) filter (where is_call and billable) as call_out,
          sum(usage_output) filter (where not is_call and billable) as other_out,
          sum(usage_total) filter (where is_call and billable) as call_total,
          sum(usage_total) filter (where not is_call and billable) as other_total,
          sum(cost_input) filter (where is_call and billable) as call_cin,
          sum(cost_input) filter (where not is_call and billable) as other_cin,
          sum(cost_output) filter (where is_call and billable) as call_cout,
          sum(cost_output) filter (where not is_call and billable) as other_cout,
          sum(cost_total) filter (where is_call and billable) as call_cost,
          sum(cost_total) filter (where not is_call and billable) as other_cost
        from o group by trace_id
      )
      update ${tracesTable} as traces set
        input_tokens = coalesce(case when a.has_calls then a.call_in else a.other_in end, 0),
        output_tokens = coalesce(case when a.has_calls then a.call_out else a.other_out end, 0),
        total_tokens = coalesce(case when a.has_calls then a.call_total else a.other_total end, 0),
        input_cost = coalesce(case when a.has_calls then a.call_cin else a.other_cin end, 0),
        output_cost = coalesce(case when a.has_calls then a.call_cout else a.other_cout end, 0),
        total_cost = coalesce(case when a.has_calls then a.call_cost else a.other_cost end, 0),
        latency_ms = extract(epoch from (a.last_end - a.first_start)) * 1000,
        level = case a.severity when 3 then 'ERROR' when 2 then 'WARNING' when 1 then 'DEFAULT' else 'DEBUG' end,
        observation_count = a.n
      from a
      where traces.project_id = ${projectId} and traces.id = a.trace_id
    `);
  }
}
