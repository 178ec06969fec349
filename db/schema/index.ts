export * from "./tenancy";
export * from "./events";
export * from "./jobs";
