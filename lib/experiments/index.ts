// Experiments: deterministic assignment and the statistics engine. Both are
// pure (no I/O, no framework imports) and safe to use on server or client.
export * from "./assignment";
export * from "./stats";
