// Planner settings scoped to one piece of work: some store queries need the planner steered (no JIT, no nested loops,
// more work_mem, cheaper random reads) without leaking that to the connection's next user or to the rest of a
// caller's transaction. One helper, so every caller gets the same scoping on PGlite and PostgreSQL.
import { is, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { rowsOf, type Db } from "./client";

type Toggle = "on" | "off";
/** A memory size as PostgreSQL writes it, e.g. "64MB". */
type MemorySize = `${number}${"kB" | "MB" | "GB"}`;

/** The settings a store may change, under their PostgreSQL names. */
export interface PlannerSettings {
  jit?: Toggle;
  enable_hashagg?: Toggle;
  enable_nestloop?: Toggle;
  work_mem?: MemorySize;
  random_page_cost?: number;
}

type SettingName = keyof PlannerSettings;

const isToggle = (v: unknown) => v === "on" || v === "off";
// Checked at run time too: a value that reached here through a cast or untyped JSON never gets as far as PostgreSQL.
const IS_VALID: Record<SettingName, (v: unknown) => boolean> = {
  jit: isToggle,
  enable_hashagg: isToggle,
  enable_nestloop: isToggle,
  work_mem: (v) => typeof v === "string" && /^[1-9][0-9]{0,6}(kB|MB|GB)$/.test(v),
  random_page_cost: (v) => typeof v === "number" && Number.isFinite(v) && v > 0,
};

function validated(settings: PlannerSettings): [SettingName, string][] {
  return Object.entries(settings).map(([name, value]) => {
    if (!Object.hasOwn(IS_VALID, name) || !IS_VALID[name as SettingName](value)) {
      throw new Error(`invalid planner setting ${JSON.stringify(name)} = ${JSON.stringify(value)}`);
    }
    return [name as SettingName, String(value)];
  });
}

/** set_config(name, value, true) is SET LOCAL with bind parameters: nothing is spliced into the SQL text. */
async function setLocal(tx: Db, entries: [string, string][]): Promise<void> {
  if (entries.length === 0) return;
  await tx.execute(sql`select ${sql.join(entries.map(([name, value]) => sql`set_config(${name}, ${value}, true)`), sql`, `)}`);
}

async function currentValues(tx: Db, names: string[]): Promise<[string, string][]> {
  if (names.length === 0) return [];
  const [row] = rowsOf<Record<string, string>>(
    await tx.execute(sql`select ${sql.join(names.map((name, i) => sql`current_setting(${name}) as ${sql.identifier(`v${i}`)}`), sql`, `)}`),
  );
  return names.map((name, i) => [name, row[`v${i}`]]);
}

/**
 * Runs `fn` in a transaction with `settings` applied, and only there. On a database handle that is a new transaction,
 * so the settings end when it does. Inside a caller's transaction it is a savepoint: a throw rolls it back (settings
 * included), and on success the previous values are put back, since releasing a savepoint keeps SET LOCAL values
 * until the outer transaction ends.
 */
export async function withPlannerSettings<T>(db: Db, settings: PlannerSettings, fn: (tx: Db) => Promise<T>): Promise<T> {
  const entries = validated(settings);
  const nested = is(db, PgTransaction);
  return db.transaction(async (tx) => {
    const previous = nested ? await currentValues(tx, entries.map(([name]) => name)) : [];
    await setLocal(tx, entries);
    const result = await fn(tx);
    await setLocal(tx, previous);
    return result;
  });
}
