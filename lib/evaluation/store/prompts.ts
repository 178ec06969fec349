// Prompts and their immutable versions: creating a version (numbered under a row lock), reading one by label or
// number, listing. Labels move in ./prompt-labels.ts.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { promptLabels, prompts, promptVersions, users } from "@/db/schema";
import { auditByActor, type ProjectActor } from "@/lib/auth/actor";
import { LATEST_LABEL, promptVariables, type CreatePromptInput } from "../prompt-input";
import { assignLabels } from "./prompt-labels";
import { findPrompt, latestVersion, requirePrompt } from "./prompt-lookup";

export interface PromptVersionView {
  id: string;
  name: string;
  version: number;
  type: "text" | "chat";
  prompt: unknown;
  config: Record<string, unknown>;
  labels: string[];
  tags: string[];
  variables: string[];
  commitMessage: string | null;
  createdBy: string | null;
  createdAt: string;
}

type VersionRow = typeof promptVersions.$inferSelect;

function view(name: string, row: VersionRow, labels: string[], latest: number, createdBy: string | null): PromptVersionView {
  const all = row.version === latest ? [...labels, LATEST_LABEL] : labels;
  return {
    id: `${row.promptId}:${row.version}`,
    name,
    version: row.version,
    type: row.type,
    prompt: row.prompt,
    config: row.config,
    labels: all.sort(),
    tags: [],
    variables: row.variables,
    commitMessage: row.commitMessage,
    createdBy: createdBy ?? (row.createdByApiKey ? "API key" : null),
    createdAt: row.createdAt.toISOString(),
  };
}

async function labelsOf(db: Db, promptId: string): Promise<Map<number, string[]>> {
  const rows = await db.select().from(promptLabels).where(eq(promptLabels.promptId, promptId));
  const byVersion = new Map<number, string[]>();
  for (const r of rows) byVersion.set(r.version, [...(byVersion.get(r.version) ?? []), r.label]);
  return byVersion;
}

async function authorEmails(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.email]));
}

/** Creates the prompt if new and its next version; the version number is taken under a lock on the prompt row. */
export async function createPromptVersion(db: Db, actor: ProjectActor, input: CreatePromptInput): Promise<PromptVersionView> {
  const created = await db.transaction(async (tx) => {
    await tx.insert(prompts).values({ projectId: actor.projectId, name: input.name }).onConflictDoNothing();
    const [prompt] = await tx
      .select()
      .from(prompts)
      .where(and(eq(prompts.projectId, actor.projectId), eq(prompts.name, input.name)))
      .for("update");
    const version = (await latestVersion(tx, prompt!.id)) + 1;
    const [row] = await tx
      .insert(promptVersions)
      .values({
        projectId: actor.projectId,
        promptId: prompt!.id,
        version,
        type: input.type,
        prompt: input.prompt,
        config: input.config ?? {},
        variables: promptVariables(input.prompt),
        commitMessage: input.commitMessage ?? null,
        createdBy: actor.userId,
        createdByApiKey: actor.apiKeyId,
      })
      .returning();
    const labels = [...new Set(input.labels ?? [])];
    await assignLabels(tx, actor.projectId, prompt!.id, version, labels);
    await auditByActor(tx, actor, {
      action: "prompt.version_created",
      targetType: "prompt",
      targetId: prompt!.id,
      details: { name: input.name, version, labels },
    });
    return { row: row!, labels };
  });
  return view(input.name, created.row, created.labels, created.row.version, actor.email);
}

/** A version by number, or by label (default `production`; `latest` is the newest); null when there is none. */
export async function getPromptVersion(
  db: Db,
  projectId: string,
  name: string,
  pick: { version?: number; label?: string },
): Promise<PromptVersionView | null> {
  const prompt = await findPrompt(db, projectId, name);
  if (!prompt) return null;
  const latest = await latestVersion(db, prompt.id);
  let version = pick.version;
  if (version === undefined) {
    if (pick.label === LATEST_LABEL) version = latest;
    else {
      const [l] = await db
        .select()
        .from(promptLabels)
        .where(and(eq(promptLabels.promptId, prompt.id), eq(promptLabels.label, pick.label ?? "production")));
      if (!l) return null;
      version = l.version;
    }
  }
  const [row] = await db.select().from(promptVersions).where(and(eq(promptVersions.promptId, prompt.id), eq(promptVersions.version, version)));
  if (!row) return null;
  const emails = await authorEmails(db, [row.createdBy]);
  return view(name, row, (await labelsOf(db, prompt.id)).get(version) ?? [], latest, row.createdBy ? (emails.get(row.createdBy) ?? null) : null);
}

/** Every version of a prompt, newest first, with its labels and author. */
export async function listPromptVersions(db: Db, projectId: string, name: string): Promise<PromptVersionView[]> {
  const prompt = await requirePrompt(db, projectId, name);
  const rows = await db.select().from(promptVersions).where(eq(promptVersions.promptId, prompt.id)).orderBy(desc(promptVersions.version));
  const labels = await labelsOf(db, prompt.id);
  const emails = await authorEmails(db, rows.map((r) => r.createdBy));
  const latest = rows[0]?.version ?? 0;
  return rows.map((r) => view(name, r, labels.get(r.version) ?? [], latest, r.createdBy ? (emails.get(r.createdBy) ?? null) : null));
}

export interface PromptSummary {
  name: string;
  versions: number;
  latestVersion: number;
  type: "text" | "chat";
  labels: { label: string; version: number }[];
  updatedAt: string;
}

/** The project's prompts with their version count, newest version's type and labels, by name. */
export async function listPrompts(db: Db, projectId: string): Promise<PromptSummary[]> {
  const rows = await db
    .select({
      id: prompts.id,
      name: prompts.name,
      versions: sql<number>`count(*)::int`,
      latestVersion: sql<number>`max(${promptVersions.version})::int`,
      type: sql<"text" | "chat">`(array_agg(${promptVersions.type} order by ${promptVersions.version} desc))[1]`,
      updatedAt: sql<string>`max(${promptVersions.createdAt})`,
    })
    .from(prompts)
    .innerJoin(promptVersions, eq(promptVersions.promptId, prompts.id))
    .where(eq(prompts.projectId, projectId))
    .groupBy(prompts.id, prompts.name)
    .orderBy(asc(prompts.name));
  const labels = rows.length
    ? await db.select().from(promptLabels).where(inArray(promptLabels.promptId, rows.map((r) => r.id)))
    : [];
  return rows.map(({ id, updatedAt, ...r }) => ({
    ...r,
    updatedAt: new Date(updatedAt).toISOString(),
    labels: labels.filter((l) => l.promptId === id).map((l) => ({ label: l.label, version: l.version })).sort((a, b) => a.label.localeCompare(b.label)),
  }));
}
