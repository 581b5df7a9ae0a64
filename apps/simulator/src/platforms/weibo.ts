import { formatNextHour } from "../china-time.ts";
import type { FaultName, FaultOptions } from "../faults.ts";
import { contentType, formParams, jsonReply, redirectReply, type SimReply, type SimRequest } from "../http-kit.ts";
import { type PlatformHandler, truncateReply } from "../platform-handler.ts";
import type { SimState } from "../state.ts";
import { renderComment, renderStatus } from "./weibo-render.ts";
import type { WeiboComment, WeiboStatus, WeiboToken } from "./weibo-store.ts";
import { isSafeHost, linkHosts, WEIBO_MAX_LENGTH, weiboLength } from "./weibo-text.ts";

/**
 * Weibo Open API v2 under `/weibo` (reference §1): OAuth, the @-me and comment lists with since_id/max_id paging,
 * and the write calls with their validation. Errors are `{error, error_code, request}` with a non-200 status.
 */

const DEFAULT_STATUS_COUNT = 20;
const DEFAULT_COMMENT_COUNT = 50;
const MAX_COUNT = 200;
/** A developer's own account keeps its token about five years. */
const TOKEN_LIFETIME_S = 157_679_999;

interface Call {
  request: SimRequest;
  params: URLSearchParams;
  state: SimState;
  /** the path as Weibo names it in `request`, e.g. `/2/comments/to_me.json` */
  endpoint: string;
}

interface Route {
  method: "GET" | "POST";
  auth: boolean;
  run(call: Call, token: WeiboToken | null): SimReply;
}

function weiboError(status: number, code: number | string, error: string, endpoint: string): SimReply {
  return jsonReply(status, { error, error_code: code, request: endpoint });
}

function oauthError(code: number, error: string, description: string, endpoint: string): SimReply {
  return jsonReply(400, {
    error,
    error_code: code,
    request: endpoint,
    error_uri: endpoint,
    error_description: description,
  });
}

function missingParam(name: string, endpoint: string): SimReply {
  return weiboError(400, 10016, `Miss required parameter (${name}) , see doc for more info.`, endpoint);
}

function badParam(name: string, expected: string, got: string, endpoint: string): SimReply {
  return weiboError(
    400,
    10017,
    `Parameter (${name})'s value invalid,expect (${expected}) , but get (${got}) , see doc for more info.`,
    endpoint,
  );
}

function tokenOf(call: Call): string | null {
  const fromParams = call.params.get("access_token");
  if (fromParams) return fromParams;
  const header = call.request.headers.authorization ?? "";
  const match = /^(?:OAuth2|Bearer)\s+(\S+)/i.exec(header);
  return match?.[1] ?? null;
}

/** The token table: valid, expired (21327), revoked or unknown (21332), missing (10006). */
function authenticate(call: Call): WeiboToken | SimReply {
  const value = tokenOf(call);
  if (!value) return weiboError(400, 10006, "source paramter(appkey) is missing", call.endpoint);
  const token = call.state.weibo.store.tokens.get(value);
  if (!token || token.revoked) return weiboError(400, 21332, "invalid_access_token", call.endpoint);
  if (call.state.clock.now() >= token.expiresAt) return weiboError(400, 21327, "expired_token", call.endpoint);
  return token;
}

function hourKey(call: Call, token: WeiboToken): string {
  return `${token.token}:${Math.floor(call.state.clock.now().getTime() / 3600_000)}`;
}

/** Per-token hourly quota: past it, 403 + 10023 like the real API. */
function consumeQuota(call: Call, token: WeiboToken): SimReply | null {
  const store = call.state.weibo.store;
  const key = hourKey(call, token);
  const used = (store.hourlyCalls.get(key) ?? 0) + 1;
  store.hourlyCalls.set(key, used);
  if (used > call.state.config.weibo.hourlyLimit) {
    return weiboError(403, 10023, "User requests out of rate limit!", call.endpoint);
  }
  return null;
}

interface PageParams {
  sinceId: number;
  maxId: number;
  count: number;
  page: number;
}

function readInt(call: Call, name: string, fallback: number): number | SimReply {
  const raw = call.params.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^-?\d+$/.test(raw)) return badParam(name, `${name} = int`, raw, call.endpoint);
  return Number(raw);
}

