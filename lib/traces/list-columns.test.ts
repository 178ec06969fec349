import { describe, expect, test } from "vitest";
import { hiddenColumns, hideParam } from "./list-columns";
import { normaliseViewQuery } from "@/lib/saved-views/view";

describe("trace list columns", () => {
  test("?hide= names hidden columns; unknown names are ignored; the param is written in the table's order", () => {
    expect([...hiddenColumns("tags, input,nonsense")].sort()).toEqual(["input", "tags"]);
    expect(hiddenColumns(undefined).size).toBe(0);
    expect(hideParam(new Set(["tags", "user"]))).toBe("user,tags");
    expect(hideParam(new Set())).toBe("");
  });

  test("a view's query keeps filters in a stable order, without the cursor or empty values", () => {
    expect(normaliseViewQuery("?sort=cost&cursor=x&name=&environment=prod")).toBe("environment=prod&sort=cost");
    expect(normaliseViewQuery("")).toBe("");
  });
});
