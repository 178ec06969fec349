// The trace's own input and output, as correlated subqueries over its observations: the root observation's (the
// earliest root), else the first model call's input and the last model call's output. `t` is the traces row alias.

import { sql, type SQL } from "drizzle-orm";

const ofTrace = (t: string) => sql`o.project_id = ${sql.raw(t)}.project_id and o.trace_id = ${sql.raw(t)}.id`;

function payload(t: string, column: "input" | "output"): SQL {
  const col = sql.raw(`o.${column}`);
  const generationOrder = sql.raw(column === "input" ? "o.start_time, o.id" : "o.start_time desc, o.id desc");
  return sql`coalesce(
    (select ${col} from observations o where ${ofTrace(t)} and o.parent_observation_id is null and ${col} is not null
      order by o.start_time, o.id limit 1),
    (select ${col} from observations o where ${ofTrace(t)} and o.type = 'generation' and ${col} is not null
      order by ${generationOrder} limit 1))`;
}

export const traceInputSql = (t: string) => payload(t, "input");
export const traceOutputSql = (t: string) => payload(t, "output");