function pageParams(call: Call, defaultCount: number): PageParams | SimReply {
  const sinceId = readInt(call, "since_id", 0);
  if (typeof sinceId !== "number") return sinceId;
  const maxId = readInt(call, "max_id", 0);
  if (typeof maxId !== "number") return maxId;
  const count = readInt(call, "count", defaultCount);
  if (typeof count !== "number") return count;
  const page = readInt(call, "page", 1);
  if (typeof page !== "number") return page;
  return {
    sinceId: Math.max(0, sinceId),
    maxId: Math.max(0, maxId),
    // count=0 means the default; more than the maximum is clamped, as the API does.
    count: count <= 0 ? defaultCount : Math.min(count, MAX_COUNT),
    page: Math.max(1, page),
  };
}

interface Page<T> {
  items: T[];
  nextCursor: number;
  total: number;
}

/** since_id is exclusive, max_id inclusive (so the boundary item comes again), page is 1-based. */
function pageOf<T extends { id: number }>(newestFirst: T[], p: PageParams): Page<T> {
  const filtered = newestFirst.filter(
    (i) => (p.sinceId === 0 || i.id > p.sinceId) && (p.maxId === 0 || i.id <= p.maxId),
  );
  const start = (p.page - 1) * p.count;
  const items = filtered.slice(start, start + p.count);
  const more = start + p.count < filtered.length;
  return { items, nextCursor: more ? (items[items.length - 1]?.id ?? 0) : 0, total: filtered.length };
}

function duplicated<T>(call: Call, items: T[]): T[] {
  return call.state.faults.fire("weibo", "duplicate_delivery") ? items.flatMap((i) => [i, i]) : items;
}

function statusList(call: Call, all: WeiboStatus[], counted: boolean): SimReply {
  const p = pageParams(call, DEFAULT_STATUS_COUNT);
  if (!("page" in p)) return p;
  const page = pageOf(all, p);
  const store = call.state.weibo.store;
  const reply = jsonReply(200, {
    statuses: duplicated(call, page.items).map((s) => renderStatus(store, s)),
    advertises: [],
    ad: [],
    hasvisible: false,
    previous_cursor: 0,
    next_cursor: page.nextCursor,
    total_number: page.total,
    interval: 0,
    uve_blank: -1,
    since_id: page.items[0]?.id ?? 0,
    max_id: page.items[page.items.length - 1]?.id ?? 0,
    has_unread: 0,
  });
  reply.served = { platform: "weibo", endpoint: call.endpoint, keys: page.items.map((s) => String(s.id)), counted };
  return reply;
}

function commentList(call: Call, all: WeiboComment[], counted: boolean, status?: WeiboStatus): SimReply {
  const p = pageParams(call, DEFAULT_COMMENT_COUNT);
  if (!("page" in p)) return p;
  const page = pageOf(all, p);
  const store = call.state.weibo.store;
  const body: Record<string, unknown> = {
    comments: duplicated(call, page.items).map((c) => renderComment(store, c)),
    marks: [],
    hasvisible: false,
    previous_cursor: 0,
    next_cursor: page.nextCursor,
    total_number: page.total,
    since_id: page.items[0]?.id ?? 0,
    max_id: page.items[page.items.length - 1]?.id ?? 0,
  };
  if (status) body.status = renderStatus(store, status);
  const reply = jsonReply(200, body);
  reply.served = { platform: "weibo", endpoint: call.endpoint, keys: page.items.map((c) => String(c.id)), counted };
  return reply;
}

function requiredStatus(call: Call, name = "id"): WeiboStatus | SimReply {
  const raw = call.params.get(name);
  if (!raw) return missingParam(name, call.endpoint);
  if (!/^\d+$/.test(raw)) return badParam(name, `${name} = int64`, raw, call.endpoint);
  const status = call.state.weibo.store.statuses.get(Number(raw));
  if (!status || status.deleted) return weiboError(400, 20101, "target weibo does not exist!", call.endpoint);
  return status;
}

/** Text checks shared by comments and posts: present, at most 140 汉字. */
function checkText(call: Call, name: string): string | SimReply {
  const text = call.params.get(name);
  if (!text) return missingParam(name, call.endpoint);
  if (weiboLength(text) > WEIBO_MAX_LENGTH) {
    return weiboError(400, 20012, "Text too long, please input text less than 140 characters!", call.endpoint);
  }
  return text;
}

