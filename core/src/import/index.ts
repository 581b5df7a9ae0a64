export * from "./csv.ts";
export * from "./import-records.ts";
export * from "./records.ts";
