// Pins the README's layout rule: a domain's root is pure and all of its SQL sits in its one store/ folder.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const DOMAINS = ["traces", "experiments", "monitoring", "spectrum", "overview", "retention", "telemetry", "users", "insights", "sentiment", "cohorts", "user-insights", "evaluation", "personalization", "browser-sdk", "catalog", "saved-views", "time-range", "warehouse"];

/** What only store/ may do: import drizzle's helpers or the sql tag (type-only imports are fine), or run a query. */
const SQL_MARKERS: { what: string; pattern: RegExp }[] = [
  { what: "imports from drizzle-orm", pattern: /\bimport\s+(?!type\b)[^;]*?\bfrom\s+["']drizzle-orm(?:\/[^"']*)?["']/ },
  { what: "uses the sql tag", pattern: /\bsql(?:<[^>`]*>)?`/ },
  { what: "runs a query", pattern: /\b(?:db|tx|database)\s*\.\s*(?:select|selectDistinct|insert|update|delete|execute)\s*\(/ },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "store" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** "lib/x/y.ts: runs a query" for each rule a domain file outside store/ breaks. */
function layoutViolations(domains = DOMAINS): string[] {
  return domains.flatMap((domain) =>
    sourceFiles(path.join(ROOT, "lib", domain)).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return SQL_MARKERS.filter((m) => m.pattern.test(text)).map((m) => `${path.relative(ROOT, file)}: ${m.what}`);
    }),
  );
}

describe("domain layout", () => {
  it("keeps every query of a domain in its store/ folder", () => {
    expect(layoutViolations()).toEqual([]);
  });

  it("recognises each kind of SQL", () => {
    const probe = (text: string) => SQL_MARKERS.filter((m) => m.pattern.test(text)).map((m) => m.what);
    expect(probe(`import { and, eq } from "drizzle-orm";`)).toEqual(["imports from drizzle-orm"]);
    expect(probe(`import type { SQL } from "drizzle-orm";`)).toEqual([]);
    expect(probe("const q = sql<number>`count(*)`;")).toEqual(["uses the sql tag"]);
    expect(probe("await db.select().from(t)")).toEqual(["runs a query"]);
    expect(probe("await tx\n  .delete(t)")).toEqual(["runs a query"]);
    expect(probe("const rows = await listRows(db, projectId);")).toEqual([]);
  });
});
