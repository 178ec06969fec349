import { z } from "zod";
import { route } from "@/lib/http/route";
import { AppError } from "@/lib/errors";
import { catalogToYaml, parseCatalogText } from "@/lib/catalog/document";
import { rolesOf } from "@/lib/catalog/definition";
import { getCatalog } from "@/lib/catalog/store/catalogs";
import { updateCatalog } from "@/lib/catalog/update";

const CATALOG_MAX_BYTES = 500_000;
const YAML_TYPE = "application/yaml; charset=utf-8";
const query = z.object({ format: z.enum(["json", "yaml"]).optional() });
const wantsYaml = (format: string | undefined, accept: string | null) => format === "yaml" || (!format && /\byaml\b/.test(accept ?? ""));

/**
 * `GET /api/v1/catalog`: `{ catalog: { mode, events }, roles, updatedAt }`, or the catalog document as YAML with
 * `?format=yaml` or `Accept: application/yaml`.
 */
export const GET = route({ access: { session: "catalog:read", apiKey: true }, query }, async ({ req, db, projectId, query }) => {
  const { catalog, updatedAt } = await getCatalog(db, projectId);
  if (wantsYaml(query.format, req.headers.get("accept"))) return new Response(catalogToYaml(catalog), { headers: { "Content-Type": YAML_TYPE } });
  return Response.json({ catalog, roles: rolesOf(catalog), updatedAt });
});

/**
 * `PUT /api/v1/catalog` with the catalog document as YAML (`application/yaml`, `text/yaml`, `text/plain`) or JSON:
 * replaces the whole catalog (audited). Invalid YAML, fields or JSON Schemas are a 400 naming them; nothing changes.
 */
export const PUT = route(
  {
    access: { session: "catalog:write", apiKey: true },
    rawBody: true,
    maxBytes: CATALOG_MAX_BYTES,
    contentType: (type) => /^(application\/(json|yaml|x-yaml)|text\/(yaml|x-yaml|plain))\b/.test(type ?? "") || "Send the catalog as application/yaml or application/json",
  },
  async ({ db, principal, apiKey, projectId, bytes }) => {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new AppError("invalid_request", "The catalog must be UTF-8 text");
    }
    const catalog = parseCatalogText(text);
    const actor = principal
      ? { orgId: principal.orgId, projectId, userId: principal.userId, email: principal.email }
      : { orgId: apiKey!.orgId, projectId, userId: null, email: null, apiKeyId: apiKey!.apiKeyId };
    const saved = await updateCatalog(db, actor, catalog);
    return Response.json({ catalog: saved.catalog, roles: rolesOf(saved.catalog), updatedAt: saved.updatedAt, rolesRecomputed: saved.rolesRecomputed });
  },
);
