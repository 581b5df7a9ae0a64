import type { WeiboComment, WeiboStatus, WeiboUser } from "../platforms/weibo-store.ts";
import { WeiboStore } from "../platforms/weibo-store.ts";
import type { Random } from "../random.ts";
import type { TextPool } from "./corpus.ts";
import { GENDERS, NICKNAMES, placeOf, somePlace } from "./people.ts";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export const WEIBO_SOURCES = [
  '<a href="http://app.weibo.com/t/feed/6vtZb0" rel="nofollow">微博 weibo.com</a>',
  '<a href="http://app.weibo.com/t/feed/3G5oUM" rel="nofollow">iPhone客户端</a>',
  '<a href="http://app.weibo.com/t/feed/5yiHuw" rel="nofollow">HUAWEI Mate 60 Pro</a>',
  '<a href="http://app.weibo.com/t/feed/2llosp" rel="nofollow">小米14</a>',
  '<a href="http://app.weibo.com/t/feed/c66T5g" rel="nofollow">OPPO Reno11</a>',
];

/** What the League account itself posted: announcements its followers comment under. */
const OWN_STATUSES = [
  "【招募】2025年大学生志愿服务西部计划报名开始啦！有意向的同学可以在本条微博下留言提问，我们会逐一解答。详情戳→ http://t.cn/A6hQv9Zx",
  "#青年之声# 毕业季求职防骗提醒：凡是先交钱再培训、“培训贷”包就业的，一律要提高警惕！遇到问题可以留言或拨打12355。",
  "【就业】广东省2025年高校毕业生“三支一扶”计划开始报名，报名时间、岗位表见链接 http://t.cn/A6hR2kLm 有疑问评论区见[微笑]",
  "心里有事别硬扛。12355青少年服务台提供免费心理咨询和法律援助，工作日9:00-21:00都有人接听。#青少年心理健康#",
  "【青年之声】你在学习、就业、权益、情感方面遇到的烦恼，都可以@广东共青团 留言，我们会转给对应的团组织和专家来回答。",
  "五四青年节快乐！今天在广州青年文化宫举办的“青春志愿行”活动现场，来了两千多名志愿者\u200B [鼓掌][鼓掌]",
];

/** Replies the account already sent before the simulator started, so comments/by_me is not empty. */
const OWN_REPLIES = [
  "同学你好，西部计划报名入口在官网 http://t.cn/A6hQv9Zx ，有问题可以拨打12355咨询。",
  "已收到，我们已把你的情况转给当地团委，请留意私信。",
];

const EMOTICONS = ["[微笑]", "[泪]", "[抓狂]", "[心]", "[哈哈]", "[允悲]"];

export interface WeiboSeedResult {
  store: WeiboStore;
  validToken: string;
  expiredToken: string;
  revokedToken: string;
}

interface Pending {
  createdAt: Date;
  assign(id: number): void;
}

