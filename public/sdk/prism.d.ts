// Types of the Prism browser client (/sdk/prism.js), for TypeScript pages that import it.

export declare const LLM_COST_EVENT: "llm.cost";
export declare const TIMING_EVENT: "web.timing";
export declare const PAGE_VIEW_EVENT: "web.page_view";

/** What GET /api/public/sdk-config serves: the project's consent rule, sampling rates and incident burst. */
export interface PrismSdkConfig {
  requireConsent?: boolean;
  burst?: boolean;
  sampling?: { default?: number; events?: Record<string, number> };
}

export interface PrismOptions {
  /** The project's public key (pk-prism-…): it can only write events. */
  key: string;
  /** Prism's origin; default: this page's origin. */
  host?: string;
  /** The page's own consent rule, on top of the project's. */
  requireConsent?: boolean;
  batchSize?: number;
  flushIntervalMs?: number;
  maxQueue?: number;
  maxBatch?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  configTimeoutMs?: number;
  /** Report every performance.measure() entry (default true). */
  captureMeasures?: boolean;
}

interface StorageLike {
  getItem(name: string): string | null;
  setItem(name: string, value: string): void;
}
interface EventTargetLike {
  addEventListener(type: string, fn: () => void, capture?: boolean): void;
  removeEventListener(type: string, fn: () => void, capture?: boolean): void;
}

/** The browser globals the client uses; tests pass fakes. */
export interface PrismEnv {
  fetch?: (url: string, init?: RequestInit) => Promise<{ ok: boolean; status: number; headers?: { get(name: string): string | null }; json(): Promise<unknown> }>;
  sendBeacon?: (url: string, body: string) => boolean;
  now: () => number;
  random: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  randomId: () => string;
  localStorage?: StorageLike;
  sessionStorage?: StorageLike;
  document?: EventTargetLike & { visibilityState: string };
  window?: EventTargetLike;
  location?: { origin: string; pathname: string };
  performance?: { measure(name: string, start?: string, end?: string): { duration: number; startTime: number } | undefined };
  PerformanceObserver?: unknown;
}

export interface PrismState {
  queued: number;
  dropped: number;
  consent: "unknown" | "pending" | "granted" | "denied";
  configured: boolean;
  consentRequired: boolean;
  attempt: number;
}

export interface PrismClient {
  track(name: string, properties?: Record<string, unknown>): boolean;
  trackLlmCost(properties: Record<string, unknown>): boolean;
  pageView(path?: string): boolean;
  measure(name: string, startMark?: string, endMark?: string): unknown;
  identify(userId: string | null): void;
  consent(granted: boolean): void;
  flush(): Promise<void>;
  state(): PrismState;
  close(): void;
}

export declare function sampleRateFor(name: string, config: PrismSdkConfig): number;
export declare function createPrism(options: PrismOptions, env?: PrismEnv): PrismClient;
