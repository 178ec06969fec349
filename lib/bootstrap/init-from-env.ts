import type { Db } from "@/db/client";
import type { Env } from "@/lib/env";
import { ensureApiKey, ensureMembership, ensureOrganization, ensureProject, ensureUser } from "./ensure";

/**
 * Headless initialization (like other self-hosted analytics tools): PRISM_INIT_* variables describe an
 * organization, project, key pair and owner; start-up creates whatever of it is missing.
 */
export async function initFromEnv(db: Db, e: Env): Promise<string[]> {
  if (!e.PRISM_INIT_ORG_NAME) return [];
  const done: string[] = [];
  const org = await ensureOrganization(db, e.PRISM_INIT_ORG_NAME);
  done.push(`organization "${org.name}"`);
  if (e.PRISM_INIT_PROJECT_NAME) {
    const project = await ensureProject(db, org.id, e.PRISM_INIT_PROJECT_NAME);
    done.push(`project "${project.name}"`);
    if (e.PRISM_INIT_PROJECT_PUBLIC_KEY && e.PRISM_INIT_PROJECT_SECRET_KEY) {
      await ensureApiKey(db, project.id, "Initial key", e.PRISM_INIT_PROJECT_PUBLIC_KEY, e.PRISM_INIT_PROJECT_SECRET_KEY);
      done.push(`API key ${e.PRISM_INIT_PROJECT_PUBLIC_KEY}`);
    }
  }
  if (e.PRISM_INIT_USER_EMAIL && e.PRISM_INIT_USER_PASSWORD) {
    const user = await ensureUser(db, e.PRISM_INIT_USER_EMAIL, e.PRISM_INIT_USER_PASSWORD);
    await ensureMembership(db, org.id, user.id, "owner");
    done.push(`owner ${user.email}`);
  }
  return done;
}
