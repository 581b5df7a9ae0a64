/**
 * OAuth2 authorisation-code flow, for the console. Web apps get no refresh token: when the token expires a person
 * authorises again, so the console needs the URL builder and the code exchange.
 */
import { z } from "zod";
import { BadPayload } from "../contract.ts";
import { sendWeiboRequest } from "./client.ts";

export const WEIBO_DEFAULT_API_BASE = "https://api.weibo.com";

export interface WeiboAuthorizeInput {
  appKey: string;
  redirectUri: string;
  /** anti-CSRF value the console checks on the callback */
  state: string;
  apiBase?: string;
  scope?: string;
  /** ask Weibo to show the login form even when a session exists (switching accounts) */
  forceLogin?: boolean;
}

export interface WeiboToken {
  accessToken: string;
  /** ISO 8601 */
  expiresAt: string;
  uid: string;
}

export function buildWeiboAuthorizeUrl(input: WeiboAuthorizeInput): string {
  const url = new URL(`${(input.apiBase ?? WEIBO_DEFAULT_API_BASE).replace(/\/+$/, "")}/oauth2/authorize`);
  url.searchParams.set("client_id", input.appKey);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("state", input.state);
  if (input.scope) url.searchParams.set("scope", input.scope);
  if (input.forceLogin) url.searchParams.set("forcelogin", "true");
  return url.href;
}

const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  // expires_in is a number, remind_in a string, uid a string; accept either form for each
  expires_in: z.union([z.number(), z.string()]).optional(),
  remind_in: z.union([z.number(), z.string()]).optional(),
  uid: z.union([z.string(), z.number()]),
});

export interface ExchangeInput {
  appKey: string;
  appSecret: string;
  redirectUri: string;
  code: string;
  apiBase?: string;
}

export interface OAuthContext {
  fetch: typeof fetch;
  now(): Date;
}

/** code → access token. Parameters go as a form: Weibo rejects JSON bodies here (21323). */
export async function exchangeWeiboCode(input: ExchangeInput, ctx: OAuthContext): Promise<WeiboToken> {
  const url = new URL(`${(input.apiBase ?? WEIBO_DEFAULT_API_BASE).replace(/\/+$/, "")}/oauth2/access_token`);
  const form = new URLSearchParams({
    client_id: input.appKey,
    client_secret: input.appSecret,
    grant_type: "authorization_code",
    code: input.code,
    redirect_uri: input.redirectUri,
  });
  const body = await sendWeiboRequest(
    ctx.fetch,
    url,
    { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() },
    () => ctx.now(),
  );
  const parsed = TokenResponseSchema.safeParse(body);
  if (!parsed.success) throw new BadPayload("微博授权响应格式不符 / unexpected token response", body);
  const seconds = Number(parsed.data.expires_in ?? parsed.data.remind_in ?? 0);
  return {
    accessToken: parsed.data.access_token,
    expiresAt: new Date(ctx.now().getTime() + (Number.isFinite(seconds) ? seconds : 0) * 1000).toISOString(),
    uid: String(parsed.data.uid),
  };
}

const TokenInfoSchema = z.looseObject({
  uid: z.union([z.string(), z.number()]),
  expire_in: z.union([z.number(), z.string()]),
});

/** The cheapest "is this token still alive" probe; throws AuthExpired when it is not. */
export async function fetchWeiboTokenInfo(
  input: { accessToken: string; apiBase?: string },
  ctx: OAuthContext,
): Promise<{ uid: string; expiresAt: string }> {
  const url = new URL(`${(input.apiBase ?? WEIBO_DEFAULT_API_BASE).replace(/\/+$/, "")}/oauth2/get_token_info`);
  const body = await sendWeiboRequest(
    ctx.fetch,
    url,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ access_token: input.accessToken }).toString(),
    },
    () => ctx.now(),
  );
  const parsed = TokenInfoSchema.safeParse(body);
  if (!parsed.success) throw new BadPayload("微博令牌信息格式不符 / unexpected token info", body);
  return {
    uid: String(parsed.data.uid),
    expiresAt: new Date(ctx.now().getTime() + Number(parsed.data.expire_in) * 1000).toISOString(),
  };
}
