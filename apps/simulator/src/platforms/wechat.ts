import { z } from "zod";
import type { FaultName, FaultOptions } from "../faults.ts";
import { isRecord, jsonBody, jsonReply, notFound, type SimReply, type SimRequest } from "../http-kit.ts";
import { type PlatformHandler, truncateReply } from "../platform-handler.ts";
import type { SimState } from "../state.ts";
import type { WechatArticle, WechatComment, WechatNewsItem } from "./wechat-store.ts";

/**
 * The WeChat official-account API under `/wechat` (reference §2): rotating access tokens, customer-service messages
 * with the 48-hour rule, draft → freepublish, the published list and comments. API errors are HTTP 200 with errcode.
 */

const TOKEN_LIFETIME_S = 7200;
const WINDOW_MS = 48 * 3600 * 1000;
/** customer-service messages allowed per follower message */
const SENDS_PER_WINDOW = 20;
const MAX_COMMENT_COUNT = 50;
const MAX_BATCH_COUNT = 20;
/** freepublish/get says "publishing" this many times before success */
const PUBLISHING_POLLS = 2;

interface Call {
  request: SimRequest;
  state: SimState;
  body: Record<string, unknown>;
}

/** A JSON reply of the kind WeChat sends, with its odd content type. */
function wxJson(value: unknown): SimReply {
  return jsonReply(200, value, "application/json; encoding=utf-8");
}

/** Suffixes differ between error vintages; adapters must match on errcode only. */
function rid(call: { state: SimState }): string {
  const r = call.state.random;
  return ` rid: ${r.hex(8)}-${r.hex(8)}-${r.hex(8)}`;
}

function hint(call: { state: SimState }): string {
  return ` hint: [${call.state.random.alnum(10)}!]`;
}

function wxError(errcode: number, errmsg: string): SimReply {
  return wxJson({ errcode, errmsg });
}

function ok(extra: Record<string, unknown> = {}): SimReply {
  return wxJson({ errcode: 0, errmsg: "ok", ...extra });
}

function record(call: Call, endpoint: string, params: Record<string, unknown>, remoteId: string | null): void {
  call.state.record.add({ platform: "wechat", endpoint, params, at: call.state.clock.now().toISOString(), remoteId });
}

function issueToken(state: SimState): { access_token: string; expires_in: number } {
  const store = state.wechat;
  if (store.currentToken) store.retiredTokens.add(store.currentToken.value);
  const value = `${state.random.int(80, 89)}_${state.random.alnum(120)}`;
  store.currentToken = { value, expiresAtMs: state.clock.now().getTime() + TOKEN_LIFETIME_S * 1000 };
  return { access_token: value, expires_in: TOKEN_LIFETIME_S };
}

function checkCredentials(call: Call, appid: unknown, secret: unknown, grantType: unknown): SimReply | null {
  const store = call.state.wechat;
  if (grantType !== "client_credential") return wxError(40002, `invalid grant_type${rid(call)}`);
  if (appid !== store.appId) return wxError(40013, `invalid appid${rid(call)}`);
  if (secret !== store.appSecret) return wxError(40125, `invalid appsecret${rid(call)}`);
  return null;
}

/** cgi-bin/token: each call issues a new token and the previous one stops working. */
function handleToken(call: Call): SimReply {
  const q = call.request.url.searchParams;
  const denied = checkCredentials(call, q.get("appid"), q.get("secret"), q.get("grant_type"));
  return denied ?? wxJson(issueToken(call.state));
}

/** cgi-bin/stable_token: returns the current token unless force_refresh is set. */
function handleStableToken(call: Call): SimReply {
  const b = call.body;
  const denied = checkCredentials(call, b.appid, b.secret, b.grant_type);
  if (denied) return denied;
  const current = call.state.wechat.currentToken;
  const nowMs = call.state.clock.now().getTime();
  if (current && b.force_refresh !== true && current.expiresAtMs > nowMs) {
    return wxJson({ access_token: current.value, expires_in: Math.floor((current.expiresAtMs - nowMs) / 1000) });
  }
  return wxJson(issueToken(call.state));
}

