export * from "./cookie.ts";
export * from "./csrf.ts";
export * from "./rate-limit.ts";
export * from "./resolve-actor.ts";
export * from "./sessions.ts";
export * from "./sign-in.ts";
