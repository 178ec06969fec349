// Tells a database refusal of the data itself (retrying cannot help) from the database being unreachable or busy
// (retrying later will).
import { failureCode } from "@/lib/errors/log-safe";

/** SQLSTATE classes that mean "this row can never be stored": data exceptions, integrity constraints, limits. */
const PERMANENT_CLASSES = new Set(["22", "23", "54"]);

/** True when the database refused the data (a retry of the same item fails the same way). */
export function isPermanentFailure(err: unknown): boolean {
  const code = failureCode(err);
  return code !== null && /^[0-9A-Z]{5}$/.test(code) && PERMANENT_CLASSES.has(code.slice(0, 2));
}
