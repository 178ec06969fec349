// Every route handler file under app/api with its route path ("v1/traces/[traceId]"): the walk the route-access and
// route-fuzz tests share, so both always cover the same handlers.
import fs from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

export function apiRoutes(): { file: string; route: string }[] {
  const apiDir = path.resolve(__dirname, "..", "..", "app", "api");
  return routeFiles(apiDir).map((file) => ({ file, route: path.relative(apiDir, path.dirname(file)).split(path.sep).join("/") }));
}
