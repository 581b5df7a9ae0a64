import type { Random } from "../random.ts";
import type { Place } from "../seed/people.ts";

export interface WeiboUser {
  id: number;
  screenName: string;
  place: Place;
  gender: "m" | "f";
  description: string;
  followers: number;
  friends: number;
  statuses: number;
  createdAt: Date;
  verified: boolean;
  verifiedType: number;
  verifiedReason: string;
  /** the hex part of the avatar URL */
  avatar: string;
}

export interface WeiboStatus {
  id: number;
  createdAt: Date;
  text: string;
  /** null only for a deleted original, which Weibo serves with `user: null` */
  userId: number | null;
  deleted: boolean;
  source: string;
  pics: string[];
  retweetedId: number | null;
  geo: [number, number] | null;
  reposts: number;
  attitudes: number;
}

export interface WeiboComment {
  id: number;
  createdAt: Date;
  /** as shown, including a "回复@name:" prefix on replies */
  text: string;
  userId: number;
  statusId: number;
  /** the comment this one replies to */
  replyToId: number | null;
  /** the thread's root comment (itself for a top-level comment) */
  rootId: number;
  source: string;
  likes: number;
  /** the reply text without the "回复@name:" prefix */
  replyOriginalText: string | null;
}

export interface WeiboToken {
  token: string;
  uid: number;
  createdAt: Date;
  expiresAt: Date;
  revoked: boolean;
}

export interface WeiboAuthCode {
  redirectUri: string;
  used: boolean;
}

/** Weibo ids are int64 mids near 4.9e15 that grow with time: below 2^53, but close enough to tempt bugs. */
const FIRST_ID = 4_986_000_000_000_000;

/** The Weibo side of the simulated world: one authorised account (`me`), other users, statuses and comments. */
export class WeiboStore {
  readonly users = new Map<number, WeiboUser>();
  readonly statuses = new Map<number, WeiboStatus>();
  readonly comments = new Map<number, WeiboComment>();
  readonly tokens = new Map<string, WeiboToken>();
  readonly codes = new Map<string, WeiboAuthCode>();
  /** texts this account already posted, for 20019 "repeat content!" */
  readonly postedTexts = new Set<string>();
  /** calls per token per hour, for the hourly quota */
  readonly hourlyCalls = new Map<string, number>();
  private lastId = FIRST_ID;

  constructor(
    readonly me: WeiboUser,
    readonly appKey: string,
    readonly appSecret: string,
    private readonly random: Random,
  ) {
    this.users.set(me.id, me);
  }

  /** The next id, strictly above every id handed out so far. */
  nextId(): number {
    this.lastId += this.random.int(20_000_000, 900_000_000);
    return this.lastId;
  }

  mentionsMe(text: string): boolean {
    return text.includes(`@${this.me.screenName}`);
  }

  /** Statuses by others that @ the account. */
  mentions(): WeiboStatus[] {
    return this.sorted(
      [...this.statuses.values()].filter((s) => !s.deleted && s.userId !== this.me.id && this.mentionsMe(s.text)),
    );
  }

  timeline(): WeiboStatus[] {
    return this.sorted([...this.statuses.values()].filter((s) => s.userId === this.me.id));
  }

  commentsOn(statusId: number): WeiboComment[] {
    return this.sorted([...this.comments.values()].filter((c) => c.statusId === statusId));
  }

  /** Comments received: on the account's statuses, or replying to its comments. */
  commentsToMe(): WeiboComment[] {
    const meId = this.me.id;
    return this.sorted(
      [...this.comments.values()].filter((c) => {
        if (c.userId === meId) return false;
        if (this.statuses.get(c.statusId)?.userId === meId) return true;
        return c.replyToId !== null && this.comments.get(c.replyToId)?.userId === meId;
      }),
    );
  }

  /** Comments by others that @ the account. */
  commentMentions(): WeiboComment[] {
    return this.sorted([...this.comments.values()].filter((c) => c.userId !== this.me.id && this.mentionsMe(c.text)));
  }

  commentsByMe(): WeiboComment[] {
    return this.sorted([...this.comments.values()].filter((c) => c.userId === this.me.id));
  }

  addStatus(status: WeiboStatus): void {
    this.statuses.set(status.id, status);
  }

  addComment(comment: WeiboComment): void {
    this.comments.set(comment.id, comment);
  }

  /** Newest first, as every Weibo list is. */
  private sorted<T extends { id: number }>(items: T[]): T[] {
    return items.sort((a, b) => b.id - a.id);
  }
}