const APP_SOURCE = '<a href="http://app.weibo.com/t/feed/4Ac9Mn" rel="nofollow">青年之声</a>';

function addMyComment(
  call: Call,
  status: WeiboStatus,
  text: string,
  parent: WeiboComment | null,
  original: string | null,
): WeiboComment {
  const store = call.state.weibo.store;
  const id = store.nextId();
  const comment: WeiboComment = {
    id,
    createdAt: call.state.clock.now(),
    text,
    userId: store.me.id,
    statusId: status.id,
    replyToId: parent?.id ?? null,
    rootId: parent?.rootId ?? id,
    source: APP_SOURCE,
    likes: 0,
    replyOriginalText: original,
  };
  store.addComment(comment);
  return comment;
}

function repeatedComment(call: Call, status: WeiboStatus, text: string): boolean {
  const store = call.state.weibo.store;
  return store.commentsOn(status.id).some((c) => c.userId === store.me.id && c.text === text);
}

function record(call: Call, params: Record<string, unknown>, remoteId: string): void {
  call.state.record.add({
    platform: "weibo",
    endpoint: call.endpoint,
    params,
    at: call.state.clock.now().toISOString(),
    remoteId,
  });
}

const ROUTES: Record<string, Route> = {
  "/2/account/rate_limit_status.json": {
    method: "GET",
    auth: true,
    run: (call, token) => {
      const limit = call.state.config.weibo.hourlyLimit;
      const used = token ? (call.state.weibo.store.hourlyCalls.get(hourKey(call, token)) ?? 0) : 0;
      const now = call.state.clock.now();
      const resetIn = 3600 - Math.floor((now.getTime() / 1000) % 3600);
      const api = (name: string, max: number) => ({
        api: name,
        limit: max,
        limit_time_unit: "HOURS",
        remaining_hits: max,
      });
      return jsonReply(200, {
        api_rate_limits: [api("update_status", 30), api("update_comment", 60), api("follow_friends", 60)],
        ip_limit: 10000,
        limit_time_unit: "HOURS",
        remaining_ip_hits: 10000,
        remaining_user_hits: Math.max(0, limit - used),
        reset_time: formatNextHour(now),
        reset_time_in_seconds: resetIn,
        user_limit: limit,
      });
    },
  },
  "/2/statuses/mentions.json": {
    method: "GET",
    auth: true,
    run: (call) => statusList(call, call.state.weibo.store.mentions(), true),
  },
  "/2/statuses/user_timeline.json": {
    method: "GET",
    auth: true,
    run: (call, token) => {
      const store = call.state.weibo.store;
      const uid = call.params.get("uid");
      const screenName = call.params.get("screen_name");
      const foreign = (uid && uid !== String(token?.uid)) || (screenName && screenName !== store.me.screenName);
      if (foreign) return weiboError(400, 21335, "request uid's value must be the current user", call.endpoint);
      return statusList(call, store.timeline(), true);
    },
  },
  "/2/statuses/show.json": {
    method: "GET",
    auth: true,
    run: (call) => {
      const status = requiredStatus(call);
      if (!("id" in status)) return status;
      const reply = jsonReply(200, renderStatus(call.state.weibo.store, status));
      reply.served = { platform: "weibo", endpoint: call.endpoint, keys: [String(status.id)], counted: false };
      return reply;
    },
  },
  "/2/comments/show.json": {
    method: "GET",
    auth: true,
    run: (call) => {
      const status = requiredStatus(call);
      if (!("id" in status)) return status;
      return commentList(call, call.state.weibo.store.commentsOn(status.id), true, status);
    },
  },
  "/2/comments/to_me.json": {
    method: "GET",
    auth: true,
    run: (call) => commentList(call, call.state.weibo.store.commentsToMe(), true),
  },
  "/2/comments/mentions.json": {
    method: "GET",
    auth: true,
    run: (call) => commentList(call, call.state.weibo.store.commentMentions(), true),
  },
  "/2/comments/by_me.json": {
    method: "GET",
    auth: true,
    // The account's own comments: what the outbox checks after an unsure send, not something a crawl ingests.
    run: (call) => commentList(call, call.state.weibo.store.commentsByMe(), false),
  },
  "/2/comments/create.json": {
    method: "POST",
    auth: true,
    run: (call) => {
      const status = requiredStatus(call);
      if (!("id" in status)) return status;
      const text = checkText(call, "comment");
      if (typeof text !== "string") return text;
      if (repeatedComment(call, status, text)) return weiboError(400, 20019, "repeat content!", call.endpoint);
      const comment = addMyComment(call, status, text, null, null);
      record(call, { id: String(status.id), comment: text }, String(comment.id));
      return jsonReply(200, renderComment(call.state.weibo.store, comment));
    },
  },
  "/2/comments/reply.json": {
    method: "POST",
    auth: true,
    run: (call) => {
      const store = call.state.weibo.store;
      const cidRaw = call.params.get("cid");
      if (!cidRaw) return missingParam("cid", call.endpoint);
      const status = requiredStatus(call);
      if (!("id" in status)) return status;
      const text = checkText(call, "comment");
      if (typeof text !== "string") return text;
      const parent = /^\d+$/.test(cidRaw) ? store.comments.get(Number(cidRaw)) : undefined;
      if (!parent || parent.statusId !== status.id) {
        return weiboError(400, 20201, "target weibo comment does not exist!", call.endpoint);
      }
      const parentUser = store.users.get(parent.userId);
      // without_mention=0 (the default) makes Weibo prefix "回复@name:".
      const shown =
        call.params.get("without_mention") === "1" || !parentUser ? text : `回复@${parentUser.screenName}:${text}`;
      if (repeatedComment(call, status, shown)) return weiboError(400, 20019, "repeat content!", call.endpoint);
      const comment = addMyComment(call, status, shown, parent, text);
      record(call, { id: String(status.id), cid: String(parent.id), comment: text }, String(comment.id));
      return jsonReply(200, renderComment(store, comment));
    },
  },
  "/2/statuses/share.json": {
    method: "POST",
    auth: true,
    run: (call) => {
      const store = call.state.weibo.store;
      const text = checkText(call, "status");
      if (typeof text !== "string") return text;
      const hosts = linkHosts(text);
      if (!hosts.some((h) => isSafeHost(h, call.state.config.weibo.safeDomains))) {
        return weiboError(400, 10017, "text not find domain!", call.endpoint);
      }
      if (store.postedTexts.has(text)) return weiboError(400, 20019, "repeat content!", call.endpoint);
      store.postedTexts.add(text);
      const status: WeiboStatus = {
        id: store.nextId(),
        createdAt: call.state.clock.now(),
        text,
        userId: store.me.id,
        deleted: false,
        source: APP_SOURCE,
        pics: [],
        retweetedId: null,
        geo: null,
        reposts: 0,
        attitudes: 0,
      };
      store.addStatus(status);
      record(call, { status: text }, String(status.id));
      return jsonReply(200, renderStatus(store, status));
    },
  },
};

