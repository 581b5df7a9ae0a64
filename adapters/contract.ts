/**
 * The adapter contract: what every channel adapter (adapters/<kind>/) provides and throws.
 * Adapters talk to one platform and map its payloads; they know nothing of the database.
 * core imports only the types and errors below; crawlers call pull/publish; apps call receive.
 */
import type { z } from "zod";

export type ItemKind = "post" | "comment" | "message" | "article" | "form";

/** One inbound thing from any platform, before normalisation. */
export interface InboundItem {
  /** the platform's id, as a string (Weibo idstr, WeChat MsgId, …): unique within one account */
  externalId: string;
  itemKind: ItemKind;
  /** the external id of the thread root (the status a comment is under, the article a comment is on) */
  threadId?: string | null;
  /** the external id of the item this one replies to */
  parentId?: string | null;
  author?: InboundAuthor | null;
  title?: string | null;
  /** the body; HTML when `format` is "html" (ingest turns it into text) */
  text: string;
  format?: "text" | "html";
  url?: string | null;
  /** ISO 8601 string or Date */
  publishedAt: string | Date;
  /** reposts, comments, likes …; a re-ingest updates them */
  counters?: Record<string, number>;
  /** the platform payload, kept as received */
  raw: unknown;
}

export interface InboundAuthor {
  id?: string | null;
  name?: string | null;
  /** free-text location as the platform gives it, e.g. Weibo `user.location` "广东 广州" */
  location?: string | null;
}

/** A payload the adapter could not map; stored as an ingest failure, never dropped. */
export interface RejectedPayload {
  raw: unknown;
  reason: string;
}

export type Cursor = Record<string, unknown>;

export interface PullResult {
  items: InboundItem[];
  rejected?: RejectedPayload[];
  /** where the next pull starts; the crawler stores it only after the items are stored */
  cursor: Cursor;
  /** false when more pages are waiting (the crawler may pull again within its page budget) */
  caughtUp: boolean;
  /** calls left in the platform's current quota window, when the platform says */
  quotaLeft?: number | null;
}

/** Small per-account memory an adapter may use between calls (cached access tokens). Not persisted. */
export interface AdapterCache {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T, ttlMs: number): void;
  delete(key: string): void;
}

export interface AdapterContext {
  fetch: typeof fetch;
  cache: AdapterCache;
  now(): Date;
  signal?: AbortSignal;
}

/** What the outbox asks an adapter to send. Rendering per channel is done before this. */
export interface OutboundMessage {
  kind: "reply" | "comment" | "post" | "message" | "article";
  text: string;
  /** for articles: the body as HTML allowed by the platform */
  html?: string | null;
  title?: string | null;
  /** the inbound item this answers, as stored */
  replyTo?: OutboundTarget | null;
  /** stable across retries of the same send */
  idempotencyKey: string;
}

export interface OutboundTarget {
  externalId: string;
  itemKind: ItemKind;
  threadId?: string | null;
  parentId?: string | null;
  authorId?: string | null;
  publishedAt?: string | Date | null;
  raw?: unknown;
}

export interface PublishResult {
  remoteId: string;
  url?: string | null;
  /** a human note, e.g. why a fallback route was taken */
  note?: string | null;
}

/** An HTTP request as a push callback received it: the raw body, unparsed, so signatures can be checked. */
export interface CallbackRequest {
  method: string;
  url: URL;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface CallbackResult {
  response: { status: number; headers?: Record<string, string>; body: string };
  items: InboundItem[];
  rejected?: RejectedPayload[];
}

/** Facts a source declares about itself, shown to admins and listed by the registry. */
export interface AdapterMeta {
  /** display name, in Chinese */
  name: string;
  description: string;
  /** how likely the platform is to block us */
  antiCrawlerRisk: "none" | "low" | "medium" | "high";
  /** an example config (secrets as placeholders) */
  example: Record<string, unknown>;
  /** default node-cron schedule for pulls */
  defaultSchedule?: string;
}

export interface AdapterCapabilities {
  pull: boolean;
  push: boolean;
  reply: boolean;
  post: boolean;
  /** characters allowed in one reply or post */
  maxLength: number;
  /**
   * "operator": publish() sends nothing; it records a task whose text a person posts by hand and marks done
   * (Weibang has no API). Absent means "api".
   */
  publishMode?: "api" | "operator";
}

/**
 * An authorisation a person grants in a browser (OAuth2 authorization code, e.g. Weibo's web apps, which get no
 * refresh token): the console sends them to the platform and completes the grant when the platform sends them
 * back to the redirect URI in the account's config. Adapters without it are configured by hand.
 */
export interface AuthorizationFlow<Config> {
  /** where to send the person; `state` comes back unchanged to the redirect URI with the code */
  buildAuthorizeUrl(config: Config, state: string): string;
  /** the code from the redirect → the config fields to store (tokens, their expiry) */
  completeAuthorization(config: Config, code: string, ctx: AdapterContext): Promise<Partial<Config>>;
}

export interface ChannelAdapter<Config = Record<string, unknown>> {
  kind: string;
  meta: AdapterMeta;
  /** what an admin fills in */
  config: z.ZodType<Config>;
  /** config fields that are secrets: encrypted at rest, never sent to a browser or logged */
  secretFields: readonly string[];
  capabilities: AdapterCapabilities;
  pull?(config: Config, cursor: Cursor | null, ctx: AdapterContext): Promise<PullResult>;
  receive?(request: CallbackRequest, config: Config, ctx: AdapterContext): Promise<CallbackResult>;
  publish?(config: Config, message: OutboundMessage, ctx: AdapterContext): Promise<PublishResult>;
  /** after a send whose outcome is unknown: was it published? null when it certainly was not */
  findPublished?(config: Config, message: OutboundMessage, ctx: AdapterContext): Promise<PublishResult | null>;
  /**
   * Whether findPublished can tell for this message. False where the platform keeps no trace we can read back (a
   * WeChat customer-service message): a null would prove nothing, so the outbox parks the send for a person.
   * Absent: findPublished can tell for every message it is given.
   */
  canVerify?(config: Config, message: OutboundMessage): boolean;
  /** present when a person can (re-)authorise the account in a browser; see AuthorizationFlow */
  authorization?: AuthorizationFlow<Config>;
}

/** Base of the errors adapters throw; crawlers and the outbox branch on the subclass. */
export abstract class ChannelError extends Error {
  abstract readonly kind: "rate_limited" | "auth_expired" | "transient" | "permanent" | "bad_payload";
  /** the platform's own code, e.g. Weibo 10023 or WeChat 45009 */
  readonly code: string | number | null;
  constructor(message: string, code: string | number | null = null) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

export class RateLimited extends ChannelError {
  readonly kind = "rate_limited" as const;
  constructor(
    message: string,
    /** how long the platform asks us to wait, when it says */
    readonly retryAfterMs: number | null = null,
    code: string | number | null = null,
  ) {
    super(message, code);
  }
}

/** The authorisation expired or was revoked; a person must re-authorise the account. */
export class AuthExpired extends ChannelError {
  readonly kind = "auth_expired" as const;
}

/** Worth retrying: network failure, 5xx, platform busy. */
export class Transient extends ChannelError {
  readonly kind = "transient" as const;
}

/** Will not succeed on retry: rejected content, missing permission, unknown target. */
export class Permanent extends ChannelError {
  readonly kind = "permanent" as const;
}

/** The platform answered with something we cannot read. */
export class BadPayload extends ChannelError {
  readonly kind = "bad_payload" as const;
  constructor(
    message: string,
    readonly raw: unknown,
    code: string | number | null = null,
  ) {
    super(message, code);
  }
}
