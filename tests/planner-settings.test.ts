// withPlannerSettings (db/planner-settings.ts): the settings a store asks for hold inside its work and nowhere else,
// whether the work ends, throws, or runs inside a caller's transaction.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { openPglite, openPostgres, rowsOf, type Db, type DbHandle } from "@/db/client";
import { withPlannerSettings, type PlannerSettings } from "@/db/planner-settings";

// One connection, so "after" is read on the connection the settings were made on (no table is needed: the server's
// own database will do).
let h: DbHandle;
beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL;
  h = url ? await openPostgres(url, 1) : await openPglite();
});
afterAll(async () => { await h.close(); });

const STEERED: PlannerSettings = { enable_nestloop: "off", enable_hashagg: "off", work_mem: "64MB", random_page_cost: 1.1 };
const NAMES = ["enable_nestloop", "enable_hashagg", "work_mem", "random_page_cost"] as const;

async function settingsOf(db: Db): Promise<Record<string, string>> {
  const [row] = rowsOf<Record<string, string>>(
    await db.execute(sql`select current_setting('enable_nestloop') as enable_nestloop, current_setting('enable_hashagg') as enable_hashagg,
      current_setting('work_mem') as work_mem, current_setting('random_page_cost') as random_page_cost`),
  );
  return Object.fromEntries(NAMES.map((n) => [n, row[n]]));
}

const AS_SHOWN = { enable_nestloop: "off", enable_hashagg: "off", work_mem: "64MB", random_page_cost: "1.1" };

describe("withPlannerSettings", () => {
  test("the settings hold inside the work, its result is returned, and the connection has its own settings after", async () => {
    const before = await settingsOf(h.db);
    expect(before).not.toMatchObject({ enable_nestloop: "off" });
    const result = await withPlannerSettings(h.db, STEERED, async (tx) => ({ inside: await settingsOf(tx) }));
    expect(result.inside).toEqual(AS_SHOWN);
    expect(await settingsOf(h.db)).toEqual(before);
  });

  test("a throw inside propagates and leaves no setting behind", async () => {
    const before = await settingsOf(h.db);
    await expect(
      withPlannerSettings(h.db, STEERED, async (tx) => {
        expect(await settingsOf(tx)).toEqual(AS_SHOWN);
        throw new Error("refused batch");
      }),
    ).rejects.toThrow("refused batch");
    expect(await settingsOf(h.db)).toEqual(before);
  });

  test("inside a caller's transaction the settings end with the work, and the caller's own settings come back", async () => {
    const before = await settingsOf(h.db);
    await h.db.transaction(async (outer) => {
      await outer.execute(sql`set local work_mem = '8MB'`);
      const callers = await settingsOf(outer);
      expect(callers.work_mem).toBe("8MB");

      const inside = await withPlannerSettings(outer, STEERED, (tx) => settingsOf(tx));
      expect(inside).toEqual(AS_SHOWN);
      expect(await settingsOf(outer)).toEqual(callers);

      // A throw the caller catches: the savepoint is rolled back, the caller's transaction goes on with its settings.
      await expect(withPlannerSettings(outer, { enable_nestloop: "off" }, async () => { throw new Error("inner"); })).rejects.toThrow("inner");
      expect(await settingsOf(outer)).toEqual(callers);
    });
    expect(await settingsOf(h.db)).toEqual(before);
  });

  test("nested twice, each level gets back what it had", async () => {
    await withPlannerSettings(h.db, { enable_nestloop: "off" }, async (tx) => {
      const inner = await withPlannerSettings(tx, { work_mem: "16MB", enable_nestloop: "on" }, (t) => settingsOf(t));
      expect(inner).toMatchObject({ enable_nestloop: "on", work_mem: "16MB" });
      expect(await settingsOf(tx)).toMatchObject({ enable_nestloop: "off" });
      expect((await settingsOf(tx)).work_mem).not.toBe("16MB");
    });
  });

  test("names and values outside the typed list are refused before anything runs", async () => {
    let ran = false;
    const work = async () => { ran = true; };
    const refused: unknown[] = [
      { work_mem: "64MB'; drop table projects; --" },
      { work_mem: "64" },
      { enable_nestloop: "false" },
      { random_page_cost: Number.NaN },
      { random_page_cost: -1 },
      { "search_path": "evil" },
      { "jit = off; select 1; --": "off" },
    ];
    for (const settings of refused) {
      await expect(withPlannerSettings(h.db, settings as PlannerSettings, work), JSON.stringify(settings)).rejects.toThrow(/invalid planner setting/);
    }
    expect(ran).toBe(false);
  });
});