function handleAuthorize(call: Call): SimReply {
  const store = call.state.weibo.store;
  const clientId = call.params.get("client_id");
  const redirectUri = call.params.get("redirect_uri");
  if (!clientId || !redirectUri)
    return oauthError(21323, "invalid_request", "miss client id or redirect uri", call.endpoint);
  if (clientId !== store.appKey) return oauthError(21324, "invalid_client", "invalid client id", call.endpoint);
  const code = call.state.random.hex(32);
  store.codes.set(code, { redirectUri, used: false });
  const target = new URL(redirectUri);
  target.searchParams.set("code", code);
  const state = call.params.get("state");
  if (state !== null) target.searchParams.set("state", state);
  return redirectReply(target.href);
}

function handleAccessToken(call: Call): SimReply {
  const store = call.state.weibo.store;
  // Weibo reads only the query string and form fields; a JSON body looks like missing credentials.
  if (contentType(call.request).includes("json")) {
    return oauthError(21323, "invalid_request", "miss client id or secret", call.endpoint);
  }
  const p = call.params;
  if (!p.get("client_id") || !p.get("client_secret")) {
    return oauthError(21323, "invalid_request", "miss client id or secret", call.endpoint);
  }
  if (p.get("client_id") !== store.appKey || p.get("client_secret") !== store.appSecret) {
    return oauthError(21324, "invalid_client", "invalid client id or secret", call.endpoint);
  }
  if (p.get("grant_type") !== "authorization_code") {
    return oauthError(21328, "unsupported_grant_type", "unsupported grant type", call.endpoint);
  }
  const code = store.codes.get(p.get("code") ?? "");
  if (!code || code.used) return oauthError(21325, "invalid_grant", "invalid authorization code", call.endpoint);
  if (p.get("redirect_uri") !== code.redirectUri) {
    return oauthError(21322, "redirect_uri_mismatch", "redirect uri mismatch", call.endpoint);
  }
  code.used = true;
  const now = call.state.clock.now();
  const value = `2.00${call.state.random.alnum(28)}`;
  store.tokens.set(value, {
    token: value,
    uid: store.me.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_S * 1000),
    revoked: false,
  });
  // remind_in is a string and expires_in a number, as the real response has them.
  return jsonReply(200, {
    access_token: value,
    remind_in: String(TOKEN_LIFETIME_S),
    expires_in: TOKEN_LIFETIME_S,
    uid: String(store.me.id),
    isRealName: "true",
  });
}

