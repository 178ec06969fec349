// Browser-side access to Prism's JSON API, and the types of its replies derived from the server functions.

/** A server value as it arrives over JSON: Dates become ISO strings, at any depth. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends readonly (infer U)[]
      ? readonly Jsonified<U>[]
      : T extends object
        ? { [K in keyof T]: Jsonified<T[K]> }
        : T;

/** The JSON reply of a server function: `Reply<typeof listMembers>`. Import the function with `import type`. */
export type Reply<F extends (...args: never[]) => unknown> = Jsonified<Awaited<ReturnType<F>>>;

/** A server value passed to a client component in the shape a refetch would give it. */
export function toJson<T>(value: T): Jsonified<T> {
  return JSON.parse(JSON.stringify(value)) as Jsonified<T>;
}

/** Browser-side fetch: throws an Error carrying the API's error message. */
export async function apiFetch<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json?.error?.message ?? `Request failed (${res.status})`);
  return json as T;
}