/** Builds the seeded Weibo world: the League account, its followers' @-mentions, comments and threads. */
export function seedWeibo(random: Random, pool: TextPool, anchor: Date): WeiboSeedResult {
  const at = (msAgo: number): Date => new Date(anchor.getTime() - msAgo);
  const me: WeiboUser = {
    id: 3937348351,
    screenName: "广东共青团",
    place: { location: "广东 广州", province: "44", city: "1" },
    gender: "m",
    description: "共青团广东省委员会官方微博，青年之声·广东",
    followers: 1_283_466,
    friends: 512,
    statuses: 28_417,
    createdAt: new Date("2013-11-05T02:11:09Z"),
    verified: true,
    verifiedType: 1,
    verifiedReason: "共青团广东省委员会官方微博",
    avatar: random.hex(32),
  };
  const store = new WeiboStore(me, String(random.int(1_000_000_000, 3_999_999_999)), random.hex(32), random);

  let nickname = 0;
  const makeUser = (region: string | null, city: string | null): WeiboUser => {
    const place = region ? placeOf(region, city, random) : somePlace(random);
    const user: WeiboUser = {
      id: random.int(1_700_000_000, 7_999_999_999),
      screenName: NICKNAMES[nickname++ % NICKNAMES.length] ?? "微博用户",
      place,
      gender: random.pick(GENDERS),
      description: random.chance(0.5) ? "" : random.pick(["认真生活", "在读研究生", "社畜一枚", "热爱旅行", "考公人"]),
      followers: random.int(12, 2400),
      friends: random.int(30, 600),
      statuses: random.int(20, 3000),
      createdAt: at(random.int(300, 3000) * DAY),
      verified: false,
      verifiedType: -1,
      verifiedReason: "",
      avatar: random.hex(32),
    };
    store.users.set(user.id, user);
    return user;
  };

  const pending: Pending[] = [];
  const newStatus = (
    createdAt: Date,
    text: string,
    userId: number | null,
    extra: Partial<WeiboStatus> = {},
  ): WeiboStatus => {
    const status: WeiboStatus = {
      id: 0,
      createdAt,
      text,
      userId,
      deleted: false,
      source: random.pick(WEIBO_SOURCES),
      pics: [],
      retweetedId: null,
      geo: null,
      reposts: random.int(0, 40),
      attitudes: random.int(0, 300),
      ...extra,
    };
    pending.push({
      createdAt,
      assign: (id) => {
        status.id = id;
      },
    });
    return status;
  };
  const newComment = (
    createdAt: Date,
    text: string,
    userId: number,
    status: WeiboStatus,
    replyTo: WeiboComment | null,
  ): WeiboComment => {
    const comment: WeiboComment = {
      id: 0,
      createdAt,
      text,
      userId,
      statusId: 0,
      replyToId: null,
      rootId: 0,
      source: random.pick(WEIBO_SOURCES),
      likes: random.int(0, 30),
      replyOriginalText: null,
    };
    // ids are only known after sorting by time, so links are resolved in assign().
    pending.push({
      createdAt,
      assign: (id) => {
        comment.id = id;
        comment.statusId = status.id;
        comment.replyToId = replyTo ? replyTo.id : null;
        comment.rootId = replyTo ? replyTo.rootId : id;
      },
    });
    return comment;
  };
  const statuses: WeiboStatus[] = [];
  const comments: WeiboComment[] = [];
  const commentStatus = new Map<WeiboComment, WeiboStatus>();
  const later = (after: Date, maxMs: number): Date =>
    new Date(Math.min(after.getTime() + random.int(5 * 60_000, maxMs), anchor.getTime() - 60_000));

  // The account's own statuses, oldest first.
  const ownAges = [6.5, 5, 3.6, 2.2, 1.1, 0.3];
  const own = OWN_STATUSES.map((text, i) =>
    newStatus(at((ownAges[i] ?? 1) * DAY), text, me.id, {
      source: '<a href="http://app.weibo.com/t/feed/1tqBja" rel="nofollow">微博网页版</a>',
      reposts: random.int(50, 900),
      attitudes: random.int(200, 5000),
      pics: i % 2 === 0 ? [random.hex(32)] : [],
    }),
  );
  statuses.push(...own);

  // Followers' comments under them; every fifth one replies to an earlier comment in the same thread.
  const ownComments: WeiboComment[] = [];
  for (let i = 0; i < 18; i++) {
    const post = pool.take("weibo");
    const user = makeUser(post.region, post.city);
    const status = own[i % own.length] as WeiboStatus;
    const earlier = ownComments.filter((c) => commentStatus.get(c) === status);
    const parent = i % 5 === 4 ? earlier[earlier.length - 1] : undefined;
    const after = parent ? parent.createdAt : status.createdAt;
    const createdAt = later(after, 20 * HOUR);
    const parentUser = parent ? store.users.get(parent.userId) : undefined;
    const text = parentUser ? `回复@${parentUser.screenName}:${post.text}` : post.text;
    const comment = newComment(createdAt, text, user.id, status, parent ?? null);
    if (parentUser) comment.replyOriginalText = post.text;
    commentStatus.set(comment, status);
    ownComments.push(comment);
  }
  comments.push(...ownComments);

  // The account's own replies, already sent.
  for (const [i, text] of OWN_REPLIES.entries()) {
    const parent = ownComments[i * 5] as WeiboComment;
    const status = commentStatus.get(parent) as WeiboStatus;
    const parentUser = store.users.get(parent.userId) as WeiboUser;
    const reply = newComment(
      later(parent.createdAt, 6 * HOUR),
      `回复@${parentUser.screenName}:${text}`,
      me.id,
      status,
      parent,
    );
    reply.replyOriginalText = text;
    comments.push(reply);
  }

  // Statuses that @ the account, with the oddities real timelines carry.
  const deletedOriginal = newStatus(at(7.5 * DAY), "", null, { deleted: true });
  const visibleAuthor = makeUser(null, null);
  const visibleOriginal = newStatus(at(7.2 * DAY), pool.take("weibo").text, visibleAuthor.id);
  statuses.push(deletedOriginal, visibleOriginal);
  const mention = `@${me.screenName}`;
  for (let i = 0; i < 24; i++) {
    const post = pool.take("weibo");
    const user = makeUser(post.region, post.city);
    const createdAt = at(7 * DAY - i * 6.5 * HOUR - random.int(0, 3 * HOUR));
    let text = i % 2 === 0 ? `${post.text} ${mention}` : `${mention} ${post.text}`;
    const extra: Partial<WeiboStatus> = {};
    if (i === 0) text = `${post.text} ${mention}\u200B`;
    if (i === 2 || i === 11) text = `${text}${random.pick(EMOTICONS)}`;
    if (i === 3) text = `${text} 相关报道 http://t.cn/A6${random.alnum(6)}`;
    if (i === 4) {
      text = `${post.text} ${mention} 原微博怎么没了？`;
      extra.retweetedId = -1;
    }
    if (i === 5) {
      text = `${mention} ${post.text} //@${visibleAuthor.screenName}:同问`;
      extra.retweetedId = -2;
    }
    if (i === 6 || i === 15) extra.pics = [random.hex(32), random.hex(32)];
    if (i === 7) extra.geo = [23.18619, 113.24707];
    statuses.push(newStatus(createdAt, text, user.id, extra));
  }

  // Comments that @ the account under other people's statuses.
  for (let s = 0; s < 4; s++) {
    const post = pool.take("weibo");
    const author = makeUser(post.region, post.city);
    const status = newStatus(at((6 - s * 1.3) * DAY), post.text, author.id);
    statuses.push(status);
    for (let c = 0; c < 2; c++) {
      const reply = pool.take("weibo");
      const user = makeUser(reply.region, reply.city);
      const text = c === 0 ? `${mention} ${reply.text}` : `${reply.text} ${mention} 帮忙看看`;
      comments.push(newComment(later(status.createdAt, 30 * HOUR), text, user.id, status, null));
    }
  }

  // Ids grow with time, as real mids do; comments follow their statuses.
  pending.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const item of pending) item.assign(store.nextId());
  for (const status of statuses) {
    if (status.retweetedId === -1) status.retweetedId = deletedOriginal.id;
    if (status.retweetedId === -2) status.retweetedId = visibleOriginal.id;
    store.addStatus(status);
  }
  for (const comment of comments) store.addComment(comment);

  const token = (expiresAt: Date, revoked: boolean): string => {
    const value = `2.00${random.alnum(28)}`;
    store.tokens.set(value, { token: value, uid: me.id, createdAt: at(30 * DAY), expiresAt, revoked });
    return value;
  };
  return {
    store,
    // An app developer's own account gets a five-year token.
    validToken: token(new Date(anchor.getTime() + 5 * 365 * DAY), false),
    expiredToken: token(at(DAY), false),
    revokedToken: token(new Date(anchor.getTime() + 5 * 365 * DAY), true),
  };
}
