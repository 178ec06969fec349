// Path-parameter schemas for `route({ params })`: any failure becomes a 404 (a malformed id names nothing).
import { z } from "zod";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid path id; `label` names the thing in the 404 ("No alert rule …"). */
export function pathId(label: string) {
  return z.string().regex(uuid, label);
}

/** A non-uuid path key (experiment keys, end-user ids, trace ids); control characters (NUL included) name nothing. */
export function pathKey(label: string) {
  return z
    .string()
    .min(1, label)
    .max(512, label)
    .regex(/^[^\u0000-\u001f\u007f]*$/, label);
}
