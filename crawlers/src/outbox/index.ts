/** The outbox sender and the webhook deliveries: background work that sends what core/publish planned. */
export * from "./outbox-worker.ts";
export * from "./send-publication.ts";
export * from "./verify-publication.ts";
export * from "./watched-fetch.ts";
export * from "./webhook-sender.ts";
