// Prism browser telemetry client: an ES module with no dependencies, served by Prism at /sdk/prism.js.
//
//   import { createPrism } from "https://prism.example.com/sdk/prism.js";
//   const prism = createPrism({ key: "pk-prism-…", host: "https://prism.example.com" });
//   prism.track("checkout.clicked", { plan: "pro" });
//
// It batches events, sends them with fetch (keepalive) or, when the page is hidden, navigator.sendBeacon; retries
// failures with exponential backoff (honouring Retry-After); keeps a bounded queue; samples per event name with the
// rates the project serves (default 20% for UI events, 100% for LLM cost, everything during an incident "burst");
// sends nothing (and stores nothing) before consent when the project or the page requires it; and reports
// performance.measure() timings. It never reads page text: only what the page passes to track() is sent.
// The public key can only write events (POST /api/public/events); it cannot read anything.

const DEFAULTS = {
  batchSize: 20,
  flushIntervalMs: 5000,
  maxQueue: 500,
  maxBatch: 100,
  baseBackoffMs: 1000,
  maxBackoffMs: 60_000,
  configTimeoutMs: 3000,
};

/** Event names the client always keeps, whatever the sampling: what money and incidents are counted from. */
export const LLM_COST_EVENT = "llm.cost";
export const TIMING_EVENT = "web.timing";
export const PAGE_VIEW_EVENT = "web.page_view";
const DEFAULT_UI_RATE = 0.2;

