// A catalog as text: YAML (the file teams keep in their repo) or JSON in, validated; YAML or JSON out.
import { LineCounter, parseDocument, stringify } from "yaml";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { catalogSchema, type Catalog } from "./definition";
import { compileContract } from "./contract";

function describeZod(error: z.ZodError) {
  const issue = error.issues[0];
  return `${issue.path.join(".") || "catalog"}: ${issue.message}`;
}

/** Validates a parsed document (shape with zod, every property schema with ajv); throws a 400 naming what is wrong. */
export function validateCatalog(input: unknown): Catalog {
  const parsed = catalogSchema.safeParse(input ?? {});
  if (!parsed.success) throw new AppError("invalid_request", describeZod(parsed.error), { issues: parsed.error.issues.slice(0, 10) });
  compileContract(parsed.data);
  return parsed.data;
}

/** Parses YAML or JSON text (YAML is a superset of JSON) into a validated catalog. */
export function parseCatalogText(text: string): Catalog {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = lines.linePos(e.pos[0]);
    const line = ` (line ${at.line}, column ${at.col})`;
    throw new AppError("invalid_request", `The catalog is not valid YAML or JSON${line}: ${e.message.split("\n")[0]}`);
  }
  return validateCatalog(doc.toJS({ maxAliasCount: 100 }));
}

/** The catalog as YAML, in the field order of the shipped files. */
export function catalogToYaml(catalog: Catalog): string {
  return stringify(catalog, { lineWidth: 0 });
}
