import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathKey } from "@/lib/http/params";
import { parseItemFile } from "@/lib/evaluation/item-upload";
import { addDatasetItems } from "@/lib/evaluation/store/datasets";

const params = z.object({ name: pathKey("dataset") });
const formatOf = (type: string | null) => (type?.startsWith("text/csv") ? "csv" : "jsonl");

/** A CSV (`text/csv`) or JSON Lines (`application/x-ndjson`) file of items, added as one dataset version. */
export const POST = route(
  {
    access: { session: "evaluation:write", apiKey: true },
    params,
    rawBody: true,
    maxBytes: 20_000_000,
    contentType: (type) =>
      type && /^(text\/csv|application\/(x-)?ndjson|application\/jsonl|application\/x-jsonlines)\b/.test(type) ? true : "Send text/csv or application/x-ndjson",
  },
  async ({ req, db, principal, apiKey, params, bytes }) => {
    const items = parseItemFile(new TextDecoder().decode(bytes), formatOf(req.headers.get("content-type")));
    const added = await addDatasetItems(db, actorOf({ principal, apiKey }), params.name, items);
    return Response.json({ added: added.items.length, datasetVersion: added.datasetVersion }, { status: 201 });
  },
);
