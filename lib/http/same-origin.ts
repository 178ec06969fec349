// CSRF defence for cookie-authenticated mutations: a browser request made by another site is refused (403).
import { AppError } from "@/lib/errors";

const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Browsers send `Sec-Fetch-Site` and `Origin` on every mutation; either one from another site (a different
 * subdomain or port included) means the request was not made by Prism's own pages. A request with neither is not
 * from a browser (curl, scripts), which a cookie-riding attack cannot be.
 */
export function assertSameOrigin(req: Request, publicUrl: string | undefined): void {
  if (!MUTATIONS.has(req.method.toUpperCase())) return;
  const site = req.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") {
    throw new AppError("forbidden", `Cross-site request refused (Sec-Fetch-Site: ${site})`);
  }
  const origin = req.headers.get("origin");
  if (origin === null) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const proto = req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
  const allowed = new Set([new URL(req.url).origin, originOf(publicUrl), host ? originOf(`${proto}://${host}`) : null]);
  if (!allowed.has(origin)) throw new AppError("forbidden", `Cross-origin request refused (Origin: ${origin})`);
}
