// Called by Inngest (requests are signed with INNGEST_SIGNING_KEY); unused in embedded mode.
import { serve } from "inngest/next";
import { inngest, inngestFunctions, jobRegistration } from "@/inngest/client";
import { registerJobs } from "@/lib/jobs/dispatch";

// instrumentation.ts registers the jobs at start; registering here too keeps this endpoint whole on its own.
registerJobs(jobRegistration);

export const { GET, POST, PUT } = serve({ client: inngest, functions: inngestFunctions });
