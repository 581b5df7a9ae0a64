import { formatWeiboDate } from "../china-time.ts";
import type { WeiboComment, WeiboStatus, WeiboStore, WeiboUser } from "./weibo-store.ts";

/** JSON shapes of the Weibo v2 API (reference §1.7, §1.8), built from the store. */

const LONG_TEXT_LIMIT = 140;

export function renderUser(user: WeiboUser): Record<string, unknown> {
  const avatar = `http://tvax${(user.id % 4) + 1}.sinaimg.cn/crop.0.0.512.512.50/${user.avatar}.jpg`;
  return {
    id: user.id,
    idstr: String(user.id),
    class: 1,
    screen_name: user.screenName,
    name: user.screenName,
    province: user.place.province,
    city: user.place.city,
    location: user.place.location,
    description: user.description,
    url: "",
    profile_image_url: avatar,
    profile_url: `u/${user.id}`,
    domain: "",
    weihao: "",
    gender: user.gender,
    followers_count: user.followers,
    friends_count: user.friends,
    statuses_count: user.statuses,
    favourites_count: 0,
    created_at: formatWeiboDate(user.createdAt),
    following: false,
    allow_all_act_msg: true,
    geo_enabled: true,
    verified: user.verified,
    verified_type: user.verifiedType,
    verified_reason: user.verifiedReason,
    allow_all_comment: true,
    avatar_large: avatar.replace(".50/", ".180/"),
    avatar_hd: avatar.replace(".50/", ".1024/"),
    follow_me: false,
    online_status: 0,
    bi_followers_count: Math.min(user.friends, 93),
    lang: "zh-cn",
    mbtype: 0,
    mbrank: 0,
    urank: 21,
  };
}

/** Long posts come back cut short with a 全文 link, as the v2 API serves them. */
function visibleText(status: WeiboStatus): { text: string; isLongText: boolean } {
  const chars = [...status.text];
  if (chars.length <= LONG_TEXT_LIMIT) return { text: status.text, isLongText: false };
  const link = `http://m.weibo.cn/${status.userId ?? 0}/${status.id}`;
  return { text: `${chars.slice(0, LONG_TEXT_LIMIT - 6).join("")}...全文： ${link}`, isLongText: true };
}

function renderDeleted(status: WeiboStatus): Record<string, unknown> {
  return {
    created_at: formatWeiboDate(status.createdAt),
    id: status.id,
    idstr: String(status.id),
    mid: String(status.id),
    text: "抱歉，此微博已被作者删除。查看帮助：http://t.cn/Rfd3rQV",
    deleted: "1",
    user: null,
    reposts_count: 0,
    comments_count: 0,
    attitudes_count: 0,
  };
}

export function renderStatus(store: WeiboStore, status: WeiboStatus, nested = false): Record<string, unknown> {
  if (status.deleted) return renderDeleted(status);
  const user = status.userId === null ? undefined : store.users.get(status.userId);
  const { text, isLongText } = visibleText(status);
  const pics = status.pics.map((p) => ({
    thumbnail_pic: `http://wx${(status.id % 4) + 1}.sinaimg.cn/thumbnail/${p}.jpg`,
  }));
  const firstPic = status.pics[0];
  const picUrl = (size: string): string | undefined =>
    firstPic ? `http://wx${(status.id % 4) + 1}.sinaimg.cn/${size}/${firstPic}.jpg` : undefined;
  const rendered: Record<string, unknown> = {
    created_at: formatWeiboDate(status.createdAt),
    id: status.id,
    idstr: String(status.id),
    mid: String(status.id),
    can_edit: false,
    text,
    textLength: [...status.text].length * 2,
    source_allowclick: 0,
    source_type: 1,
    source: status.source,
    favorited: false,
    truncated: false,
    in_reply_to_status_id: "",
    in_reply_to_user_id: "",
    in_reply_to_screen_name: "",
    pic_urls: pics,
    thumbnail_pic: picUrl("thumbnail"),
    bmiddle_pic: picUrl("bmiddle"),
    original_pic: picUrl("large"),
    geo: status.geo ? { type: "Point", coordinates: status.geo } : null,
    user: user ? renderUser(user) : null,
    annotations: [{ mapi_request: true }],
    reposts_count: status.reposts,
    comments_count: store.commentsOn(status.id).length,
    attitudes_count: status.attitudes,
    pending_approval_count: 0,
    isLongText,
    mlevel: 0,
    visible: { type: 0, list_id: 0 },
    biz_feature: 0,
    rid: `0_0_1_${status.id}_0_0`,
  };
  if (firstPic === undefined) {
    delete rendered.thumbnail_pic;
    delete rendered.bmiddle_pic;
    delete rendered.original_pic;
  }
  if (status.retweetedId !== null && !nested) {
    const original = store.statuses.get(status.retweetedId);
    if (original) rendered.retweeted_status = renderStatus(store, original, true);
  }
  return rendered;
}

function renderCommentCore(store: WeiboStore, comment: WeiboComment): Record<string, unknown> {
  const user = store.users.get(comment.userId);
  return {
    created_at: formatWeiboDate(comment.createdAt),
    id: comment.id,
    rootid: comment.rootId,
    floor_number: comment.replyToId === null ? floorOf(store, comment) : 0,
    text: comment.text,
    disable_reply: 0,
    source_allowclick: 0,
    source_type: 1,
    source: comment.source,
    user: user ? renderUser(user) : null,
    mid: String(comment.id),
    idstr: String(comment.id),
    like_count: comment.likes,
  };
}

function floorOf(store: WeiboStore, comment: WeiboComment): number {
  const roots = store
    .commentsOn(comment.statusId)
    .filter((c) => c.replyToId === null)
    .reverse();
  return roots.findIndex((c) => c.id === comment.id) + 1;
}

export function renderComment(store: WeiboStore, comment: WeiboComment, withStatus = true): Record<string, unknown> {
  const rendered = renderCommentCore(store, comment);
  const status = store.statuses.get(comment.statusId);
  if (withStatus && status) rendered.status = renderStatus(store, status);
  if (comment.replyToId !== null) {
    const parent = store.comments.get(comment.replyToId);
    if (parent) rendered.reply_comment = renderCommentCore(store, parent);
    if (comment.replyOriginalText !== null) rendered.reply_original_text = comment.replyOriginalText;
  }
  return rendered;
}
