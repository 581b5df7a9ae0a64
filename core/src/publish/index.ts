/**
 * Publishing (issue 6), the domain core: where an approved answer goes (targets), the checks before anything
 * leaves (sensitive words, personal data, review tiers), one rendering per target, and the outbox state machine
 * the sender worker drives. The worker supplies transport; the API calls the person actions.
 */

export * from "../text/mask.ts";
export * from "./approve.ts";
export * from "./cross-post.ts";
export * from "./errors.ts";
export * from "./html.ts";
export * from "./markup.ts";
export * from "./outbox.ts";
export * from "./outbox-run.ts";
export * from "./payload.ts";
export * from "./portal.ts";
export * from "./postable-accounts.ts";
export * from "./prepare.ts";
export * from "./preview.ts";
export * from "./public-answers.ts";
export * from "./publication-access.ts";
export * from "./reauthorised.ts";
export * from "./render.ts";
export * from "./render-rules.ts";
export * from "./retry-policy.ts";
export * from "./review.ts";
export * from "./review-queue.ts";
export * from "./send-outcome.ts";
export * from "./sensitive-words.ts";
export * from "./source-threads.ts";
export * from "./targets.ts";
export * from "./webhook-events.ts";
export * from "./webhook-outbox.ts";
export * from "./webhook-registry.ts";
export * from "./webhook-signature.ts";
export * from "./word-lists.ts";
