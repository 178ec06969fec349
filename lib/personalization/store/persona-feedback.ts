// Served persona suggestions, the persona the product accepted for each, and the weight refits learned from them.
import { and, desc, eq, gte, isNotNull, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { personaSuggestions, personaWeightFits } from "@/db/schema";
import { FIRST_INPUTS, firstUserText } from "@/lib/insights/store/topics";

export type SuggestionRow = typeof personaSuggestions.$inferSelect;
export type WeightFitRow = typeof personaWeightFits.$inferSelect;

export async function insertSuggestion(db: Db, row: typeof personaSuggestions.$inferInsert): Promise<void> {
  await db.insert(personaSuggestions).values(row);
}

export async function findSuggestion(db: Db, projectId: string, id: string): Promise<SuggestionRow | null> {
  const [row] = await db.select().from(personaSuggestions).where(and(eq(personaSuggestions.projectId, projectId), eq(personaSuggestions.id, id)));
  return row ?? null;
}

/** Sets (or replaces: the latest word wins) the accepted persona and rating of a suggestion. */
export async function setSuggestionFeedback(db: Db, projectId: string, id: string, f: { persona: string; rating: number | null; at: Date }): Promise<void> {
  await db
    .update(personaSuggestions)
    .set({ acceptedPersona: f.persona, rating: f.rating, feedbackAt: f.at })
    .where(and(eq(personaSuggestions.projectId, projectId), eq(personaSuggestions.id, id)));
}

/** Suggestions served since `since` whose accepted persona is known, oldest first. */
export async function acceptedSuggestions(db: Db, projectId: string, since: Date): Promise<SuggestionRow[]> {
  const t = personaSuggestions;
  return db
    .select()
    .from(t)
    .where(and(eq(t.projectId, projectId), isNotNull(t.acceptedPersona), gte(t.createdAt, since)))
    .orderBy(t.createdAt, t.id);
}

export async function projectsWithSuggestionFeedback(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ projectId: personaSuggestions.projectId }).from(personaSuggestions).where(isNotNull(personaSuggestions.acceptedPersona));
  return rows.map((r) => r.projectId);
}

export async function insertWeightFit(db: Db, row: typeof personaWeightFits.$inferInsert): Promise<WeightFitRow> {
  const [stored] = await db.insert(personaWeightFits).values(row).returning();
  return stored;
}

/** The weights in use: the latest adopted refit (null: the requirements' prior). */
export async function adoptedWeightFit(db: Db, projectId: string): Promise<WeightFitRow | null> {
  const t = personaWeightFits;
  const [row] = await db.select().from(t).where(and(eq(t.projectId, projectId), eq(t.adopted, true))).orderBy(desc(t.fittedAt)).limit(1);
  return row ?? null;
}

/** The user's most recent message (the first user text of their latest trace that has one), and when. */
export async function lastUserMessage(db: Db, projectId: string, userId: string): Promise<{ text: string; at: Date } | null> {
  const rows = rowsOf<{ timestamp: string | Date; root_input: unknown; generation_input: unknown }>(
    await db.execute(sql`
      with t as (select id, timestamp from traces where project_id = ${projectId} and user_id = ${userId} order by timestamp desc, id desc limit 5)
      select t.timestamp, ${FIRST_INPUTS(projectId, sql`t.id`)} from t order by t.timestamp desc, t.id desc`),
  );
  for (const r of rows) {
    const text = firstUserText(r);
    if (text) return { text, at: new Date(r.timestamp) };
  }
  return null;
}
