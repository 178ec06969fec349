// Prism's own dashboard telemetry names pages by route only, and every event it sends fits catalog/prism.yaml.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { DASHBOARD_ROUTES, routeOf, UNKNOWN_ROUTE } from "@/lib/telemetry/dashboard-routes";
import { compileContract } from "@/lib/catalog/contract";
import { shippedCatalog } from "@/lib/catalog/shipped";

const DASHBOARD = path.join(__dirname, "..", "app", "(dashboard)");

function pageRoutes(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return pageRoutes(full, `${prefix}/${name}`);
    return name === "page.tsx" && prefix ? [prefix] : [];
  });
}

describe("dashboard routes", () => {
  test("the list names every dashboard page (a new page must be added to lib/telemetry/dashboard-routes.ts)", () => {
    expect([...DASHBOARD_ROUTES].sort()).toEqual(pageRoutes(DASHBOARD).sort());
  });

  test("a pathname becomes its route: ids and query strings never leave, static pages beat parameters", () => {
    expect(routeOf("/traces/4bf92f3577b34da6a3ce929d0e0e4736")).toBe("/traces/[traceId]");
    expect(routeOf("/users/alice@example.com")).toBe("/users/[userId]");
    expect(routeOf("/users/retention")).toBe("/users/retention");
    expect(routeOf("/experiments/new")).toBe("/experiments/new");
    expect(routeOf("/overview?from=2026-01-01")).toBe("/overview");
    expect(routeOf("/nowhere/at/all")).toBe(UNKNOWN_ROUTE);
  });
});

describe("catalog/prism.yaml", () => {
  const contract = compileContract(shippedCatalog("prism"));

  test("every page view the dashboard can send validates, with the client's own $ keys", () => {
    for (const route of [...DASHBOARD_ROUTES, UNKNOWN_ROUTE]) {
      const properties = { path: routeOf(route === UNKNOWN_ROUTE ? "/x/y/z/w" : route), $sample_rate: 1, $anon_id: "a", $source: "browser" };
      expect(contract.check("web.page_view", properties), route).toEqual({ known: true, violations: [] });
    }
  });

  test("a raw path with an id or a query string would be refused", () => {
    expect(contract.check("web.page_view", { path: "/traces/4bf92f3577b34da6" }).violations).toHaveLength(1);
    expect(contract.check("web.page_view", { path: "/users/alice@example.com" }).violations).toHaveLength(1);
    expect(contract.check("web.page_view", { path: "/overview?from=x" }).violations).toHaveLength(1);
  });
});