function defaultEnv() {
  const g = globalThis;
  return {
    fetch: g.fetch ? g.fetch.bind(g) : undefined,
    sendBeacon: g.navigator && g.navigator.sendBeacon ? g.navigator.sendBeacon.bind(g.navigator) : undefined,
    now: () => Date.now(),
    random: Math.random,
    setTimeout: g.setTimeout.bind(g),
    clearTimeout: g.clearTimeout.bind(g),
    randomId: () => (g.crypto && g.crypto.randomUUID ? g.crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`),
    localStorage: safeStorage(() => g.localStorage),
    sessionStorage: safeStorage(() => g.sessionStorage),
    document: g.document,
    window: g.window,
    location: g.location,
    performance: g.performance,
    PerformanceObserver: g.PerformanceObserver,
  };
}

function safeStorage(get) {
  try {
    const s = get();
    if (!s) return undefined;
    return s;
  } catch {
    return undefined; // storage blocked (privacy mode, sandboxed frame)
  }
}

function storageGet(storage, name) {
  try {
    return storage ? storage.getItem(name) : null;
  } catch {
    return null;
  }
}

function storageSet(storage, name, value) {
  try {
    if (storage) storage.setItem(name, value);
  } catch {
    /* quota or blocked: the id lives in memory only */
  }
}

/** The rate an event is kept at: burst keeps all, then the project's per-event rate, then the defaults. */
export function sampleRateFor(name, config) {
  if (name === LLM_COST_EVENT) return 1;
  if (config.burst) return 1;
  const rates = config.sampling && config.sampling.events ? config.sampling.events : {};
  if (Object.prototype.hasOwnProperty.call(rates, name)) return clampRate(rates[name]);
  const fallback = config.sampling && typeof config.sampling.default === "number" ? config.sampling.default : DEFAULT_UI_RATE;
  return clampRate(fallback);
}

function clampRate(rate) {
  return typeof rate === "number" && rate >= 0 && rate <= 1 ? rate : DEFAULT_UI_RATE;
}

/**
 * Creates a client. Options: key (public key, required), host (Prism's origin; default this page's origin),
 * requireConsent (the page's own rule, on top of the project's), batchSize, flushIntervalMs, maxQueue,
 * captureMeasures (send performance.measure entries; default true). `env` replaces browser globals (tests).
 */
export function createPrism(options, env = defaultEnv()) {
  if (!options || typeof options.key !== "string" || !options.key.startsWith("pk-")) {
    throw new Error("Prism: createPrism needs { key: 'pk-…' }, the project's public key");
  }
  const opts = { ...DEFAULTS, ...options };
  const host = (opts.host || (env.location ? env.location.origin : "")).replace(/\/+$/, "");
  const keyParam = `key=${encodeURIComponent(opts.key)}`;
  const eventsUrl = `${host}/api/public/events?${keyParam}`;

  /** Events waiting to be sent; the oldest are dropped past maxQueue. */
  let queue = [];
  let dropped = 0;
  let config = null; // the project's rules, once fetched (or the defaults after configTimeoutMs)
  let consent = opts.requireConsent ? "pending" : "unknown";
  let userId = null;
  let anonymousId = null;
  let sessionId = null;
  let timer = null;
  /** The send in progress (or a resolved promise): flushes queue behind it. */
  let sending = Promise.resolve();
  let attempt = 0;
  let retryAt = 0;
  let closed = false;
  const listeners = [];

  const consentNeeded = () => Boolean(opts.requireConsent || (config && config.requireConsent));
  const mayStore = () => !consentNeeded() || consent === "granted";
  const maySend = () => config !== null && mayStore() && !closed;

  function ids() {
    if (!mayStore()) return { anonymousId: null, sessionId: null };
    if (!anonymousId) {
      anonymousId = storageGet(env.localStorage, "prism_anon_id") || env.randomId();
      storageSet(env.localStorage, "prism_anon_id", anonymousId);
    }
    if (!sessionId) {
      sessionId = storageGet(env.sessionStorage, "prism_session_id") || env.randomId();
      storageSet(env.sessionStorage, "prism_session_id", sessionId);
    }
    return { anonymousId, sessionId };
  }

  function enqueue(name, properties, force) {
    if (closed || consent === "denied") return false;
    if (typeof name !== "string" || name.length === 0 || name.length > 200) throw new Error("Prism: an event needs a name of 1 to 200 characters");
    queue.push({ id: env.randomId(), name, timestamp: new Date(env.now()).toISOString(), userId, properties: { ...(properties || {}) }, force: Boolean(force) });
    if (queue.length > opts.maxQueue) {
      dropped += queue.length - opts.maxQueue;
      queue = queue.slice(queue.length - opts.maxQueue);
    }
    if (queue.length >= opts.batchSize) flush();
    else schedule(opts.flushIntervalMs);
    return true;
  }

  function schedule(delayMs) {
    if (timer !== null || closed) return;
    timer = env.setTimeout(() => {
      timer = null;
      flush();
    }, delayMs);
  }

  /** Applies sampling (once config is known) and stamps ids; returns the events to send now. */
  function takeBatch() {
    const { anonymousId: anon, sessionId: sid } = ids();
    const batch = [];
    while (queue.length > 0 && batch.length < opts.maxBatch) {
      const event = queue.shift();
      if (!event.sampled) {
        const rate = event.force ? 1 : sampleRateFor(event.name, config);
        if (env.random() >= rate) continue; // sampled out: never sent
        event.sampled = true;
        event.properties.$sample_rate = rate;
      }
      if (anon && event.properties.$anon_id === undefined) event.properties.$anon_id = anon;
      if (sid && !event.sessionId) event.sessionId = sid;
      batch.push(event);
    }
    return batch;
  }

  function payload(batch) {
    return JSON.stringify({
      events: batch.map((e) => ({ id: e.id, name: e.name, timestamp: e.timestamp, userId: e.userId || undefined, sessionId: e.sessionId || undefined, properties: e.properties })),
      dropped,
    });
  }

  function requeue(batch) {
    queue = batch.concat(queue).slice(-opts.maxQueue);
  }

  function backoff(retryAfterMs) {
    attempt += 1;
    const exp = Math.min(opts.maxBackoffMs, opts.baseBackoffMs * 2 ** (attempt - 1));
    const delay = Math.max(retryAfterMs || 0, exp / 2 + (env.random() * exp) / 2); // "equal jitter"
    retryAt = env.now() + delay;
    schedule(delay);
  }

  /**
   * Sends what is queued, batch after batch, until it is empty or a send fails (then a retry is scheduled). One send
   * at a time: a flush called during a send waits for it and then sends what is left, so `await flush()` means
   * "delivered, or waiting for its retry".
   */
  function flush() {
    const run = sending.then(sendQueued);
    sending = run.catch(() => undefined);
    return run;
  }

  async function sendQueued() {
    while (maySend() && queue.length > 0) {
      if (env.now() < retryAt) return schedule(retryAt - env.now());
      if (timer !== null) {
        env.clearTimeout(timer);
        timer = null;
      }
      const batch = takeBatch();
      if (batch.length === 0) return;
      const sentDropped = dropped;
      try {
        const res = await env.fetch(eventsUrl, { method: "POST", body: payload(batch), headers: { "Content-Type": "text/plain" }, keepalive: true, credentials: "omit" });
        if (res.status === 429 || res.status >= 500) {
          requeue(batch);
          const retryAfter = Number(res.headers && res.headers.get ? res.headers.get("Retry-After") : NaN);
          return backoff(Number.isFinite(retryAfter) ? retryAfter * 1000 : 0);
        }
        // 2xx: stored, or refused item by item (an invalid event never becomes valid); other 4xx: the key or the
        // body is wrong and retrying would repeat it. Either way the batch is done.
        attempt = 0;
        retryAt = 0;
        dropped -= sentDropped;
      } catch {
        requeue(batch); // network failure: try again later
        return backoff(0);
      }
    }
  }

  /** On page hide: everything left goes by sendBeacon (which outlives the page), fetch keepalive if it refuses. */
  function flushOnHide() {
    if (!maySend() || queue.length === 0) return;
    while (queue.length > 0) {
      const batch = takeBatch();
      if (batch.length === 0) break;
      const body = payload(batch);
      const queued = env.sendBeacon ? env.sendBeacon(eventsUrl, body) : false;
      if (!queued && env.fetch) {
        env.fetch(eventsUrl, { method: "POST", body, headers: { "Content-Type": "text/plain" }, keepalive: true, credentials: "omit" }).catch(() => undefined);
      }
    }
    dropped = 0;
  }

  function listen(target, type, fn, capture) {
    if (!target || !target.addEventListener) return;
    target.addEventListener(type, fn, capture);
    listeners.push(() => target.removeEventListener(type, fn, capture));
  }

  listen(env.document, "visibilitychange", () => {
    if (env.document.visibilityState === "hidden") flushOnHide();
  });
  listen(env.window, "pagehide", flushOnHide);

  if (opts.captureMeasures !== false && env.PerformanceObserver) {
    try {
      const observer = new env.PerformanceObserver((list) => {
        for (const entry of list.getEntries()) enqueue(TIMING_EVENT, { name: entry.name, durationMs: Math.round(entry.duration), startMs: Math.round(entry.startTime) });
      });
      observer.observe({ type: "measure", buffered: true });
      listeners.push(() => observer.disconnect());
    } catch {
      /* no measure support: timings only through measure() */
    }
  }

  // The project's rules: consent requirement, per-event sampling, burst. Until they arrive nothing is sent; if they
  // do not arrive in time the defaults apply (consent still required when the page asked for it).
  const configTimer = env.setTimeout(() => applyConfig({}), opts.configTimeoutMs);
  function applyConfig(value) {
    if (config !== null) return;
    env.clearTimeout(configTimer);
    config = value && typeof value === "object" ? value : {};
    if (queue.length > 0) flush();
  }
  if (env.fetch) {
    env
      .fetch(`${host}/api/public/sdk-config?${keyParam}`, { credentials: "omit" })
      .then((res) => (res.ok ? res.json() : {}))
      .then(applyConfig, () => applyConfig({}));
  } else {
    applyConfig({});
  }

  return {
    /** Queues an event; properties are sent as given (never page text the page did not pass). */
    track(name, properties) {
      return enqueue(name, properties, false);
    },
    /** An LLM call's cost: always kept (100%), so spend adds up whatever the UI sampling. */
    trackLlmCost(properties) {
      return enqueue(LLM_COST_EVENT, properties, true);
    },
    /** A page view: the path only (no query string, no title, no text). */
    pageView(path) {
      const p = path || (env.location ? env.location.pathname : "/");
      return enqueue(PAGE_VIEW_EVENT, { path: p }, false);
    },
    /** performance.measure() and report it (when measures are not already observed). */
    measure(name, startMark, endMark) {
      const entry = env.performance && env.performance.measure ? env.performance.measure(name, startMark, endMark) : null;
      if (entry && (opts.captureMeasures === false || !env.PerformanceObserver)) {
        enqueue(TIMING_EVENT, { name, durationMs: Math.round(entry.duration), startMs: Math.round(entry.startTime) });
      }
      return entry;
    },
    identify(id) {
      userId = typeof id === "string" && id.length > 0 ? id.slice(0, 200) : null;
    },
    /** Grants (true) or refuses (false) consent; a refusal drops what was queued and stores nothing. */
    consent(granted) {
      consent = granted ? "granted" : "denied";
      if (!granted) {
        queue = [];
        dropped = 0;
      } else if (queue.length > 0) flush();
    },
    flush,
    /** What the client holds, for pages that show it and for tests. */
    state() {
      return { queued: queue.length, dropped, consent, configured: config !== null, consentRequired: consentNeeded(), attempt };
    },
    close() {
      closed = true;
      if (timer !== null) env.clearTimeout(timer);
      env.clearTimeout(configTimer);
      for (const off of listeners.splice(0)) off();
    },
  };
}
