import { describe, expect, test } from "vitest";
import path from "node:path";
import { absolutePath, partitionPath, s3Location, warehouseRoot } from "./location";

describe("warehouse locations", () => {
  test("the root defaults to PRISM_DATA_DIR/warehouse and accepts a folder or a file:// URL", () => {
    expect(warehouseRoot({ PRISM_DATA_DIR: "/srv/prism" })).toBe("/srv/prism/warehouse");
    expect(warehouseRoot({ PRISM_DATA_DIR: "/x", PRISM_WAREHOUSE_URL: "/mnt/warm" })).toBe("/mnt/warm");
    expect(warehouseRoot({ PRISM_DATA_DIR: "/x", PRISM_WAREHOUSE_URL: "file:///mnt/warm%20tier" })).toBe("/mnt/warm tier");
  });

  test("an s3:// URL names the bucket and prefix; files are cached under PRISM_DATA_DIR/warehouse-cache", () => {
    expect(s3Location("s3://prism-tiers/prod/warm/")).toEqual({ bucket: "prism-tiers", prefix: "prod/warm" });
    expect(s3Location("s3://prism-tiers")).toEqual({ bucket: "prism-tiers", prefix: "" });
    expect(s3Location("/mnt/warm")).toBeNull();
    expect(() => s3Location("s3://b/../x")).toThrow(/segments/);
    expect(warehouseRoot({ PRISM_DATA_DIR: "/srv/prism", PRISM_WAREHOUSE_URL: "s3://prism-tiers/prod" })).toBe("/srv/prism/warehouse-cache/prism-tiers/prod");
  });

  test("one folder per project, table and event_date; nothing can step outside the root", () => {
    const p = "0b7a6c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b";
    expect(partitionPath(p, "events", "2026-11-02")).toBe(`${p}/events/event_date=2026-11-02/events.parquet`);
    expect(() => partitionPath(p, "events", "2026-11-02/../../x")).toThrow();
    expect(() => partitionPath("../etc", "events", "2026-11-02")).toThrow();
    expect(absolutePath("/w", `${p}/events/a.parquet`)).toBe(path.join("/w", p, "events", "a.parquet"));
    expect(() => absolutePath("/w", "../etc/passwd")).toThrow(/outside/);
  });
});
