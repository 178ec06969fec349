// The feedback vocabulary of personalization: the `item` (catalog) and `interaction` batch bodies (feedback event v2
// of the requirements), and how much each interaction type says that a user likes an item.
import { z } from "zod";
import { eventTime, metricValue } from "@/lib/ingest/fields";

const id = z.string().min(1, "is required").max(200);
const label = z.string().min(1, "must not be empty").max(200);

export const INTERACTION_TYPES = ["view", "play", "click", "like", "skip", "dislike", "purchase", "rating"] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

/** `item`: a catalog entry; an item replaces the entry with the same itemId unless it is older than the stored one. */
export const itemBody = z.object({
  itemId: id,
  kind: label.optional(),
  title: z.string().max(1000).optional(),
  tags: z.array(label).max(100).optional(),
  categories: z.array(label).max(50).optional(),
  creator: label.optional(),
  attributes: z
    .record(z.string().min(1).max(100), z.union([metricValue, z.string().max(1000)]))
    .refine((a) => Object.keys(a).length <= 100, "must have at most 100 attributes")
    .optional(),
  text: z.string().max(20_000, "must be at most 20000 characters").optional(),
  publishedAt: eventTime.optional(),
});
export type ItemBody = z.infer<typeof itemBody>;

/** `interaction`: one user's reaction to a catalog item at the envelope's timestamp. */
export const interactionBody = z
  .object({
    userId: id,
    itemId: id,
    type: z.enum(INTERACTION_TYPES, { message: `must be one of ${INTERACTION_TYPES.join(", ")}` }),
    value: metricValue.optional(),
    sessionId: id.optional(),
    deviceType: label.optional(),
    locale: z.string().min(2).max(35).optional(),
    schemaVersion: z.number().int().min(1).max(1000).optional(),
    /** The `impressionId` of the recommendations response the user reacted to: the interaction is one of its clicks. */
    impressionId: z.uuid({ error: "must be the impressionId a recommendations response returned" }).optional(),
  })
  .refine((b) => b.type !== "rating" || (b.value !== undefined && b.value >= 1 && b.value <= 5), {
    path: ["value"],
    message: "a rating needs a value from 1 to 5",
  });
export type InteractionBody = z.infer<typeof interactionBody>;

/** Interactions that count as a click on the recommendations response they name (an impression). */
export const CLICK_TYPES = ["click", "play", "like", "purchase"] as const satisfies readonly InteractionType[];

/** How strongly each type says "likes it"; negative types are evidence against and never count as positives. */
export const INTERACTION_WEIGHTS: Record<Exclude<InteractionType, "rating">, number> = {
  purchase: 4,
  like: 3,
  play: 1,
  click: 1,
  view: 0.5,
  skip: -1,
  dislike: -3,
};

/** The weight of one interaction: a rating r (1..5) counts r − 3 (4 and 5 are positives, 3 and below are not). */
export function interactionWeight(type: InteractionType, value?: number | null): number {
  if (type === "rating") return value == null ? 0 : value - 3;
  return INTERACTION_WEIGHTS[type];
}

/** The stored row of a validated interaction item. */
export function interactionRow(projectId: string, { id, timestamp, body }: { id: string; timestamp: Date; body: InteractionBody }) {
  return {
    projectId,
    id,
    userId: body.userId,
    itemId: body.itemId,
    type: body.type,
    value: body.value ?? null,
    sessionId: body.sessionId ?? null,
    deviceType: body.deviceType ?? null,
    locale: body.locale ?? null,
    schemaVersion: body.schemaVersion ?? 2,
    occurredAt: timestamp,
    impressionId: body.impressionId ?? null,
  };
}
