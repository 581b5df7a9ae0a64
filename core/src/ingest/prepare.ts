import { createHash } from "node:crypto";
import type { InboundItem, ItemKind, RejectedPayload } from "@qnzs/adapters/contract";
import { computeDedupSignature, type DedupSignature } from "../dedup/index.ts";
import { normalizeText } from "../text/normalize.ts";
import { segmentForIndex, segmentWords } from "../text/segment.ts";
import { type Understanding, understandPost } from "../understand/index.ts";

const ITEM_KINDS: ReadonlySet<string> = new Set<ItemKind>(["post", "comment", "message", "article", "form"]);
/** Longest text stored for one post; anything longer is cut (a whole web page pasted into a form). */
const MAX_TEXT_LENGTH = 20_000;

/** An inbound item made ready to store: normalised, segmented, understood and signed for dedup. */
export interface PreparedPost {
  externalId: string;
  itemKind: ItemKind;
  threadId: string | null;
  parentId: string | null;
  authorId: string | null;
  authorName: string | null;
  authorLocation: string | null;
  title: string | null;
  text: string;
  url: string | null;
  publishedAt: Date;
  counters: Record<string, number>;
  raw: unknown;
  tokens: string[];
  dedup: DedupSignature | null;
  understanding: Understanding;
}

export type Preparation = { ok: true; post: PreparedPost } | { ok: false; failure: RejectedPayload };

/** A batch made ready to store: one post per external id, and the items that could not be prepared. */
export interface PreparedBatch {
  posts: PreparedPost[];
  failures: RejectedPayload[];
}

/** Pure: prepares a batch of items. It holds nothing but data, so it can travel back from a worker thread. */
export function preparePosts(items: readonly InboundItem[], fetchedAt: Date): PreparedBatch {
  const prepared = new Map<string, PreparedPost>();
  const failures: RejectedPayload[] = [];
  for (const item of items) {
    const result = preparePost(item, fetchedAt);
    // a later copy of the same item in one batch wins: it carries the newest counters
    if (result.ok) prepared.set(result.post.externalId, result.post);
    else failures.push(result.failure);
  }
  return { posts: [...prepared.values()], failures };
}

/** Pure: checks one item and computes everything stored with it. A bad item becomes a failure with a reason. */
export function preparePost(item: InboundItem, fetchedAt: Date): Preparation {
  const problem = findProblem(item);
  if (problem) return { ok: false, failure: { raw: item?.raw ?? item, reason: problem } };
  const text = normalizeText(item.text, item.format ?? "text").slice(0, MAX_TEXT_LENGTH);
  const title = item.title ? normalizeText(item.title, item.format ?? "text") || null : null;
  if (!text && !title) return { ok: false, failure: { raw: item.raw, reason: "empty text after normalisation" } };
  const body = composeBody(title, text);
  const words = segmentWords(body);
  const authorLocation = cleanOptional(item.author?.location);
  return {
    ok: true,
    post: {
      externalId: item.externalId,
      itemKind: item.itemKind,
      threadId: cleanOptional(item.threadId),
      parentId: cleanOptional(item.parentId),
      authorId: cleanOptional(item.author?.id),
      authorName: cleanOptional(item.author?.name),
      authorLocation,
      title,
      text,
      url: cleanOptional(item.url),
      publishedAt: parsePublishedAt(item.publishedAt) ?? fetchedAt,
      counters: sanitizeCounters(item.counters),
      raw: item.raw ?? null,
      tokens: segmentForIndex(body),
      dedup: computeDedupSignature(body, words),
      understanding: understandPost({ text: body, authorLocation, words }),
    },
  };
}

/** The text a post is searched, understood and compared by: its title (when it has one) and its body. */
export function composeBody(title: string | null, text: string): string {
  return title && !text.startsWith(title) ? `${title}\n${text}` : text;
}

function findProblem(item: InboundItem): string | null {
  if (!item || typeof item !== "object") return "item is not an object";
  if (typeof item.externalId !== "string" || item.externalId.trim() === "") return "missing external id";
  if (item.externalId.length > 200) return "external id longer than 200 characters";
  if (!ITEM_KINDS.has(item.itemKind)) return `unknown item kind ${JSON.stringify(item.itemKind)}`;
  if (typeof item.text !== "string") return "missing text";
  if (item.title != null && typeof item.title !== "string") return "title is not text";
  if (item.publishedAt != null && item.publishedAt !== "" && parsePublishedAt(item.publishedAt) === null) {
    return `unreadable published time ${JSON.stringify(item.publishedAt)}`;
  }
  return null;
}

function parsePublishedAt(value: string | Date | null | undefined): Date | null {
  if (value == null || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function cleanOptional(value: unknown): string | null {
  if (value == null) return null;
  const text = String(value).trim();
  return text === "" ? null : text;
}

function sanitizeCounters(counters: InboundItem["counters"]): Record<string, number> {
  const clean: Record<string, number> = {};
  for (const [name, value] of Object.entries(counters ?? {})) {
    if (typeof value === "number" && Number.isFinite(value)) clean[name] = value;
  }
  return clean;
}

/** Identifies a failure so the same bad item seen again counts once. */
export function fingerprintFailure(accountId: number, failure: RejectedPayload): string {
  return createHash("sha256")
    .update(`${accountId}\u0000${failure.reason}\u0000${safeStringify(failure.raw)}`)
    .digest("hex");
}

/**
 * JSON for a jsonb column: bigints as strings (exact ids), and no NUL escapes, which PostgreSQL's jsonb refuses.
 */
export function safeStringify(value: unknown): string {
  let json: string;
  try {
    // the plain call first: a replacer function makes stringifying a batch several times slower
    json = JSON.stringify(value ?? null);
  } catch {
    try {
      json = JSON.stringify(value ?? null, (_key, inner) => (typeof inner === "bigint" ? inner.toString() : inner));
    } catch {
      json = JSON.stringify(String(value));
    }
  }
  json ??= "null";
  return json.includes("\\u0000") ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1") : json;
}
