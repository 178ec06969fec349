// "Plan at the time of exposure": a user's plan at an instant, from the trait history (identify), so an upgrade after
// exposure leaves the user in the plan they had when exposed. Before the first recorded change, the value that change
// replaced (or, when the plan was first set then, the first known plan); without any history, the current plan.
import { sql, type SQL } from "drizzle-orm";

/** SQL text expression: the plan of `userId` at `at` (both SQL expressions of the surrounding query), else 'unknown'. */
export function planAt(projectId: string, userId: SQL, at: SQL, currentPlan: SQL): SQL {
  return sql`coalesce(
    (select c.new_value #>> '{}' from end_user_trait_changes c
      where c.project_id = ${projectId} and c.user_id = ${userId} and c.trait = 'plan' and c.valid_from <= ${at}
      order by c.valid_from desc limit 1),
    (select coalesce(c.old_value, c.new_value) #>> '{}' from end_user_trait_changes c
      where c.project_id = ${projectId} and c.user_id = ${userId} and c.trait = 'plan'
      order by c.valid_from asc limit 1),
    ${currentPlan}, 'unknown')`;
}
