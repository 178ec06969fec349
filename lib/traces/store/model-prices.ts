// Project model price overrides (any match wins over the shipped defaults; history by effective date).

import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { modelPriceOverrides } from "@/db/schema";
import { auditAs } from "@/lib/audit/record";
import type { Principal } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { modelPriceSchema, type ModelPrice } from "../pricing/types";
import { invalidateIngestConfig, priceFromRow } from "./ingest-config";

export interface ModelPriceOverride extends ModelPrice {
  rowId: string;
}

export const modelPriceInputSchema = modelPriceSchema;
export type ModelPriceInput = z.input<typeof modelPriceInputSchema>;

type Row = typeof modelPriceOverrides.$inferSelect;

function toPrice(r: Row): ModelPriceOverride {
  return { rowId: r.rowId, ...priceFromRow(r) };
}

function toValues(p: z.output<typeof modelPriceInputSchema>) {
  return {
    priceId: p.id,
    provider: p.provider ?? null,
    modelPattern: p.modelPattern,
    inputPerToken: p.inputPerToken,
    outputPerToken: p.outputPerToken,
    cacheReadPerToken: p.cacheReadPerToken ?? null,
    cacheWritePerToken: p.cacheWritePerToken ?? null,
    inputIncludesCache: p.inputIncludesCache,
    effectiveFrom: new Date(p.effectiveFrom),
  };
}

export async function listPriceOverrides(db: Db, projectId: string): Promise<ModelPriceOverride[]> {
  const rows = await db
    .select()
    .from(modelPriceOverrides)
    .where(eq(modelPriceOverrides.projectId, projectId))
    .orderBy(asc(modelPriceOverrides.priceId), asc(modelPriceOverrides.effectiveFrom));
  return rows.map(toPrice);
}

async function assertNoDuplicate(db: Db, projectId: string, priceId: string, from: Date, exceptRowId?: string) {
  const rows = await db
    .select({ rowId: modelPriceOverrides.rowId })
    .from(modelPriceOverrides)
    .where(and(eq(modelPriceOverrides.projectId, projectId), eq(modelPriceOverrides.priceId, priceId), eq(modelPriceOverrides.effectiveFrom, from)));
  if (rows.some((r) => r.rowId !== exceptRowId)) {
    throw new AppError("conflict", `A price "${priceId}" effective from ${from.toISOString()} already exists`);
  }
}

export async function createPriceOverride(db: Db, actor: Principal, input: ModelPriceInput): Promise<ModelPriceOverride> {
  const values = toValues(modelPriceInputSchema.parse(input));
  const created = await db.transaction(async (tx) => {
    await assertNoDuplicate(tx, actor.projectId, values.priceId, values.effectiveFrom);
    const [row] = await tx.insert(modelPriceOverrides).values({ projectId: actor.projectId, ...values }).returning();
    const price = toPrice(row);
    await auditAs(tx, actor, { action: "model_price.created", targetType: "model_price", targetId: row.rowId, details: { after: price } });
    return price;
  });
  await invalidateIngestConfig(actor.projectId);
  return created;
}

async function loadOwn(db: Db, projectId: string, rowId: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(modelPriceOverrides)
    .where(and(eq(modelPriceOverrides.projectId, projectId), eq(modelPriceOverrides.rowId, rowId)))
    .limit(1);
  if (!row) throw new AppError("not_found", "No such model price");
  return row;
}

export async function updatePriceOverride(db: Db, actor: Principal, rowId: string, input: ModelPriceInput): Promise<ModelPriceOverride> {
  const values = toValues(modelPriceInputSchema.parse(input));
  const updated = await db.transaction(async (tx) => {
    const before = toPrice(await loadOwn(tx, actor.projectId, rowId));
    await assertNoDuplicate(tx, actor.projectId, values.priceId, values.effectiveFrom, rowId);
    const [row] = await tx
      .update(modelPriceOverrides)
      .set(values)
      .where(and(eq(modelPriceOverrides.projectId, actor.projectId), eq(modelPriceOverrides.rowId, rowId)))
      .returning();
    const after = toPrice(row);
    await auditAs(tx, actor, { action: "model_price.updated", targetType: "model_price", targetId: rowId, details: { before, after } });
    return after;
  });
  await invalidateIngestConfig(actor.projectId);
  return updated;
}

export async function deletePriceOverride(db: Db, actor: Principal, rowId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = toPrice(await loadOwn(tx, actor.projectId, rowId));
    await tx.delete(modelPriceOverrides).where(and(eq(modelPriceOverrides.projectId, actor.projectId), eq(modelPriceOverrides.rowId, rowId)));
    await auditAs(tx, actor, { action: "model_price.deleted", targetType: "model_price", targetId: rowId, details: { before } });
  });
  await invalidateIngestConfig(actor.projectId);
}
