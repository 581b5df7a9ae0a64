/**
 * Fan-out: where one approved answer goes. Every source thread of its case gets a reply through the account it
 * came in on, the portal gets the answer page, and an editor may add channels (a Weibo post, a WeChat article).
 * Which kind of reply a source gets (a comment reply, a customer-service message within its window) is channel
 * policy, read from render-rules.ts; nothing here branches on a platform.
 */
import type { AdapterCapabilities, ItemKind } from "@qnzs/adapters/contract";
import { channelRulesFor } from "./render-rules.ts";

/** What is sent: the contract's message kinds, plus the portal's answer page (written locally, not by an adapter). */
export const PUBLISH_KINDS = ["reply", "comment", "post", "message", "article", "portal"] as const;
export type PublishKind = (typeof PUBLISH_KINDS)[number];

/** The channel name of the portal target; it has no account. */
export const PORTAL_CHANNEL = "portal";

/** One place an answer is published to: one outbox row. */
export interface PublicationTarget {
  /** the account's channel kind ("weibo", "wechat", "weibang" …) or "portal" */
  channel: string;
  /** null for the portal */
  accountId: number | null;
  kind: PublishKind;
  /** the stored post this answers, for replies */
  replyToPostId: number | null;
}

/** The source post of a case that the answer goes back to. */
export interface SourceThread {
  postId: number;
  accountId: number;
  channel: string;
  itemKind: ItemKind;
  publishedAt: Date;
}

/** A channel an editor adds: a new post or article on one account. */
export interface AddedTarget {
  channel: string;
  accountId: number;
  kind: "post" | "article";
}

/** What fan-out needs to know of a channel: the adapter's capabilities (the caller looks them up in the registry). */
export type PublishingCapabilities = Pick<AdapterCapabilities, "reply" | "post" | "maxLength" | "publishMode">;

export interface FannedOutTarget {
  target: PublicationTarget;
  /** the adapter's limit for this target (0: none) */
  maxLength: number;
  /** why this target cannot be sent; its row is recorded as failed with this reason, so a person sees it */
  skipReason: string | null;
}

export interface FanOutInput {
  sources: readonly SourceThread[];
  added?: readonly AddedTarget[];
  /** false for an answer that is not shown on the portal */
  portal?: boolean;
  capabilitiesOf(channel: string): PublishingCapabilities | null;
  now: Date;
}

/** Every target of one answer, each once: replies to each source, the portal page, and the editor's additions. */
export function fanOutTargets(input: FanOutInput): FannedOutTarget[] {
  const planned = new Map<string, FannedOutTarget>();
  const add = (entry: FannedOutTarget) => {
    const key = describeTarget(entry.target);
    if (!planned.has(key)) planned.set(key, entry);
  };

  for (const source of input.sources) {
    const capabilities = input.capabilitiesOf(source.channel);
    const base = { channel: source.channel, accountId: source.accountId, replyToPostId: source.postId };
    if (!capabilities?.reply) {
      add({
        target: { ...base, kind: "reply" },
        maxLength: 0,
        skipReason: `「${source.channel}」渠道不支持回复，请在其他渠道或门户查看答复 / this channel cannot reply`,
      });
      continue;
    }
    const route = channelRulesFor(source.channel).replyRoute(
      source.itemKind,
      input.now.getTime() - source.publishedAt.getTime(),
    );
    add({
      target: { ...base, kind: route.kind },
      maxLength: capabilities.maxLength,
      skipReason: route.skipReason,
    });
  }

  if (input.portal !== false) {
    add({ target: portalTarget(), maxLength: 0, skipReason: null });
  }

  for (const extra of input.added ?? []) {
    const capabilities = input.capabilitiesOf(extra.channel);
    add({
      target: { channel: extra.channel, accountId: extra.accountId, kind: extra.kind, replyToPostId: null },
      maxLength: capabilities?.maxLength ?? 0,
      skipReason: capabilities?.post ? null : `「${extra.channel}」渠道不支持发布新内容 / this channel cannot post`,
    });
  }
  return [...planned.values()];
}

export function portalTarget(): PublicationTarget {
  return { channel: PORTAL_CHANNEL, accountId: null, kind: "portal", replyToPostId: null };
}

/**
 * The `target` column: stable for one destination whatever route is taken to it. A reply is keyed by the post it
 * answers (so a comment reply and a message to the same source are one target); new content by account and kind.
 */
export function describeTarget(target: PublicationTarget): string {
  if (target.accountId === null) return target.channel;
  if (target.replyToPostId !== null) return `${target.channel}:${target.accountId}:reply-to:${target.replyToPostId}`;
  return `${target.channel}:${target.accountId}:${target.kind}`;
}

/** Stable across retries and re-plans: `answer:<id>:<target>`. */
export function idempotencyKeyFor(answerId: number, target: PublicationTarget): string {
  return `answer:${answerId}:${describeTarget(target)}`;
}
