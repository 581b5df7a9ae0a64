/**
 * The WeChat official-account API: the app-level access_token (cached per account, refreshed early, shared by
 * concurrent calls) and calls that map `errcode` to the contract's errors, refreshing the token and retrying once
 * when WeChat says it is stale.
 */
import { type AdapterContext, BadPayload, RateLimited, Transient } from "../contract.ts";
import { JsonSyntaxError, looksTruncatedJson, parseLenientJson } from "../shared/lenient-json.ts";
import { TOKEN_ERRCODES, toWechatError } from "./errors.ts";

export interface WechatCredentials {
  apiBase: string;
  appId: string;
  appSecret: string;
}

export type WechatBody = Record<string, unknown>;

export interface WechatClient {
  get(path: string, query?: Record<string, string>): Promise<WechatBody>;
  post(path: string, body: unknown): Promise<WechatBody>;
}

interface CachedToken {
  token: string;
}

/** refresh this long before WeChat's stated expiry, so a token never dies mid-request */
const REFRESH_EARLY_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 30_000;
const inFlightTokens = new Map<string, Promise<string>>();

export function createWechatClient(credentials: WechatCredentials, ctx: AdapterContext): WechatClient {
  const base = credentials.apiBase.replace(/\/+$/, "");
  const cacheKey = `wechat:access_token:${base}:${credentials.appId}`;

  const fetchToken = async (): Promise<string> => {
    const url = new URL(`${base}/cgi-bin/token`);
    url.search = new URLSearchParams({
      grant_type: "client_credential",
      appid: credentials.appId,
      secret: credentials.appSecret,
    }).toString();
    const body = await sendJson(ctx, url, { method: "GET" });
    const errcode = readErrcode(body);
    if (errcode !== 0) throw toWechatError(errcode, readErrmsg(body), ctx.now());
    const token = body.access_token;
    const expiresIn = Number(body.expires_in ?? 7200);
    if (typeof token !== "string" || !token)
      throw new BadPayload("微信令牌响应缺少 access_token / no access_token", body);
    ctx.cache.set<CachedToken>(cacheKey, { token }, Math.max(60_000, expiresIn * 1000 - REFRESH_EARLY_MS));
    return token;
  };

  const getToken = async (): Promise<string> => {
    const cached = ctx.cache.get<CachedToken>(cacheKey);
    if (cached) return cached.token;
    // one refresh at a time per account: a second concurrent refresh would invalidate the first token (40001)
    const pending = inFlightTokens.get(cacheKey);
    if (pending) return pending;
    const request = fetchToken().finally(() => inFlightTokens.delete(cacheKey));
    inFlightTokens.set(cacheKey, request);
    return request;
  };

  const call = async (method: "GET" | "POST", path: string, query: Record<string, string>, payload?: unknown) => {
    for (let attempt = 0; ; attempt += 1) {
      const token = await getToken();
      const url = new URL(`${base}${path}`);
      url.search = new URLSearchParams({ ...query, access_token: token }).toString();
      const body = await sendJson(ctx, url, {
        method,
        ...(payload === undefined
          ? {}
          : { headers: { "content-type": "application/json" }, body: JSON.stringify(payload) }),
      });
      const errcode = readErrcode(body);
      if (errcode === 0) return body;
      if (TOKEN_ERRCODES.has(errcode) && attempt === 0) {
        ctx.cache.delete(cacheKey);
        continue;
      }
      throw toWechatError(errcode, readErrmsg(body), ctx.now());
    }
  };

  return {
    get: (path, query = {}) => call("GET", path, query),
    post: (path, body) => call("POST", path, {}, body),
  };
}

async function sendJson(ctx: AdapterContext, url: URL, init: RequestInit): Promise<WechatBody> {
  let response: Response;
  let text: string;
  try {
    // a platform that never answers must not hold a crawler lease forever
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
    response = await ctx.fetch(url, { ...init, signal });
    text = await response.text();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Transient(`无法连接微信服务器 / network error: ${reason}`, "network");
  }
  if (response.status === 429) throw new RateLimited(`微信请求过于频繁 (HTTP 429)`, null, 429);
  if (!response.ok) throw new Transient(`微信服务器返回 HTTP ${response.status} / WeChat unavailable`, response.status);
  let body: unknown;
  try {
    // parsed whatever the content-type says (WeChat has sent JSON as text/plain), with control characters removed
    body = parseLenientJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    if (looksTruncatedJson(text))
      throw new Transient("微信返回的数据不完整 / truncated JSON from WeChat", "truncated_json");
    throw new BadPayload("微信返回了无法解析的内容 / unreadable body from WeChat", text, "unparseable");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BadPayload("微信返回的不是 JSON 对象 / body is not a JSON object", body);
  }
  return body as WechatBody;
}

/** success bodies often carry no errcode at all */
function readErrcode(body: WechatBody): number {
  if (body.errcode === undefined || body.errcode === null) return 0;
  const code = Number(body.errcode);
  return Number.isFinite(code) ? code : 0;
}

function readErrmsg(body: WechatBody): string {
  return typeof body.errmsg === "string" ? body.errmsg : "";
}
