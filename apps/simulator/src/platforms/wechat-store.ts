import type { Random } from "../random.ts";

/** One message or event a follower sends, waiting in the push queue until the hub acknowledges it. */
export interface WechatInbound {
  /** MsgId as a decimal string (it exceeds 2^53); null for events, which have none */
  msgId: string | null;
  openid: string;
  msgType: "text" | "image" | "voice" | "location" | "event";
  /** further XML fields in order: Content, PicUrl, Event, … */
  fields: [string, string][];
  /** CreateTime (unix seconds), fixed at the first delivery attempt so retries and re-deliveries agree */
  createTime: number | null;
}

export interface WechatNewsItem {
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  thumb_media_id: string;
  need_open_comment: number;
  only_fans_can_comment: number;
  url: string;
}

export interface WechatArticle {
  articleId: string;
  /** what the comment APIs take: the `mid` in the article URL */
  msgDataId: number;
  createTime: number;
  updateTime: number;
  newsItems: WechatNewsItem[];
}

export interface WechatComment {
  msgDataId: number;
  index: number;
  userCommentId: number;
  /** absent for commenters without a WeChat identity */
  openid: string | null;
  createTime: number;
  content: string;
  /** 1 = elected (精选) */
  commentType: 0 | 1;
  reply: { content: string; create_time: number } | null;
}

export interface WechatAccessToken {
  value: string;
  expiresAtMs: number;
}

export interface WechatDraft {
  mediaId: string;
  articles: WechatNewsItem[];
}

export interface WechatPublishJob {
  publishId: string;
  msgDataId: number;
  mediaId: string;
  polls: number;
  articleId: string | null;
}

export interface WechatInteraction {
  /** when the follower last wrote (ms on the simulator clock) */
  atMs: number;
  /** customer-service messages sent since */
  sends: number;
}

/** The WeChat official account: credentials, followers, the push queue, published articles and their comments. */
export class WechatStore {
  readonly pending: WechatInbound[] = [];
  readonly delivered: WechatInbound[] = [];
  readonly lastInteraction = new Map<string, WechatInteraction>();
  /** newest first, as freepublish/batchget lists them */
  readonly articles: WechatArticle[] = [];
  readonly comments: WechatComment[] = [];
  readonly drafts = new Map<string, WechatDraft>();
  readonly publishJobs = new Map<string, WechatPublishJob>();
  /** permanent media ids (thumbs) the account owns */
  readonly materials = new Set<string>();
  currentToken: WechatAccessToken | null = null;
  /** tokens replaced by a newer one: "not latest" */
  readonly retiredTokens = new Set<string>();
  private lastMsgId: bigint;
  private lastMsgDataId = 2247483700;
  private lastPublishId = 2247483800;

  constructor(
    readonly appId: string,
    readonly appSecret: string,
    /** the callback signing token (not an access token) */
    readonly token: string,
    readonly encodingAesKey: string,
    readonly originalId: string,
    readonly thumbMediaId: string,
    /** `__biz` of the account, in article URLs */
    readonly biz: string,
    readonly followers: readonly string[],
    private readonly random: Random,
  ) {
    this.materials.add(thumbMediaId);
    this.lastMsgId = 24_537_311_008_000_000n + BigInt(random.int(0, 999_999));
  }

  nextMsgId(): string {
    this.lastMsgId += BigInt(this.random.int(1_000, 90_000_000));
    return this.lastMsgId.toString();
  }

  nextMsgDataId(): number {
    this.lastMsgDataId += this.random.int(1, 9);
    return this.lastMsgDataId;
  }

  nextPublishId(): string {
    this.lastPublishId += this.random.int(1, 9);
    return String(this.lastPublishId);
  }

  articleUrl(msgDataId: number, index: number): string {
    return `https://mp.weixin.qq.com/s?__biz=${this.biz}&mid=${msgDataId}&idx=${index + 1}&sn=${this.random.hex(32)}&chksm=${this.random.hex(16)}#rd`;
  }

  commentsOn(msgDataId: number, index: number): WechatComment[] {
    return this.comments
      .filter((c) => c.msgDataId === msgDataId && c.index === index)
      .sort((a, b) => a.userCommentId - b.userCommentId);
  }

  findArticle(msgDataId: number): WechatArticle | undefined {
    return this.articles.find((a) => a.msgDataId === msgDataId);
  }
}
