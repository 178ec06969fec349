import type { AnyJob } from "@/lib/jobs/define";
import { housekeeping } from "./housekeeping";

/** Every background job; both the Inngest endpoint and the embedded runner serve this list. */
export const allJobs: AnyJob[] = [housekeeping];
