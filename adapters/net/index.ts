/**
 * The outbound-request guard for URLs people type in (portal pages, feeds, webhook endpoints), importable from
 * other workspaces as `@qnzs/adapters/net`: crawlers deliver webhooks through it.
 */
export * from "./guarded-fetch.ts";
export * from "./internal-address.ts";
