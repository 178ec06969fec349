import { route } from "@/lib/http/route";
import { createMute, listMutes, muteCreateSchema } from "@/lib/monitoring/store/mutes";

/** The mutes in force: `{ data: [{ id, metric, dimension, dimensionValue, expiresAt (null: until unmuted), ... }] }`. */
export const GET = route({ access: { session: "monitoring:read" } }, async ({ db, principal }) =>
  Response.json({ data: await listMutes(db, principal.projectId, new Date()) }),
);

/** Mute a metric (or one dimension value of it) for `duration` 1h | 1d | 1w | until_unmuted; audited. */
export const POST = route({ access: { session: "monitoring:write" }, body: muteCreateSchema, maxBytes: 10_000 }, async ({ db, principal, body }) =>
  Response.json({ mute: await createMute(db, principal, body, new Date()) }, { status: 201 }),
);
