/**
 * Tables of publishing beyond the outbox itself: the lifecycle webhooks organisations register, and one delivery
 * row per (webhook, case event), sent by the workers like outbox rows (lease, backoff, a final `dead`).
 *
 * schema.ts re-exports this file and this file refers to schema.ts's tables: the references stay inside callbacks
 * so the circular import is never read before it is ready.
 */
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { orgs, users } from "./schema.ts";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();

/** What an organisation's system can subscribe to. */
export const WEBHOOK_EVENTS = ["case.created", "case.routed", "case.answered", "case.published", "case.rated"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * An HTTPS endpoint of an organisation: it receives the events of cases held in the org's subtree, signed with
 * `secret` (sealed with the database's SecretBox, like channel secrets). Events are read from `case_events`:
 * `after_event_id` keeps the history before registration out, `cursor_event_id` is how far they were read.
 */
export const orgWebhooks = pgTable(
  "org_webhooks",
  {
    id: id(),
    orgId: bigint("org_id", { mode: "number" })
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    secret: text("secret").notNull(),
    events: text("events").array().notNull(),
    active: boolean("active").notNull().default(true),
    afterEventId: bigint("after_event_id", { mode: "number" }).notNull().default(0),
    cursorEventId: bigint("cursor_event_id", { mode: "number" }).notNull().default(0),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("org_webhooks_org_idx").on(t.orgId)],
);

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "sending", "delivered", "dead"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One event for one webhook; unique, so reading the events twice never delivers one twice. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    webhookId: bigint("webhook_id", { mode: "number" })
      .notNull()
      .references(() => orgWebhooks.id, { onDelete: "cascade" }),
    /** the case_events row it reports */
    eventId: bigint("event_id", { mode: "number" }).notNull(),
    eventType: text("event_type").notNull(),
    /** the JSON body, fixed when planned: every attempt sends the same bytes (signed afresh) */
    payload: jsonb("payload").notNull(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    responseStatus: integer("response_status"),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_webhook_event_uq").on(t.webhookId, t.eventId),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/** The managed word lists: `blocked` words stop publishing, `watched` topics raise the review tier one level. */
export const WORD_LISTS = ["blocked", "watched"] as const;
export type WordListName = (typeof WORD_LISTS)[number];

export const sensitiveWords = pgTable(
  "sensitive_words",
  {
    id: id(),
    list: text("list", { enum: WORD_LISTS }).notNull(),
    word: text("word").notNull(),
    /** what kind of word it is (政治, 广告, 个人信息 …), shown with a hit */
    category: text("category"),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sensitive_words_list_word_uq").on(t.list, t.word)],
);
