/**
 * Re-authorising a channel account in the browser, for adapters that declare an authorisation flow (see
 * AuthorizationFlow in adapters/contract.ts): the console sends the person to the platform with a sealed `state`,
 * the platform sends them back to the account's redirect URI (GET /api/oauth/{kind}/callback), and the hub stores
 * the new token. The state names the account and the person and expires; only that person, signed in, completes it.
 */
import { type AnyChannelAdapter, getAdapter, isChannelKind } from "@qnzs/adapters";
import { type Actor, holdsRoleOver } from "@qnzs/core/cases/access";
import { AccessDenied, InvalidInput, NotFound } from "@qnzs/core/cases/errors";
import { readChannelAccount, updateChannelAccountConfig } from "@qnzs/core/channels/accounts";
import type { CrawlerRuntime } from "@qnzs/crawlers";
import type { Db, SecretBox } from "@qnzs/db";
import { auditLog, orgs } from "@qnzs/db/schema";
import { eq } from "drizzle-orm";
import { z } from "zod";

const STATE_LIFETIME_MS = 15 * 60_000;

const StateSchema = z.object({ account: z.number().int(), user: z.number().int(), until: z.number() });

/** Whether the account's adapter lets a person authorise it in a browser. */
export function supportsReauthorisation(kind: string): boolean {
  return isChannelKind(kind) && getAdapter(kind).authorization !== undefined;
}

/** Site admins, and admins and media officers of the account's organisation or above it. */
async function assertMayReauthorise(db: Db, actor: Actor, orgId: number | null): Promise<void> {
  if (actor.isAdmin) return;
  const [org] = orgId === null ? [] : await db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, orgId));
  if (!org || !holdsRoleOver(actor, org.path, ["admin", "media_officer"])) {
    throw new AccessDenied("无权重新授权此渠道账号 / may not re-authorise this account");
  }
}

async function loadFlow(db: Db, secrets: SecretBox, accountId: number) {
  const loaded = await readChannelAccount(db, secrets, accountId);
  if (!loaded) throw new NotFound(`渠道账号 #${accountId} `);
  const adapter: AnyChannelAdapter | null = isChannelKind(loaded.account.kind) ? getAdapter(loaded.account.kind) : null;
  if (!adapter?.authorization) throw new InvalidInput("此渠道不支持在线授权 / this channel has no authorisation flow");
  const config = adapter.config.safeParse(loaded.config);
  if (!config.success) throw new InvalidInput("账号配置无效，请先修正配置 / the account's config does not validate");
  return { account: loaded.account, adapter, flow: adapter.authorization, config: config.data };
}

/** The platform's authorize URL for this account, carrying a state only this actor can complete. */
export async function beginReauthorisation(
  db: Db,
  secrets: SecretBox,
  actor: Actor,
  accountId: number,
  now: Date = new Date(),
): Promise<string> {
  const { account, flow, config } = await loadFlow(db, secrets, accountId);
  await assertMayReauthorise(db, actor, account.orgId);
  const state = secrets.seal(
    JSON.stringify({ account: account.id, user: actor.userId, until: now.getTime() + STATE_LIFETIME_MS }),
  );
  return flow.buildAuthorizeUrl(config, state);
}

export interface CompleteInput {
  kind: string;
  code: string | null;
  state: string | null;
  /** the platform's refusal, when the person declined */
  error: string | null;
}

/** Exchanges the code for a token and stores it; returns the account's id. */
export async function completeReauthorisation(
  runtime: CrawlerRuntime,
  actor: Actor,
  input: CompleteInput,
): Promise<number> {
  const { db, secrets } = runtime.database;
  let state: z.infer<typeof StateSchema>;
  try {
    state = StateSchema.parse(JSON.parse(secrets.open(input.state ?? "")));
  } catch {
    throw new InvalidInput("授权请求无效或已被篡改 / invalid state");
  }
  if (state.user !== actor.userId) throw new AccessDenied("授权请求不属于当前用户 / state belongs to someone else");
  if (state.until < runtime.now().getTime()) throw new InvalidInput("授权请求已过期，请重新发起 / state expired");
  if (input.error || !input.code) throw new InvalidInput(`平台未授权：${input.error ?? "缺少授权码"} / not authorised`);
  const { account, adapter, flow, config } = await loadFlow(db, secrets, state.account);
  if (account.kind !== input.kind) throw new InvalidInput("渠道类型不符 / channel kind mismatch");
  await assertMayReauthorise(db, actor, account.orgId);
  const changes = await flow.completeAuthorization(config, input.code, {
    fetch: runtime.fetch,
    cache: runtime.cacheFor(account.id),
    now: runtime.now,
  });
  await db.transaction(async (tx) => {
    await updateChannelAccountConfig(tx as unknown as Db, secrets, account.id, changes, adapter.secretFields);
    // which fields changed, never their values: they are secrets
    await tx.insert(auditLog).values({
      actorId: actor.userId,
      action: "channel_reauthorised",
      subjectType: "channel_account",
      subjectId: String(account.id),
      data: { fields: Object.keys(changes).sort() },
      createdAt: runtime.now(),
    });
  });
  return account.id;
}