function checkAccessToken(call: Call): SimReply | null {
  const value = call.request.url.searchParams.get("access_token");
  const store = call.state.wechat;
  if (!value) return wxError(41001, `access_token missing${rid(call)}`);
  if (!/^[\w-]+$/.test(value)) return wxError(40014, `invalid access_token${rid(call)}`);
  const current = store.currentToken;
  if (!current || current.value !== value) {
    return wxError(40001, `invalid credential, access_token is invalid or not latest${hint(call)}`);
  }
  if (call.state.clock.now().getTime() >= current.expiresAtMs)
    return wxError(42001, `access_token expired${hint(call)}`);
  return null;
}

const CustomSendSchema = z.object({
  touser: z.string().min(1),
  msgtype: z.enum([
    "text",
    "image",
    "voice",
    "video",
    "music",
    "news",
    "mpnews",
    "mpnewsarticle",
    "msgmenu",
    "wxcard",
    "miniprogrampage",
  ]),
  text: z.object({ content: z.string() }).optional(),
});

/** message/custom/send: only within 48 hours of the follower's last message, and so many times per window. */
function handleCustomSend(call: Call): SimReply {
  const parsed = CustomSendSchema.safeParse(call.body);
  if (!parsed.success) {
    if (typeof call.body.touser !== "string") return wxError(40003, `invalid openid${rid(call)}`);
    return wxError(40008, `invalid message type${rid(call)}`);
  }
  const message = parsed.data;
  const store = call.state.wechat;
  if (!store.followers.includes(message.touser)) return wxError(40003, `invalid openid${rid(call)}`);
  if (message.msgtype === "text" && !message.text?.content) return wxError(44004, `empty content${rid(call)}`);
  const last = store.lastInteraction.get(message.touser);
  const nowMs = call.state.clock.now().getTime();
  if (!last || nowMs - last.atMs > WINDOW_MS) {
    return wxError(45015, `response out of time limit or subscription is canceled${hint(call)}`);
  }
  if (last.sends >= SENDS_PER_WINDOW) return wxError(45047, `out of response count limit${rid(call)}`);
  last.sends++;
  const msgId = store.nextMsgId();
  record(
    call,
    "/cgi-bin/message/custom/send",
    { touser: message.touser, msgtype: message.msgtype, content: message.text?.content ?? null, body: call.body },
    msgId,
  );
  return ok();
}

const NewsItemSchema = z.object({
  title: z.string().min(1),
  author: z.string().optional(),
  digest: z.string().optional(),
  content: z.string().min(1),
  content_source_url: z.string().optional(),
  thumb_media_id: z.string().optional(),
  need_open_comment: z.number().optional(),
  only_fans_can_comment: z.number().optional(),
});

function handleDraftAdd(call: Call): SimReply {
  const parsed = z.object({ articles: z.array(NewsItemSchema).min(1).max(8) }).safeParse(call.body);
  if (!parsed.success) return wxError(47001, `data format error${rid(call)}`);
  const store = call.state.wechat;
  // A draft's cover must be a permanent material the account owns.
  if (parsed.data.articles.some((a) => !a.thumb_media_id || !store.materials.has(a.thumb_media_id))) {
    return wxError(40007, `invalid media_id${rid(call)}`);
  }
  const mediaId = `${call.state.random.alnum(43)}`;
  const articles: WechatNewsItem[] = parsed.data.articles.map((a) => ({
    title: a.title,
    author: a.author ?? "",
    digest: a.digest ?? "",
    content: a.content,
    content_source_url: a.content_source_url ?? "",
    thumb_media_id: a.thumb_media_id ?? "",
    need_open_comment: a.need_open_comment ?? 0,
    only_fans_can_comment: a.only_fans_can_comment ?? 0,
    url: "",
  }));
  store.drafts.set(mediaId, { mediaId, articles });
  return wxJson({ media_id: mediaId });
}

