import { serve } from "inngest/next";
import { inngest, inngestFunctions } from "@/inngest/client";

// Called by Inngest (requests are signed with INNGEST_SIGNING_KEY); unused in embedded mode.
export const { GET, POST, PUT } = serve({ client: inngest, functions: inngestFunctions });
