// A fake browser for the telemetry client: a manual clock with timers, a fetch that records requests and answers
// from a script, sendBeacon, storage and page visibility. Nothing in it waits on real time.
import type { PrismEnv } from "@/public/sdk/prism";

export interface SentRequest {
  url: string;
  via: "fetch" | "beacon";
  body: { events: { id: string; name: string; userId?: string; sessionId?: string; properties: Record<string, unknown> }[]; dropped: number } | null;
}

type Reply = { status: number; retryAfter?: number } | "network-error";

export function fakeBrowser(opts: { config?: unknown; configFails?: boolean; random?: () => number; beaconAccepts?: boolean } = {}) {
  let now = 1_800_000_000_000;
  let nextTimer = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const sent: SentRequest[] = [];
  const replies: Reply[] = [];
  const listeners = new Map<string, Set<() => void>>();
  const store = new Map<string, string>();
  let idCounter = 0;
  /** While set, event POSTs wait for it: a send stays in flight until the test releases it. */
  let gate: Promise<void> | null = null;
  const target = {
    addEventListener: (type: string, fn: () => void) => (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(fn),
    removeEventListener: (type: string, fn: () => void) => listeners.get(type)?.delete(fn),
  };
  const document = { ...target, visibilityState: "visible" };

  const env: PrismEnv = {
    now: () => now,
    random: opts.random ?? (() => 0),
    setTimeout: (fn, ms) => {
      const id = nextTimer++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id as number),
    randomId: () => `id-${++idCounter}`,
    localStorage: { getItem: (k) => store.get(`l:${k}`) ?? null, setItem: (k, v) => void store.set(`l:${k}`, v) },
    sessionStorage: { getItem: (k) => store.get(`s:${k}`) ?? null, setItem: (k, v) => void store.set(`s:${k}`, v) },
    document,
    window: target,
    location: { origin: "https://app.example", pathname: "/pricing" },
    async fetch(url: string, init?: RequestInit) {
      if (url.includes("/sdk-config")) {
        if (opts.configFails) throw new Error("offline");
        return { ok: true, status: 200, json: async () => opts.config ?? {} };
      }
      sent.push({ url, via: "fetch", body: JSON.parse(String(init?.body)) });
      if (gate) await gate;
      const reply = replies.shift() ?? { status: 200 };
      if (reply === "network-error") throw new TypeError("Failed to fetch");
      const headers = { get: (name: string) => (name === "Retry-After" && reply.retryAfter !== undefined ? String(reply.retryAfter) : null) };
      return { ok: reply.status < 300, status: reply.status, headers, json: async () => ({}) };
    },
    sendBeacon(url: string, body: string) {
      if (opts.beaconAccepts === false) return false;
      sent.push({ url, via: "beacon", body: JSON.parse(body) });
      return true;
    },
  };

  /** Lets pending promise callbacks run (the client's fetches resolve on microtasks). */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };

  return {
    env,
    sent,
    /** Holds event POSTs in flight until the returned function is called. */
    hold() {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
    /** The replies the next event POSTs get, in order (then 200). */
    reply: (...r: Reply[]) => replies.push(...r),
    settle,
    /** Moves the clock, firing due timers in order. */
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await settle();
      }
      now = until;
      await settle();
    },
    hide() {
      document.visibilityState = "hidden";
      for (const fn of listeners.get("visibilitychange") ?? []) fn();
    },
    stored: () => Object.fromEntries(store),
  };
}
