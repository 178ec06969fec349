// Multi-row INSERT ... SELECT FROM jsonb_to_recordset($1): all rows travel as one JSON document in one bind
// parameter. Building an INSERT with a bind parameter per value costs ~0.5 ms of ORM query-building per row (500
// spans: ~250 ms, more than the database needs to write them); this form is a fixed, small statement whatever the
// row count, its only per-row client work is JSON.stringify, and it works the same on PostgreSQL and PGlite.

import { getTableColumns, is, SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

/** Types jsonb_to_recordset converts a JSON value into, per drizzle column type. */
const RECORD_TYPE: Record<string, string> = {
  PgText: "text",
  PgUUID: "uuid",
  PgBigInt53: "int8",
  PgInteger: "int4",
  PgDoublePrecision: "float8",
  PgBoolean: "bool",
  PgTimestamp: "timestamptz",
  PgJsonb: "jsonb",
  PgArray: "text[]",
};

// JSON escapes PostgreSQL cannot store: NUL (text and jsonb reject it) and lone surrogates (JSON.stringify escapes
// only those; jsonb rejects them). Only escapes preceded by an even number of backslashes are real escapes.
const UNSTORABLE_ESCAPE = /(?<=(?:^|[^\\])(?:\\\\)*)\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/g;

/** The rows as one JSON document, with unstorable characters replaced by U+FFFD (as a UTF-8 encoder does). */
export function rowsJson(rows: readonly unknown[]): string {
  const json = JSON.stringify(rows);
  return json.includes("\\u0000") || /\\u[dD][89a-fA-F]/.test(json) ? json.replace(UNSTORABLE_ESCAPE, "\\ufffd") : json;
}

/**
 * `insert into <table> (<columns>) select ... from jsonb_to_recordset($1)` for `rows`; the caller appends the ON
 * CONFLICT clause. Columns are the keys present in the rows. A missing (undefined) or null value of a NOT NULL
 * column with a default takes the default, as a per-row INSERT would. JSON null in a jsonb column is stored as SQL
 * NULL, as the ORM's INSERT stores it. NUL characters and lone surrogates become U+FFFD.
 */
export function bulkInsert<T extends PgTable>(table: T, rows: readonly T["$inferInsert"][]): SQL {
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(all).filter((k) => rows.some((r) => (r as Record<string, unknown>)[k] !== undefined));
  const fields: SQL[] = [];
  const selected: SQL[] = [];
  for (const key of keys) {
    const column = all[key];
    const type = column.columnType === "PgArray" ? column.getSQLType() : RECORD_TYPE[column.columnType];
    if (!type) throw new Error(`bulkInsert: column type ${column.columnType} (${column.name}) is not supported`);
    fields.push(sql`${sql.identifier(key)} ${sql.raw(type)}`);
    let expr: SQL = sql`u.${sql.identifier(key)}`;
    if (column.notNull && column.hasDefault && column.default !== undefined) {
      const fallback = is(column.default, SQL) ? column.default : sql`${JSON.stringify(column.default)}::jsonb #>> '{}'`;
      expr = sql`coalesce(${expr}, (${fallback})::${sql.raw(type)})`;
    }
    selected.push(expr);
  }
  const names = sql.join(keys.map((k) => sql.identifier(all[k].name)), sql`, `);
  const json = rowsJson(rows);
  return sql`insert into ${table} (${names}) select ${sql.join(selected, sql`, `)} from jsonb_to_recordset(${json}::jsonb) as u(${sql.join(fields, sql`, `)})`;
}
