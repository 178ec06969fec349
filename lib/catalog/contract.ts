// Compiles a catalog's property schemas (ajv) into one check per event name: ingest runs it on every event, so it
// is built once per catalog and cached (lib/catalog/ingest-contract.ts), never per item.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { AppError } from "@/lib/errors";
import type { Catalog, ContractMode } from "./definition";

export interface ContractVerdict {
  /** The event name is in the catalog. */
  known: boolean;
  /** Violations of its property schema, each naming the property (`properties.latencyMs: must be number`). */
  violations: string[];
}

export interface CompiledContract {
  mode: ContractMode;
  check(name: string, properties: Record<string, unknown>): ContractVerdict;
}

function propertyPath(e: ErrorObject) {
  const path = e.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (e.keyword === "required") path.push(String((e.params as { missingProperty: string }).missingProperty));
  if (e.keyword === "additionalProperties") path.push(String((e.params as { additionalProperty: string }).additionalProperty));
  return ["properties", ...path].join(".");
}

function describe(e: ErrorObject) {
  if (e.keyword === "required") return `${propertyPath(e)}: is required`;
  if (e.keyword === "additionalProperties") return `${propertyPath(e)}: is not allowed`;
  if (e.keyword === "enum") return `${propertyPath(e)}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  return `${propertyPath(e)}: ${e.message ?? "is invalid"}`;
}

/**
 * The properties a catalog schema describes: `$`-prefixed keys are the clients' own (`$sample_rate`, `$anon_id`,
 * `$source` from the browser client), so a schema with `additionalProperties: false` still accepts its events.
 */
function ownProperties(properties: Record<string, unknown>): Record<string, unknown> {
  let own: Record<string, unknown> | null = null;
  for (const key of Object.keys(properties)) {
    if (key.startsWith("$")) {
      own ??= { ...properties };
      delete own[key];
    }
  }
  return own ?? properties;
}

/** Compiles every event's schema; an invalid JSON Schema is a 400 naming the event, so a bad catalog is never stored. */
export function compileContract(catalog: Catalog): CompiledContract {
  // strict: unknown keywords and contradictory schemas are errors at save time, not silently ignored at ingest.
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const [i, e] of catalog.events.entries()) {
    try {
      validators.set(e.name, ajv.compile(e.schema));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new AppError("invalid_request", `events.${i}.schema: the JSON Schema of "${e.name}" is invalid: ${reason}`);
    }
  }
  return {
    mode: catalog.mode,
    check(name, properties) {
      const validate = validators.get(name);
      if (!validate) return { known: false, violations: [] };
      if (validate(ownProperties(properties))) return { known: true, violations: [] };
      return { known: true, violations: (validate.errors ?? []).slice(0, 5).map(describe) };
    },
  };
}
