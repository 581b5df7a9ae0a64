/**
 * WeChat API errors arrive as HTTP 200 with `errcode`; the errmsg carries rotating " hint: [..]" / " rid: .."
 * suffixes, so mapping is on errcode only.
 */
import { AuthExpired, type ChannelError, Permanent, RateLimited, Transient } from "../contract.ts";

/** the token is stale (rotated elsewhere, expired): refresh and retry once */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

const MESSAGES: Record<number, string> = {
  [-1]: "微信系统繁忙 / WeChat system busy",
  40001: "access_token 无效或不是最新（可能有其他服务在刷新令牌），或 AppSecret 错误 / invalid credential",
  40003: "无效的 openid / invalid openid",
  40007: "无效的素材 media_id / invalid media_id",
  40013: "AppID 无效 / invalid appid",
  40014: "access_token 格式无效 / invalid access_token",
  40125: "AppSecret 无效 / invalid appsecret",
  40164: "服务器 IP 不在公众号的 IP 白名单中 / server IP not in the account's whitelist",
  41001: "缺少 access_token / access_token missing",
  42001: "access_token 已过期 / access_token expired",
  45009: "接口调用已达今日上限 / daily API quota reached",
  45011: "接口调用过于频繁，请稍后再试 / minute quota reached",
  45015: "已超出 48 小时客服消息窗口（或用户已取消关注） / outside the 48-hour customer-service window",
  45047: "客服消息条数已达上限，需等待用户再次互动 / customer-service message count limit reached",
  48001: "公众号没有该接口权限（通常需要认证） / API unauthorised for this account",
  88000: "该文章没有开启留言 / comments are not enabled on this article",
  88001: "文章（msg_data_id）不存在 / article does not exist",
  88004: "留言已被用户删除 / the comment was deleted by its author",
  88005: "该留言已经回复过 / the comment already has a reply",
  88007: "回复内容为空或超过长度限制 / reply empty or too long",
  88008: "留言不存在 / comment does not exist",
  88010: "留言分页参数错误（count 须在 1–50） / comment count out of range",
};

export function describeErrcode(errcode: number): string {
  return MESSAGES[errcode] ?? `微信接口错误 / WeChat API error`;
}

export function toWechatError(errcode: number, errmsg: string, now: Date): ChannelError {
  const message = `${describeErrcode(errcode)} (${errcode}${errmsg ? ` ${errmsg}` : ""})`;
  if (errcode === 45009) return new RateLimited(message, untilBeijingMidnight(now), errcode);
  if (errcode === 45011) return new RateLimited(message, 60_000, errcode);
  if (errcode === -1) return new Transient(message, errcode);
  // the credentials themselves are wrong or keep being refused: a person must fix the account
  if (TOKEN_ERRCODES.has(errcode) || errcode === 40013 || errcode === 40125) return new AuthExpired(message, errcode);
  return new Permanent(message, errcode);
}

/** the daily quota resets at 00:00 Beijing time */
function untilBeijingMidnight(now: Date): number {
  const beijing = new Date(now.getTime() + 8 * 3600_000);
  const nextMidnightBeijing = Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate() + 1);
  return Math.max(60_000, nextMidnightBeijing - 8 * 3600_000 - now.getTime());
}
