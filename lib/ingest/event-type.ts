import { z } from "zod";
import { events } from "@/db/schema";
import type { IngestType } from "./types";
import { eventTime } from "./fields";

const eventBody = z.object({
  name: z.string().min(1, "is required").max(200),
  userId: z.string().max(200).optional(),
  sessionId: z.string().max(200).optional(),
  timestamp: eventTime.optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

/** Product events (`type: "event"`): name, user, session and free-form properties. */
export const eventIngestType: IngestType<z.infer<typeof eventBody>> = {
  type: "event",
  body: eventBody,
  async write(db, projectId, items) {
    await db
      .insert(events)
      .values(
        items.map(({ id, timestamp, body }) => ({
          projectId,
          id,
          name: body.name,
          userId: body.userId ?? null,
          sessionId: body.sessionId ?? null,
          timestamp: body.timestamp ?? timestamp,
          properties: body.properties ?? {},
        })),
      )
      .onConflictDoNothing();
  },
};
