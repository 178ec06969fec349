// The breakdown of a retention or funnel query: a trait's current value, or membership of saved cohorts (a user in
// two of them counts in both; a user in none is left out of a cohort breakdown).
import { sql, type SQL } from "drizzle-orm";
import { traitExpr } from "@/lib/cohorts/store/compile-definition";
import type { Breakdown } from "../inputs";

export const NO_VALUE = "(none)";

/** A join onto rows whose user is `userColumn`, and the breakdown key it yields (null without a breakdown). */
export function breakdownJoin(projectId: string, breakdown: Breakdown | undefined, userColumn: SQL): { join: SQL; key: SQL } {
  if (breakdown === undefined) return { join: sql``, key: sql`null::text` };
  if (typeof breakdown === "string") {
    return {
      join: sql` left join end_users bu on bu.project_id = ${projectId} and bu.user_id = ${userColumn}`,
      key: sql`coalesce((${traitExpr(breakdown, "bu")})::text, ${NO_VALUE})`,
    };
  }
  return {
    join: sql` join cohort_members bc on bc.project_id = ${projectId} and bc.user_id = ${userColumn} and bc.cohort_id in (select (jsonb_array_elements_text(${JSON.stringify(breakdown)}::jsonb))::uuid)`,
    key: sql`bc.cohort_id::text`,
  };
}
