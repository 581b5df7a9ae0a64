/**
 * Case handling (诉求办理): the functions the HTTP API, the console and the CLI call. Each validates its input
 * with an exported zod schema, checks access before writing anything, writes the change and its timeline event
 * in one transaction, and throws a typed error (errors.ts) that maps to 400/403/404/409.
 */
export * from "./access.ts";
export * from "./answers.ts";
export * from "./assignment.ts";
export * from "./calendar.ts";
export * from "./case-store.ts";
export * from "./codes.ts";
export * from "./errors.ts";
export * from "./feedback.ts";
export * from "./hotline.ts";
export * from "./intake.ts";
export * from "./join.ts";
export * from "./merge.ts";
export * from "./metrics.ts";
export * from "./org-import.ts";
export * from "./org-tree.ts";
export * from "./places.ts";
export * from "./queries.ts";
export * from "./routing.ts";
export * from "./seed.ts";
export * from "./seed-orgs.ts";
export * from "./similar.ts";
export * from "./sla.ts";
export * from "./supervision.ts";
export * from "./timeline.ts";
export * from "./transfer.ts";
export * from "./users.ts";
