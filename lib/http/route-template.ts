// The route template of a request path ("/api/v1/experiments/[key]/assign"), rebuilt from its path params, so
// metrics and logs are labelled by route (bounded) rather than by path (one series per id).

type RawParams = Record<string, string | string[]>;

/** Replaces the first path segment that is a param's value with `[name]` (`[...name]` for a catch-all's segments). */
export function routeTemplate(pathname: string, params: RawParams): string {
  const segments = pathname.split("/");
  const out: string[] = [];
  const unused = new Map(Object.entries(params));
  for (let i = 0; i < segments.length; i++) {
    const segment = decodeSafe(segments[i]);
    let replaced = false;
    for (const [name, value] of unused) {
      if (Array.isArray(value)) {
        if (value.length > 0 && value.every((v, k) => decodeSafe(segments[i + k] ?? "") === v)) {
          out.push(`[...${name}]`);
          i += value.length - 1;
          unused.delete(name);
          replaced = true;
          break;
        }
      } else if (value !== "" && segment === value) {
        out.push(`[${name}]`);
        unused.delete(name);
        replaced = true;
        break;
      }
    }
    if (!replaced) out.push(segments[i]);
  }
  return out.join("/");
}

function decodeSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