function handleTokenInfo(call: Call): SimReply {
  const token = authenticate(call);
  if (!("uid" in token)) return token;
  const store = call.state.weibo.store;
  return jsonReply(200, {
    uid: token.uid,
    appkey: Number(store.appKey),
    scope: null,
    create_at: Math.floor(token.createdAt.getTime() / 1000),
    expire_in: Math.floor((token.expiresAt.getTime() - call.state.clock.now().getTime()) / 1000),
  });
}

function handleRevoke(call: Call): SimReply {
  const token = authenticate(call);
  if (!("uid" in token)) return token;
  token.revoked = true;
  return jsonReply(200, { result: "true" });
}

function callOf(request: SimRequest, state: SimState): Call {
  return { request, params: formParams(request), state, endpoint: request.path };
}

function isApiPath(path: string): boolean {
  return path.startsWith("/2/");
}

export const weiboHandler: PlatformHandler = {
  platform: "weibo",
  prefixes: ["/weibo"],

  handle(request, state) {
    const call = callOf(request, state);
    switch (request.path) {
      case "/oauth2/authorize":
        return handleAuthorize(call);
      case "/oauth2/access_token":
        return handleAccessToken(call);
      case "/oauth2/get_token_info":
        return handleTokenInfo(call);
      case "/oauth2/revokeoauth2":
        return handleRevoke(call);
    }
    const route = ROUTES[request.path];
    if (!route) return weiboError(400, 10020, `Request Api not found!`, request.path);
    if (route.method === "POST" && request.method !== "POST") {
      return weiboError(400, 10021, "HTTP method is not suported for this request!", call.endpoint);
    }
    if (!route.auth) return route.run(call, null);
    const token = authenticate(call);
    if (!("uid" in token)) return token;
    if (request.path !== "/2/account/rate_limit_status.json") {
      const limited = consumeQuota(call, token);
      if (limited) return limited;
    }
    return route.run(call, token);
  },

  faultReply(fault: FaultName, options: FaultOptions, request: SimRequest) {
    if (!isApiPath(request.path)) return null;
    if (fault === "token_expired") return weiboError(400, 21327, "expired_token", request.path);
    if (fault === "rate_limit") {
      const code = options.code ?? 10023;
      const api = request.path.replace(/^\/2\//, "").replace(/\.json$/, "");
      const error =
        code === 10024
          ? `User requests for (${api}) out of rate limit!`
          : code === 10022
            ? "IP requests out of rate limit!"
            : "User requests out of rate limit!";
      return weiboError(403, code, error, request.path);
    }
    return null;
  },

  malform(reply, options, request) {
    switch (options.variant) {
      case "string_error_code":
        // A 2011-era wiki shows error_code as a string.
        return jsonReply(500, { error: "system error!", error_code: "10001", request: request.path });
      case "user_null":
        return { ...reply, body: String(reply.body).replace(/"user":\{/, '"user":null,"_user":{') };
      default:
        return truncateReply(reply);
    }
  },

  mislabel(reply) {
    return { ...reply, headers: { ...reply.headers, "content-type": "text/html; charset=GBK" } };
  },
};
