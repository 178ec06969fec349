// JSON Schema checks with ajv (draft 2020-12 keywords it supports by default, plus formats); compiled once per run.
import Ajv from "ajv";
import addFormats from "ajv-formats";

function newAjv() {
  const ajv = new Ajv({ allErrors: false, strict: false });
  addFormats(ajv);
  return ajv;
}

/** A validator for `schema`; throws when ajv cannot compile it. */
export function compileJsonSchema(schema: Record<string, unknown>): (value: unknown) => boolean {
  const validate = newAjv().compile(schema);
  return (value) => validate(value) === true;
}

/** Why ajv refuses `schema`, or null when it compiles (for zod refinements). */
export function jsonSchemaProblem(schema: Record<string, unknown>): string | null {
  try {
    compileJsonSchema(schema);
    return null;
  } catch (err) {
    return `not a valid JSON Schema: ${err instanceof Error ? err.message : String(err)}`;
  }
}
