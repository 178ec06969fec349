import { describe, expect, it } from "vitest";
import { weeklySla } from "./weekly-sla";

// 2026-12-07 is a Monday: the run starts 04:00 UTC and is due 10:00 UTC.
const at = (s: string) => new Date(s);

describe("weeklySla", () => {
  it("a project set up after the last Monday run is not yet due, with its first deadline, even after a set-up run", () => {
    const created = at("2026-12-05T20:30:00Z");
    const r = weeklySla(at("2026-12-05T20:40:00Z"), created, [at("2026-12-05T20:35:00Z")]);
    expect(r).toEqual({ status: "not_yet_due", deadline: "2026-11-30T10:00:00.000Z", nextDeadline: "2026-12-07T10:00:00.000Z" });
  });

  it("a project created on Monday after 04:00 waits for the following Monday, before and after that day's deadline", () => {
    const created = at("2026-12-07T05:00:00Z");
    expect(weeklySla(at("2026-12-07T06:00:00Z"), created, [])).toMatchObject({ status: "not_yet_due", nextDeadline: "2026-12-14T10:00:00.000Z" });
    expect(weeklySla(at("2026-12-07T11:00:00Z"), created, [])).toMatchObject({ status: "not_yet_due", nextDeadline: "2026-12-14T10:00:00.000Z" });
  });

  it("met by a run finishing between the week's end and the deadline; missed by none or a late one", () => {
    const created = at("2026-11-01T00:00:00Z");
    const now = at("2026-12-08T12:00:00Z");
    expect(weeklySla(now, created, [at("2026-12-07T04:20:00Z")])).toMatchObject({ status: "met", deadline: "2026-12-07T10:00:00.000Z" });
    expect(weeklySla(now, created, [at("2026-12-07T10:00:00Z")]).status).toBe("met");
    expect(weeklySla(now, created, [at("2026-12-07T10:00:01Z")]).status).toBe("missed");
    expect(weeklySla(now, created, [at("2026-12-01T04:20:00Z")]).status).toBe("missed");
    expect(weeklySla(now, created, []).status).toBe("missed");
  });

  it("before Monday's deadline it judges the previous week's", () => {
    const created = at("2026-11-01T00:00:00Z");
    const r = weeklySla(at("2026-12-07T08:00:00Z"), created, [at("2026-11-30T04:10:00Z")]);
    expect(r).toMatchObject({ status: "met", deadline: "2026-11-30T10:00:00.000Z" });
  });
});
