export * from "./client.ts";
export * from "./lock.ts";
export * from "./schema.ts";
export * as schema from "./schema.ts";
export * from "./secrets.ts";
export * from "./statistics.ts";
