export * from "./tenancy";
export * from "./events";
export * from "./jobs";
export * from "./traces";
export * from "./experiments";
export * from "./spectrum";
export * from "./trace-settings";
export * from "./monitoring";
