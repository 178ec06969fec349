// Saved views through the real handlers: a person saves the trace list's URL state under a name, finds it again,
// replaces it by saving under the same name, and deletes it; nobody else sees or deletes it; bad input changes nothing.
import { describe, expect, test } from "vitest";
import { call, seededDatabase } from "./support/fixtures";
import * as views from "@/app/api/v1/saved-views/route";
import * as view from "@/app/api/v1/saved-views/[id]/route";
import { MAX_VIEWS_PER_PAGE } from "@/lib/saved-views/view";

const t = seededDatabase();
const list = (as: string, page = "traces") => call(views.GET, `/api/v1/saved-views?page=${page}`, { as });
const save = (as: string, body: unknown) => call(views.POST, "/api/v1/saved-views", { method: "POST", body, as });
const remove = (as: string, id: string) => call(view.DELETE, `/api/v1/saved-views/${id}`, { method: "DELETE", as, params: { id } });

describe("saved views", () => {
  test("a viewer saves the current filters, sort and hidden columns; the page cursor and empty values are dropped", async () => {
    const viewer = t.org.users.viewer.id;
    const res = await save(viewer, { page: "traces", name: "Slow production", query: "?environment=production&minLatencyMs=2000&name=&cursor=abc&hide=input,tags&sort=latency" });
    expect(res.status).toBe(201);
    expect(res.json.view).toMatchObject({ page: "traces", name: "Slow production", query: "environment=production&hide=input%2Ctags&minLatencyMs=2000&sort=latency" });
    const mine = await list(viewer);
    expect(mine.json.views.map((v: { name: string }) => v.name)).toEqual(["Slow production"]);
    expect((await list(viewer, "sessions")).json.views).toEqual([]);
  });

  test("saving under a taken name replaces that view instead of adding one", async () => {
    const analyst = t.org.users.analyst.id;
    await save(analyst, { page: "traces", name: "Errors", query: "level=ERROR" });
    const again = await save(analyst, { page: "traces", name: "Errors", query: "level=ERROR&environment=production" });
    expect(again.status).toBe(201);
    const rows = (await list(analyst)).json.views;
    expect(rows).toHaveLength(1);
    expect(rows[0].query).toBe("environment=production&level=ERROR");
  });

  test("views are personal: another member neither lists nor deletes them (404), the owner deletes them", async () => {
    const owner = t.org.users.analyst.id;
    const [errors] = (await list(owner)).json.views;
    expect((await list(t.org.users.admin.id)).json.views).toEqual([]);
    const foreign = await remove(t.org.users.admin.id, errors.id);
    expect(foreign.status).toBe(404);
    expect((await list(owner)).json.views).toHaveLength(1);
    expect((await remove(owner, errors.id)).status).toBe(204);
    expect((await list(owner)).json.views).toEqual([]);
  });

  test("an unknown page, an empty name or an over-long query is a 400 naming the field, and nothing is saved", async () => {
    const admin = t.org.users.admin.id;
    const cases: [unknown, RegExp][] = [
      [{ page: "billing", name: "x", query: "" }, /page/],
      [{ page: "traces", name: "  ", query: "" }, /name/],
      [{ page: "traces", name: "long", query: "a=".padEnd(2100, "x") }, /query/],
    ];
    for (const [body, field] of cases) {
      const res = await save(admin, body);
      expect(res.status).toBe(400);
      expect(res.json.error.message).toMatch(field);
    }
    expect((await list(admin)).json.views).toEqual([]);
  });

  test(`at most ${MAX_VIEWS_PER_PAGE} views per page and person: the next one is a 409`, async () => {
    const owner = t.org.users.owner.id;
    for (let i = 0; i < MAX_VIEWS_PER_PAGE; i++) expect((await save(owner, { page: "traces", name: `v${i}`, query: `tag=t${i}` })).status).toBe(201);
    const over = await save(owner, { page: "traces", name: "one more", query: "" });
    expect(over.status).toBe(409);
    // Replacing an existing view is still allowed at the limit.
    expect((await save(owner, { page: "traces", name: "v0", query: "tag=new" })).status).toBe(201);
  });
});
