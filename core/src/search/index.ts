export * from "./highlight.ts";
export * from "./postgres-search.ts";
export * from "./query.ts";
export * from "./types.ts";
