/**
 * The whole domain's tables. Later work extends these; it does not redo them.
 * Names follow the glossary in docs/architecture.md (levels, categories, helper types).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

export const ORG_LEVELS = ["central", "province", "city", "county", "grassroots"] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const CATEGORIES = ["study", "employment", "rights", "relationships", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

export const HELPER_TYPES = ["league", "expert", "peer", "government", "society"] as const;
export type HelperType = (typeof HELPER_TYPES)[number];

export const ROLES = ["admin", "media_officer", "cadre", "editor", "reviewer", "helper"] as const;
export type Role = (typeof ROLES)[number];

export const ITEM_KINDS = ["post", "comment", "message", "article", "form"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
const bytea = customType<{ data: Uint8Array }>({ dataType: () => "bytea" });

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();

/** The League's five-level tree. `path` is the materialised chain of ids ("/1/4/17/") for subtree queries. */
export const orgs = pgTable(
  "orgs",
  {
    id: id(),
    name: text("name").notNull(),
    level: text("level", { enum: ORG_LEVELS }).notNull(),
    /** committee, university, enterprise, service (a 12355 desk) … */
    kind: text("kind").notNull().default("committee"),
    parentId: bigint("parent_id", { mode: "number" }),
    path: text("path").notNull(),
    /** GB/T 2260 administrative code of the region the org is responsible for, where it has one */
    regionCode: text("region_code"),
    region: text("region"),
    city: text("city"),
    county: text("county"),
    createdAt: createdAt(),
  },
  (t) => [
    index("orgs_parent_idx").on(t.parentId),
    index("orgs_path_idx").on(t.path),
    uniqueIndex("orgs_parent_name_uq").on(t.parentId, t.name),
  ],
);

export const users = pgTable("users", {
  id: id(),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash"),
  isAdmin: boolean("is_admin").notNull().default(false),
  /** set for helpers (团帮青 league, 专帮青 expert …) */
  helperType: text("helper_type", { enum: HELPER_TYPES }),
  helperCategories: text("helper_categories").array().notNull().default(sql`'{}'::text[]`),
  /** open cases a helper may hold at most */
  helperCapacity: integer("helper_capacity"),
  disabled: boolean("disabled").notNull().default(false),
  createdAt: createdAt(),
});

export const userRoles = pgTable(
  "user_roles",
  {
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orgId: bigint("org_id", { mode: "number" })
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.orgId, t.role] }), index("user_roles_org_idx").on(t.orgId)],
);

