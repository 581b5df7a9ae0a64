/** Weibo error bodies `{error, error_code, request}` → the contract's typed errors. */
import { AuthExpired, type ChannelError, Permanent, RateLimited, Transient } from "../contract.ts";

/** no refresh token exists for web apps: every one of these needs a person to authorise again */
const AUTH_CODES = new Set([21314, 21315, 21316, 21317, 21319, 21327, 21332, 21501]);
const RATE_LIMIT_CODES = new Set([10022, 10023, 10024, 20016]);
const TRANSIENT_CODES = new Set([10001, 10002, 10003, 10009, 21331]);

const MESSAGES: Record<number, string> = {
  10014: "应用的接口访问权限受限（需通过微博审核） / app lacks permission for this API",
  10017: "微博要求内容包含已绑定安全域名的链接 / text must contain a link to the app's safe domain",
  10022: "IP 请求频次超过上限 / IP requests out of rate limit",
  10023: "用户请求频次超过上限 / user requests out of rate limit",
  10024: "该接口请求频次超过上限 / per-API rate limit reached",
  20003: "用户不存在 / user does not exist",
  20012: "内容超过 140 字 / text too long (over 140 characters)",
  20016: "发布过于频繁 / posting too fast",
  20017: "与近期内容相似，微博拒绝发送 / content too similar to a recent one",
  20019: "重复内容，微博拒绝发送 / repeat content",
  20101: "目标微博不存在或已被删除 / target status does not exist",
  20145: "账号已被冻结 / account frozen",
  21321: "应用未通过审核，调用受限 / unaudited app usage limit",
  21327: "微博授权已过期，需要重新授权 / Weibo authorisation expired: re-authorise the account",
  21332: "微博授权无效或已被撤销，需要重新授权 / Weibo token invalid or revoked: re-authorise the account",
  21335: "只能读取授权账号本人的微博 / uid must be the authorised user",
};

export interface WeiboErrorBody {
  error?: unknown;
  error_code?: unknown;
  request?: unknown;
}

/** `error_code` has been seen as a string ("20502"): read it leniently. */
export function readErrorCode(body: unknown): number | null {
  if (typeof body !== "object" || body === null || !("error_code" in body)) return null;
  const code = Number((body as WeiboErrorBody).error_code);
  return Number.isFinite(code) ? code : null;
}

export function toWeiboError(body: unknown, status: number, now: Date): ChannelError {
  const code = readErrorCode(body) ?? 0;
  const platformText = typeof (body as WeiboErrorBody).error === "string" ? (body as WeiboErrorBody).error : "";
  const message = `${MESSAGES[code] ?? `微博接口错误 / Weibo API error`} (${code}${platformText ? ` ${platformText}` : ""})`;
  if (AUTH_CODES.has(code)) return new AuthExpired(message, code);
  if (RATE_LIMIT_CODES.has(code)) return new RateLimited(message, untilNextHour(now), code);
  if (TRANSIENT_CODES.has(code) || status >= 500) return new Transient(message, code);
  return new Permanent(message, code);
}

/** An error response without a Weibo JSON body (HTML from a proxy, an empty body). */
export function toHttpError(status: number): ChannelError {
  if (status === 429) return new RateLimited(`微博请求过于频繁 (HTTP ${status}) / rate limited`, null, status);
  if (status === 401)
    return new AuthExpired(`微博授权无效，需要重新授权 (HTTP 401) / re-authorise the account`, status);
  if (status >= 500 || status === 408) {
    return new Transient(`微博服务暂时不可用 (HTTP ${status}) / Weibo unavailable, will retry`, status);
  }
  return new Permanent(`微博拒绝了请求 (HTTP ${status}) / Weibo refused the request`, status);
}

/** Weibo quotas are hourly ("limit_time_unit":"HOURS"): wait for the next full hour. */
function untilNextHour(now: Date): number {
  const next = new Date(now);
  next.setUTCMinutes(60, 0, 0);
  return Math.max(60_000, next.getTime() - now.getTime());
}
