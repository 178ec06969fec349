// The request (or job run) a piece of work belongs to, carried through async calls without threading it through
// every signature: route() opens it per API request, the job runners per run, and logs and the job ledger read it.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestContext {
  requestId: string;
  /** Set inside a job run: the ledger row being executed. */
  runId?: string;
}

// On globalThis: Next.js bundles each route separately, but one process must share one store.
const holder = globalThis as unknown as { __prismRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (holder.__prismRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** A client's X-Request-Id is kept only when it is short and plain (it ends up in logs and the ledger). */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id when it is valid, else a fresh one. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && VALID_REQUEST_ID.test(header) ? header : randomUUID();
}

export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** Runs `fn` outside any request (timers of long-lived workers must not inherit the request that woke them). */
export function outsideRequestContext<T>(fn: () => T): T {
  return storage.exit(fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
