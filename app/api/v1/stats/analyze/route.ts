import { withApiKey } from "@/lib/http/route";
import { enforceComputeRateLimit } from "@/lib/compute/rate-limit";
import { AppError, readJson } from "@/lib/http/errors";
import { analyze, analyzeInputSchema, describeIssues } from "@/lib/experiments/stats";

/** Stateless statistics: per-variant summary statistics in, lift / intervals / p-values / SRM out. */
export const POST = withApiKey(async (req, { apiKey }) => {
  await enforceComputeRateLimit(apiKey.apiKeyId);
  const parsed = analyzeInputSchema.safeParse(await readJson(req));
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    const first = issues[0];
    throw new AppError("invalid_request", first ? `${first.field || "body"}: ${first.message}` : "Invalid input", issues);
  }
  return Response.json(analyze(parsed.data));
});