/** Permanent material upload: the body (multipart) is not inspected; a media id comes back. */
function handleAddMaterial(call: Call): SimReply {
  const mediaId = call.state.random.alnum(43);
  call.state.wechat.materials.add(mediaId);
  return wxJson({
    media_id: mediaId,
    url: `http://mmbiz.qpic.cn/mmbiz_jpg/${call.state.random.alnum(40)}/0?wx_fmt=jpeg`,
  });
}

function handleUploadImg(call: Call): SimReply {
  return wxJson({ url: `http://mmbiz.qpic.cn/mmbiz_jpg/${call.state.random.alnum(40)}/0` });
}

function handleSubmit(call: Call): SimReply {
  const store = call.state.wechat;
  const mediaId = call.body.media_id;
  const draft = typeof mediaId === "string" ? store.drafts.get(mediaId) : undefined;
  if (!draft) return wxError(40007, `invalid media_id${rid(call)}`);
  const job = {
    publishId: store.nextPublishId(),
    msgDataId: store.nextMsgDataId(),
    mediaId: draft.mediaId,
    polls: 0,
    articleId: null,
  };
  store.publishJobs.set(job.publishId, job);
  record(
    call,
    "/cgi-bin/freepublish/submit",
    {
      media_id: draft.mediaId,
      publish_id: job.publishId,
      msg_data_id: job.msgDataId,
      titles: draft.articles.map((a) => a.title),
    },
    String(job.msgDataId),
  );
  // SDKs disagree on the types; the simulator sends publish_id as a string and msg_data_id as a number.
  return ok({ publish_id: job.publishId, msg_data_id: job.msgDataId });
}

/** freepublish/get: "publishing" for the first polls, then success; the article is listed from then on. */
function handleGetPublish(call: Call): SimReply {
  const store = call.state.wechat;
  const job = store.publishJobs.get(String(call.body.publish_id ?? ""));
  if (!job) return wxError(40007, `invalid publish_id${rid(call)}`);
  job.polls++;
  if (job.polls <= PUBLISHING_POLLS) return wxJson({ publish_id: job.publishId, publish_status: 1, fail_idx: [] });
  if (!job.articleId) {
    const draft = store.drafts.get(job.mediaId);
    const nowS = call.state.clock.nowSeconds();
    const article: WechatArticle = {
      articleId: call.state.random.alnum(64),
      msgDataId: job.msgDataId,
      createTime: nowS,
      updateTime: nowS,
      newsItems: (draft?.articles ?? []).map((a, index) => ({ ...a, url: store.articleUrl(job.msgDataId, index) })),
    };
    store.articles.unshift(article);
    job.articleId = article.articleId;
  }
  const article = store.articles.find((a) => a.articleId === job.articleId);
  return wxJson({
    publish_id: job.publishId,
    publish_status: 0,
    article_id: job.articleId,
    article_detail: {
      count: article?.newsItems.length ?? 0,
      item: (article?.newsItems ?? []).map((n, i) => ({ idx: i + 1, article_url: n.url })),
    },
    fail_idx: [],
  });
}

function renderNewsItem(item: WechatNewsItem, withContent: boolean): Record<string, unknown> {
  const rendered: Record<string, unknown> = { ...item, show_cover_pic: 1, is_deleted: false };
  if (!withContent) delete rendered.content;
  return rendered;
}

function intField(value: unknown, fallback: number): number | null {
  if (value === undefined) return fallback;
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) ? n : null;
}

