// Pages on any site call the public endpoints: answers are readable cross-origin, never with cookies.
export const PUBLIC_CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
} as const;

/** The preflight answer (fetch with Content-Type: application/json asks for one; text/plain does not). */
export const preflight = () => new Response(null, { status: 204, headers: PUBLIC_CORS_HEADERS });
