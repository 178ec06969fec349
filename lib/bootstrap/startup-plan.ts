/**
 * What start-up may create and when it must warn (issue 12 finding 4), as pure functions of the environment: the
 * published demo logins exist only on the zero-config embedded default or when asked for, and a server that is
 * reachable from other machines while a demo login exists says so loudly.
 */
import net from "node:net";
import type { Env } from "@/lib/env";

type PlanEnv = Pick<
  Env,
  | "DATABASE_URL"
  | "PRISM_DEMO_DATA"
  | "PRISM_INIT_ORG_NAME"
  | "PRISM_INIT_PROJECT_NAME"
  | "PRISM_INIT_PROJECT_PUBLIC_KEY"
  | "PRISM_INIT_PROJECT_SECRET_KEY"
  | "PRISM_INIT_USER_EMAIL"
  | "PRISM_INIT_USER_PASSWORD"
>;

export interface StartupPlan {
  demoData: boolean;
  /** One line for the start-up log. */
  why: string;
}

export function usesInitVariables(e: PlanEnv): boolean {
  return Boolean(
    e.PRISM_INIT_ORG_NAME ||
      e.PRISM_INIT_PROJECT_NAME ||
      e.PRISM_INIT_PROJECT_PUBLIC_KEY ||
      e.PRISM_INIT_PROJECT_SECRET_KEY ||
      e.PRISM_INIT_USER_EMAIL ||
      e.PRISM_INIT_USER_PASSWORD,
  );
}

/** Demo data: PRISM_DEMO_DATA decides when set; otherwise only on the embedded default (no DATABASE_URL, no PRISM_INIT_*). */
export function planStartup(e: PlanEnv): StartupPlan {
  if (e.PRISM_DEMO_DATA === "true") return { demoData: true, why: "PRISM_DEMO_DATA=true" };
  if (e.PRISM_DEMO_DATA === "false") return { demoData: false, why: "PRISM_DEMO_DATA=false" };
  if (e.DATABASE_URL) return { demoData: false, why: "DATABASE_URL is set (set PRISM_DEMO_DATA=true for demo data)" };
  if (usesInitVariables(e)) return { demoData: false, why: "PRISM_INIT_* is set (set PRISM_DEMO_DATA=true for demo data)" };
  return { demoData: true, why: "embedded database without configuration" };
}

/**
 * The address the server listens on: PRISM_HOST (scripts/start.mjs always sets it, 127.0.0.1 by default), else
 * HOSTNAME as Next.js reads it, else Next's own default of every interface.
 */
export function listenHostOf(processEnv: Record<string, string | undefined>): string {
  return processEnv.PRISM_HOST || processEnv.HOSTNAME || "0.0.0.0";
}

/** True when only this machine can connect: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (net.isIPv4(h)) return h.startsWith("127.");
  return h === "::1" || h === "::ffff:127.0.0.1";
}

/** The warning to print, or null: demo logins share a published password, so they must not face a network. */
export function exposureWarning(demoLoginExists: boolean, listenHost: string): string | null {
  if (!demoLoginExists || isLoopbackHost(listenHost)) return null;
  return (
    `[prism] WARNING: demo logins with the published password exist and the server listens on ${listenHost}, ` +
    "reachable from other machines. Delete the demo organization's users or listen on 127.0.0.1 (PRISM_HOST)."
  );
}