/** freepublish/batchget: offset/count (1–20) paging, newest first. */
function handleBatchGet(call: Call): SimReply {
  const offset = intField(call.body.offset, 0);
  const count = intField(call.body.count, MAX_BATCH_COUNT);
  if (offset === null || count === null || offset < 0 || count < 1 || count > MAX_BATCH_COUNT) {
    return wxError(40035, `invalid args${hint(call)}`);
  }
  const store = call.state.wechat;
  const page = store.articles.slice(offset, offset + count);
  const listed = call.state.faults.fire("wechat", "duplicate_delivery") ? page.flatMap((a) => [a, a]) : page;
  const withContent = call.body.no_content !== 1;
  const reply = wxJson({
    total_count: store.articles.length,
    item_count: listed.length,
    item: listed.map((a) => ({
      article_id: a.articleId,
      content: {
        news_item: a.newsItems.map((n) => renderNewsItem(n, withContent)),
        create_time: a.createTime,
        update_time: a.updateTime,
      },
      update_time: a.updateTime,
    })),
  });
  reply.served = {
    platform: "wechat",
    endpoint: "/cgi-bin/freepublish/batchget",
    keys: page.map((a) => a.articleId),
    counted: true,
  };
  return reply;
}

function handleGetArticle(call: Call): SimReply {
  const article = call.state.wechat.articles.find((a) => a.articleId === call.body.article_id);
  if (!article) return wxError(40007, `invalid article_id${rid(call)}`);
  return wxJson({ news_item: article.newsItems.map((n) => renderNewsItem(n, true)) });
}

function commentKey(c: WechatComment): string {
  return `${c.msgDataId}:${c.index}:${c.userCommentId}`;
}

function findMsgData(call: Call): { msgDataId: number; index: number } | SimReply {
  const msgDataId = intField(call.body.msg_data_id, -1);
  const index = intField(call.body.index, 0);
  const article = msgDataId === null ? undefined : call.state.wechat.findArticle(msgDataId);
  if (!article || index === null || index < 0 || index >= article.newsItems.length) {
    return wxError(88001, `msg_data is not exists${rid(call)}`);
  }
  return { msgDataId: article.msgDataId, index };
}

/** comment/list: begin/count with count ≤ 50; type 0 all, 1 normal, 2 elected. */
function handleCommentList(call: Call): SimReply {
  const count = intField(call.body.count, 0);
  if (count === null || count <= 0 || count > MAX_COMMENT_COUNT) {
    return wxError(88010, `count range error. cout <= 0 or count > 50${rid(call)}`);
  }
  const target = findMsgData(call);
  if (!("msgDataId" in target)) return target;
  const begin = intField(call.body.begin, 0) ?? 0;
  const type = intField(call.body.type, 0) ?? 0;
  const all = call.state.wechat
    .commentsOn(target.msgDataId, target.index)
    .filter((c) => type === 0 || (type === 1 ? c.commentType === 0 : c.commentType === 1));
  const page = all.slice(begin, begin + count);
  const listed = call.state.faults.fire("wechat", "duplicate_delivery") ? page.flatMap((c) => [c, c]) : page;
  const reply = ok({
    total: all.length,
    comment: listed.map((c) => {
      const rendered: Record<string, unknown> = {
        user_comment_id: c.userCommentId,
        create_time: c.createTime,
        content: c.content,
        comment_type: c.commentType,
      };
      if (c.openid !== null) rendered.openid = c.openid;
      if (c.reply) rendered.reply = c.reply;
      return rendered;
    }),
  });
  reply.served = { platform: "wechat", endpoint: "/cgi-bin/comment/list", keys: page.map(commentKey), counted: true };
  return reply;
}

function findComment(call: Call): WechatComment | SimReply {
  const target = findMsgData(call);
  if (!("msgDataId" in target)) return target;
  const id = intField(call.body.user_comment_id, -1);
  const comment = call.state.wechat.commentsOn(target.msgDataId, target.index).find((c) => c.userCommentId === id);
  return comment ?? wxError(88008, `comment is not exists${rid(call)}`);
}