/** API tokens: only a SHA-256 of the token is stored. */
export const apiTokens = pgTable("api_tokens", {
  id: id(),
  userId: bigint("user_id", { mode: "number" })
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * One account on one platform (a Weibo account, a WeChat official account, an H5 site …).
 * `secrets` holds the encrypted JSON of the config fields the adapter marks secret; `config` the rest.
 * The lease columns let any number of workers share crawling without pulling one account twice.
 */
export const channelAccounts = pgTable(
  "channel_accounts",
  {
    id: id(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    orgId: bigint("org_id", { mode: "number" }).references(() => orgs.id),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    secrets: text("secrets"),
    cursor: jsonb("cursor").$type<Record<string, unknown>>(),
    schedule: text("schedule"),
    /** active, paused, needs_reauth, failing, import (a pseudo-account that only receives file imports) */
    status: text("status").notNull().default("active"),
    lastRunAt: timestamp("last_run_at", { withTimezone: true }),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
    lastItemAt: timestamp("last_item_at", { withTimezone: true }),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
    lastErrorKind: text("last_error_kind"),
    lastErrorMessage: text("last_error_message"),
    errorStreak: integer("error_streak").notNull().default(0),
    quotaLeft: integer("quota_left"),
    nextRunAt: timestamp("next_run_at", { withTimezone: true }),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("channel_accounts_kind_name_uq").on(t.kind, t.name)],
);

/** Every crawl of one account: what it saw, what was new, how it ended. */
export const crawlRuns = pgTable(
  "crawl_runs",
  {
    id: id(),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => channelAccounts.id, { onDelete: "cascade" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    itemsSeen: integer("items_seen").notNull().default(0),
    itemsNew: integer("items_new").notNull().default(0),
    errorKind: text("error_kind"),
    errorMessage: text("error_message"),
  },
  (t) => [index("crawl_runs_account_idx").on(t.accountId, t.startedAt)],
);

/** One row per inbound item from any channel. Unique on (account, external id): ingest is idempotent. */
export const posts = pgTable(
  "posts",
  {
    id: id(),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => channelAccounts.id),
    /** the account's kind, kept here so the stream filters without a join */
    channel: text("channel").notNull(),
    externalId: text("external_id").notNull(),
    itemKind: text("item_kind", { enum: ITEM_KINDS }).notNull(),
    threadId: text("thread_id"),
    parentId: text("parent_id"),
    authorId: text("author_id"),
    authorName: text("author_name"),
    authorLocation: text("author_location"),
    title: text("title"),
    text: text("text").notNull(),
    url: text("url"),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
    /** reposts, comments, likes … as the platform last reported them */
    counters: jsonb("counters").$type<Record<string, number>>().notNull().default({}),
    raw: jsonb("raw").notNull(),
    /**
     * The full-text vector: jieba search-mode tokens of title + text as lexemes (`array_to_tsvector` at ingest).
     * The tokens are not kept again beside it (`tsvector_to_array` gives them back): a second copy pushed rows
     * past the size where PostgreSQL starts compressing them on every insert.
     */
    tsv: tsvector("tsv").notNull(),
    simhash: bigint("simhash", { mode: "bigint" }),
    /** MinHash signature (short texts, packed 16-bit values), to estimate similarity without reading the text */
    minhash: bytea("minhash"),
    dupOf: bigint("dup_of", { mode: "number" }),
    dupScore: smallint("dup_score"),
    isQuestion: boolean("is_question"),
    category: text("category", { enum: CATEGORIES }),
    urgent: boolean("urgent"),
    region: text("region"),
    city: text("city"),
    reasons: jsonb("reasons"),
    /** a person's correction of the understanding; kept apart so it can be used to retrain */
    correctedBy: bigint("corrected_by", { mode: "number" }),
    correctedAt: timestamp("corrected_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("posts_account_external_uq").on(t.accountId, t.externalId),
    index("posts_published_idx").on(t.publishedAt),
    index("posts_channel_published_idx").on(t.channel, t.publishedAt),
    // partial: most posts start no thread and repeat nothing, and an entry per such row costs every insert
    index("posts_thread_idx").on(t.accountId, t.threadId).where(sql`thread_id is not null`),
    /** an org's posts of a period (assessment counts them for every dashboard view) */
    index("posts_account_fetched_idx").on(t.accountId, t.fetchedAt),
    index("posts_dup_of_idx").on(t.dupOf).where(sql`dup_of is not null`),
    index("posts_tsv_idx").using("gin", t.tsv),
  ],
);

/**
 * Locality-sensitive keys of the posts that start a group (MinHash LSH bands over character bigrams; SimHash
 * blocks for long texts). A new post's candidates are the posts sharing a key: a B-tree lookup, never a scan.
 * A post linked as a repeat has no keys: later repeats find the group through its earliest post.
 * No foreign key and no primary key: rows are written in bulk at ingest (twenty a post), a post's keys are written
 * once, when it is stored for the first time, and a uniqueness check would cost more than the insert itself.
 */
export const postDupKeys = pgTable(
  "post_dup_keys",
  {
    key: integer("key").notNull(),
    postId: bigint("post_id", { mode: "number" }).notNull(),
  },
  // key and post: a lookup reads a key's newest posts first and stops (core/ingest POSTS_PER_KEY)
  (t) => [index("post_dup_keys_key_idx").on(t.key, t.postId)],
);

/** An item that could not be stored, with why. Nothing inbound is dropped silently. */
export const ingestFailures = pgTable(
  "ingest_failures",
  {
    id: id(),
    accountId: bigint("account_id", { mode: "number" }).references(() => channelAccounts.id),
    channel: text("channel"),
    externalId: text("external_id"),
    raw: jsonb("raw"),
    reason: text("reason").notNull(),
    /** hash of account, reason and payload: the same bad item imported twice is one failure seen twice */
    fingerprint: text("fingerprint").notNull().unique(),
    occurrences: integer("occurrences").notNull().default(1),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ingest_failures_created_idx").on(t.createdAt)],
);

/** `merged`: folded into another case (`merged_into`); its sources and contacts are answered through that case. */
export const CASE_STATUSES = [
  "new",
  "routed",
  "assigned",
  "answering",
  "answered",
  "closed",
  "archived",
  "merged",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_PRIORITIES = ["low", "normal", "high"] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const cases = pgTable(
  "cases",
  {
    id: id(),
    /** the public code a young person follows the case by */
    code: text("code").notNull().unique(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    category: text("category", { enum: CATEGORIES }),
    urgent: boolean("urgent").notNull().default(false),
    priority: text("priority", { enum: CASE_PRIORITIES }).notNull().default("normal"),
    status: text("status", { enum: CASE_STATUSES }).notNull().default("new"),
    region: text("region"),
    city: text("city"),
    county: text("county"),
    orgId: bigint("org_id", { mode: "number" }).references(() => orgs.id),
    assigneeId: bigint("assignee_id", { mode: "number" }).references(() => users.id),
    /** how a case came in: post, portal, open311, hotline */
    source: text("source").notNull(),
    /** the source's own id (a hotline record number, an Open311 token): re-importing it finds the same case */
    externalRef: text("external_ref"),
    /** asker contact; personal data, never shown publicly */
    contact: jsonb("contact"),
    mergedInto: bigint("merged_into", { mode: "number" }),
    dueAt: timestamp("due_at", { withTimezone: true }),
    /** when the due warning goes out, and when it went out (null until then) */
    warnAt: timestamp("warn_at", { withTimezone: true }),
    warnedAt: timestamp("warned_at", { withTimezone: true }),
    /** when the case passed its due date, in the current round (a reopened case starts over) */
    overdueAt: timestamp("overdue_at", { withTimezone: true }),
    escalationLevel: integer("escalation_level").notNull().default(0),
    /** the ancestor org supervising the case at its escalation level (null at level 0) */
    supervisorOrgId: bigint("supervisor_org_id", { mode: "number" }).references(() => orgs.id),
    nextEscalationAt: timestamp("next_escalation_at", { withTimezone: true }),
    /** when an urgent case was referred to a 12355 desk */
    referredAt: timestamp("referred_at", { withTimezone: true }),
    reopenCount: integer("reopen_count").notNull().default(0),
    firstResponseAt: timestamp("first_response_at", { withTimezone: true }),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    rating: smallint("rating"),
    ratingComment: text("rating_comment"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("cases_org_status_idx").on(t.orgId, t.status),
    index("cases_due_idx").on(t.dueAt),
    index("cases_assignee_idx").on(t.assigneeId),
    index("cases_warn_idx").on(t.warnAt),
    index("cases_next_escalation_idx").on(t.nextEscalationAt),
    index("cases_supervisor_idx").on(t.supervisorOrgId),
    uniqueIndex("cases_source_ref_uq").on(t.source, t.externalRef),
  ],
);

/** The posts (and so the channels and threads) a case came from: the answer goes back to each. */
export const casePosts = pgTable(
  "case_posts",
  {
    caseId: bigint("case_id", { mode: "number" })
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    postId: bigint("post_id", { mode: "number" })
      .notNull()
      .references(() => posts.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.postId] }), index("case_posts_post_idx").on(t.postId)],
);

/** Append-only timeline of a case. Never updated, never deleted. */
export const caseEvents = pgTable(
  "case_events",
  {
    id: id(),
    caseId: bigint("case_id", { mode: "number" })
      .notNull()
      .references(() => cases.id),
    type: text("type").notNull(),
    actorId: bigint("actor_id", { mode: "number" }).references(() => users.id),
    /** "user"; "system" when no person acted (routing, escalation); "public" for the asker (rating by code) */
    actorKind: text("actor_kind").notNull().default("user"),
    /** the org holding the case when the event happened: what assessment counts it for */
    orgId: bigint("org_id", { mode: "number" }),
    fromOrgId: bigint("from_org_id", { mode: "number" }),
    toOrgId: bigint("to_org_id", { mode: "number" }),
    reason: text("reason"),
    data: jsonb("data"),
    createdAt: createdAt(),
  },
  (t) => [
    index("case_events_case_idx").on(t.caseId, t.createdAt),
    index("case_events_type_created_idx").on(t.type, t.createdAt),
    /** the first person acting on a case, of any event type: assessment's first-response times of a period */
    index("case_events_first_response_idx").on(t.createdAt).where(sql`(data ->> 'firstResponse') = 'true'`),
  ],
);

/** Where an editor's standalone post goes: a new post or article on one channel account. */
export interface CrossPostTarget {
  accountId: number;
  kind: "post" | "article";
}

export const ANSWER_STATUSES = ["draft", "in_review", "approved", "rejected", "published"] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

export const answers = pgTable(
  "answers",
  {
    id: id(),
    /** null for an editor's standalone cross-post */
    caseId: bigint("case_id", { mode: "number" }).references(() => cases.id),
    authorId: bigint("author_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    orgId: bigint("org_id", { mode: "number" }).references(() => orgs.id),
    body: text("body").notNull(),
    /** per-channel variants an editor wrote, keyed by channel kind */
    variants: jsonb("variants").$type<Record<string, string>>(),
    /** a cross-post's own title (a case answer takes its case's title) */
    title: text("title"),
    /** a cross-post's accounts, chosen when it is written and reviewed with it; null for a case answer */
    targets: jsonb("targets").$type<CrossPostTarget[]>(),
    status: text("status", { enum: ANSWER_STATUSES }).notNull().default("draft"),
    reviewerId: bigint("reviewer_id", { mode: "number" }).references(() => users.id),
    reviewNote: text("review_note"),
    isPublic: boolean("is_public").notNull().default(false),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("answers_case_idx").on(t.caseId)],
);

export const PUBLICATION_STATUSES = [
  "pending",
  "sending",
  "sent",
  "waiting_auth",
  "parked",
  "failed",
  "cancelled",
  "dead",
] as const;

/** The outbox: one row per (answer, target). A worker sends due rows; nothing calls a platform from a request. */
export const publications = pgTable(
  "publications",
  {
    id: id(),
    answerId: bigint("answer_id", { mode: "number" })
      .notNull()
      .references(() => answers.id),
    /** null for the portal target */
    accountId: bigint("account_id", { mode: "number" }).references(() => channelAccounts.id),
    target: text("target").notNull(),
    /** the source post this is a reply to, when it is one */
    replyToPostId: bigint("reply_to_post_id", { mode: "number" }).references(() => posts.id),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    payload: jsonb("payload").notNull(),
    status: text("status", { enum: PUBLICATION_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    remoteId: text("remote_id"),
    remoteUrl: text("remote_url"),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("publications_due_idx").on(t.status, t.nextAttemptAt),
    uniqueIndex("publications_answer_target_uq").on(t.answerId, t.target),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    actorId: bigint("actor_id", { mode: "number" }).references(() => users.id),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id"),
    data: jsonb("data"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_subject_idx").on(t.subjectType, t.subjectId)],
);

// Routing rules, the working-day calendar, SLA policies and reassignment requests live in their own file.
export * from "./schema-cases.ts";

// Lifecycle webhooks and their deliveries live in their own file.
export * from "./schema-publish.ts";

// Console sign-in sessions live in their own file.
export * from "./schema-web.ts";
