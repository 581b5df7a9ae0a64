export * from "./demo/setup.ts";
export * from "./hub/case-wiring.ts";
export * from "./hub/hub-file.ts";
export * from "./hub/next-app.ts";
export * from "./hub/server.ts";
export * from "./operations/local.ts";
export * from "./operations/remote.ts";
export * from "./operations/types.ts";