function handleReplyAdd(call: Call): SimReply {
  const comment = findComment(call);
  if (!("userCommentId" in comment)) return comment;
  const content = call.body.content;
  if (typeof content !== "string" || content.length === 0 || content.length > 1000) {
    return wxError(88007, `reply content beyond max len or content len is zero${rid(call)}`);
  }
  if (comment.reply) return wxError(88005, `already reply${rid(call)}`);
  comment.reply = { content, create_time: call.state.clock.nowSeconds() };
  record(
    call,
    "/cgi-bin/comment/reply/add",
    { msg_data_id: comment.msgDataId, index: comment.index, user_comment_id: comment.userCommentId, content },
    commentKey(comment),
  );
  return ok();
}

function handleReplyDelete(call: Call): SimReply {
  const comment = findComment(call);
  if (!("userCommentId" in comment)) return comment;
  if (!comment.reply) return wxError(87009, `reply is not exists${rid(call)}`);
  comment.reply = null;
  return ok();
}

const AUTHED_ROUTES: Record<string, (call: Call) => SimReply> = {
  "/cgi-bin/message/custom/send": handleCustomSend,
  "/cgi-bin/draft/add": handleDraftAdd,
  "/cgi-bin/material/add_material": handleAddMaterial,
  "/cgi-bin/media/uploadimg": handleUploadImg,
  "/cgi-bin/freepublish/submit": handleSubmit,
  "/cgi-bin/freepublish/get": handleGetPublish,
  "/cgi-bin/freepublish/batchget": handleBatchGet,
  "/cgi-bin/freepublish/getarticle": handleGetArticle,
  "/cgi-bin/comment/list": handleCommentList,
  "/cgi-bin/comment/reply/add": handleReplyAdd,
  "/cgi-bin/comment/reply/delete": handleReplyDelete,
};

/** Write and list calls take a JSON body; a body that is not JSON is a format error. */
function needsJsonBody(path: string): boolean {
  return path !== "/cgi-bin/material/add_material" && path !== "/cgi-bin/media/uploadimg";
}

export const wechatHandler: PlatformHandler = {
  platform: "wechat",
  prefixes: ["/wechat"],

  handle(request, state) {
    const parsed = jsonBody(request);
    const call: Call = { request, state, body: isRecord(parsed) ? parsed : {} };
    if (request.path === "/cgi-bin/token") return handleToken(call);
    if (request.path === "/cgi-bin/stable_token") return handleStableToken(call);
    const route = AUTHED_ROUTES[request.path];
    if (!route) return notFound();
    const denied = checkAccessToken(call);
    if (denied) return denied;
    if (needsJsonBody(request.path) && request.body.length > 0 && !isRecord(parsed)) {
      return wxError(47001, `data format error${rid(call)}`);
    }
    return route(call);
  },

  faultReply(fault: FaultName, options: FaultOptions, request: SimRequest, state: SimState) {
    const call = { state };
    const isToken = request.path === "/cgi-bin/token" || request.path === "/cgi-bin/stable_token";
    if (fault === "token_expired" && !isToken) return wxError(42001, `access_token expired${hint(call)}`);
    if (fault === "rate_limit") {
      return options.code === 45011
        ? wxError(45011, "api minute-quota reach limit  mustslower  retry next minute")
        : wxError(45009, `reach max api daily quota limit${rid(call)}`);
    }
    return null;
  },

  malform(reply, options) {
    if (options.variant === "control_char") {
      // WeChat has sent raw control characters inside JSON strings, with a text/plain content type.
      const body = String(reply.body)
        .replace(/"errmsg":"ok"/, '"errmsg":"ok\u0001"')
        .replace(/("content":")/, "$1\u0008");
      return { ...reply, headers: { "content-type": "text/plain" }, body };
    }
    return truncateReply(reply);
  },

  mislabel(reply) {
    return { ...reply, headers: { ...reply.headers, "content-type": "text/plain" } };
  },
};
