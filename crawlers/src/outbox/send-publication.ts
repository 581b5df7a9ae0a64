/**
 * One outbox row out: the portal row is written locally (the answer becomes public), every other row goes through
 * its account's adapter with the message fixed at approval and the stored post it answers. The result says whether
 * a write request left, so the outbox knows a refused send (retry) from an unknown one (check the platform first).
 * Anything that goes wrong before a request leaves is reported as such, never thrown: a throw counts as unknown.
 */
import {
  type AdapterContext,
  type AnyChannelAdapter,
  AuthExpired,
  type OutboundMessage,
  Permanent,
} from "@qnzs/adapters";
import { readChannelAccount } from "@qnzs/core/channels/accounts";
import {
  buildOutboundMessage,
  type ClaimedPublication,
  loadReplyTarget,
  type PublicationRow,
  publishToPortal,
  type SendOutcome,
} from "@qnzs/core/publish/index";
import { messageOf } from "../error-kind.ts";
import type { CrawlerRuntime } from "../runtime.ts";
import { leaseSignal, type SendCheckpoint, watchFetch } from "./watched-fetch.ts";

export interface SendOptions {
  /** the answer's public page, recorded as the portal row's address */
  portalUrlFor(answerId: number): string | null;
  /** how long before the lease ends a request is given up */
  leaseMarginMs: number;
  checkpoint: SendCheckpoint;
}

export async function sendPublication(
  runtime: CrawlerRuntime,
  row: ClaimedPublication,
  options: SendOptions,
): Promise<SendOutcome> {
  if (row.accountId === null) return sendToPortal(runtime, row, options);
  const lease = leaseSignal(runtime, row.leaseUntil, options.leaseMarginMs);
  let requestLeft = () => false;
  try {
    const prepared = await prepareSend(runtime, row, row.accountId);
    const watched = watchFetch(runtime, prepared.adapter, lease.signal, options.checkpoint);
    requestLeft = watched.requestLeft;
    const ctx: AdapterContext = {
      fetch: watched.fetch,
      cache: runtime.cacheFor(row.accountId),
      now: runtime.now,
      signal: lease.signal,
    };
    const result = await prepared.adapter.publish!(prepared.config, prepared.message, ctx);
    await options.checkpoint("before_record");
    return { kind: "published", result };
  } catch (error) {
    // an adapter may wrap the abort in its own error: the abort's reason says why the send really stopped
    const cause = lease.signal.aborted ? (lease.signal.reason ?? error) : error;
    return { kind: "failed", error: cause, requestLeft: requestLeft() };
  } finally {
    lease.clear();
  }
}

async function sendToPortal(
  runtime: CrawlerRuntime,
  row: ClaimedPublication,
  options: SendOptions,
): Promise<SendOutcome> {
  try {
    await options.checkpoint("before_request");
    const result = await publishToPortal(runtime.database.db, row.answerId, {
      now: runtime.now(),
      url: options.portalUrlFor(row.answerId),
    });
    await options.checkpoint("before_record");
    return { kind: "published", result };
  } catch (error) {
    // writing the portal page again is harmless: nothing left that could be sent twice
    return { kind: "failed", error, requestLeft: false };
  }
}

export interface PreparedSend {
  adapter: AnyChannelAdapter;
  config: Record<string, unknown>;
  message: OutboundMessage;
}

/**
 * The adapter, the opened config and the message for a row. Throws the contract's errors a person understands:
 * Permanent for what retrying cannot fix (account or post gone, invalid config), AuthExpired for an account
 * already waiting for re-authorisation.
 */
export async function prepareSend(
  runtime: CrawlerRuntime,
  row: Pick<PublicationRow, "accountId" | "payload" | "idempotencyKey" | "replyToPostId">,
  accountId: number,
): Promise<PreparedSend> {
  const { db, secrets } = runtime.database;
  const loaded = await readChannelAccount(db, secrets, accountId);
  if (!loaded) throw new Permanent(`渠道账号 #${accountId} 已删除 / the channel account is gone`, "no_account");
  if (loaded.account.status === "needs_reauth") {
    throw new AuthExpired(
      `账号「${loaded.account.name}」等待重新授权 / the account waits for re-authorisation`,
      "needs_reauth",
    );
  }
  let adapter: AnyChannelAdapter;
  try {
    adapter = runtime.adapterFor(loaded.account.kind);
  } catch (error) {
    throw new Permanent(messageOf(error), "unknown_kind");
  }
  if (!adapter.publish) {
    throw new Permanent(`「${adapter.meta.name}」不能发布 / ${adapter.kind} cannot publish`, "cannot_publish");
  }
  const parsed = adapter.config.safeParse(loaded.config);
  if (!parsed.success) {
    // the issue paths name fields, never their values: safe to show
    const fields = parsed.error.issues.map((issue) => issue.path.join(".") || "(config)").join(", ");
    throw new Permanent(`账号配置无效 (${fields}) / invalid account config: ${fields}`, "config");
  }
  const replyTo = row.replyToPostId === null ? null : await loadReplyTarget(db, row.replyToPostId);
  if (row.replyToPostId !== null && !replyTo) {
    throw new Permanent("要回复的原帖已不存在 / the post this answers is gone", "no_post");
  }
  return { adapter, config: parsed.data, message: buildOutboundMessage(row, replyTo) };
}
