/**
 * Channel policy for publishing, in one table keyed by channel kind. Adapters own transport (how a message is
 * sent); how an answer must look on a channel and which route a reply takes are editorial policy, decided
 * before anything reaches the outbox, so they live here. Each entry says why the channel differs from the
 * default. A channel not listed gets the default: plain text counted by characters, the adapter's maxLength.
 */
import type { ItemKind } from "@qnzs/adapters/contract";
import type { PublishKind } from "./targets.ts";

/** How a platform counts the length of a text. */
export interface LengthRule {
  /** weight of one character (a code point) */
  char(char: string): number;
  /** weight of a link, whatever its written length */
  link(url: string): number;
}

/** What an HTML body may contain besides the fixed tag list (html.ts). */
export interface HtmlPolicy {
  /** hosts images may come from (a host or its subdomains); none: images are left out, their alt text kept */
  imageHosts: readonly string[];
}

export type ReplyRoute = { kind: PublishKind; skipReason: null } | { kind: PublishKind; skipReason: string };

export interface ChannelRules {
  length: LengthRule;
  /** kinds whose text must always carry the portal link */
  linkRequired: readonly PublishKind[];
  /** kinds shown on one line: line breaks become spaces */
  singleLine: readonly PublishKind[];
  /** kinds sent as an article (title, digest, HTML body; not cut to maxLength) */
  articleKinds: readonly PublishKind[];
  html: HtmlPolicy;
  titleMax: number;
  digestMax: number;
  /** how to answer a source item of this kind, posted `ageMs` ago */
  replyRoute(itemKind: ItemKind, ageMs: number): ReplyRoute;
}

const countCharacters: LengthRule = { char: () => 1, link: (url) => [...url].length };

export const DEFAULT_CHANNEL_RULES: ChannelRules = {
  length: countCharacters,
  linkRequired: [],
  singleLine: [],
  articleKinds: ["article"],
  html: { imageHosts: [] },
  titleMax: 64,
  digestMax: 120,
  // a comment is answered under its thread; anything else gets a reply to its item or author
  replyRoute: (itemKind) => ({ kind: itemKind === "comment" ? "comment" : "reply", skipReason: null }),
};

const HOUR = 3_600_000;
/** WeChat lets an account send customer-service messages only within 48 hours of the user's last message. */
const WECHAT_SERVICE_WINDOW_MS = 48 * HOUR;

/**
 * Weibo counts a Chinese character as 1 and two half-width characters as 1 (the total rounded up), and rewrites
 * every link to a t.cn short link ("http://t.cn/A6abcdEF", 20 half-width characters), so a link counts as 10
 * whatever its written length.
 */
export const WEIBO_LINK_WEIGHT = 10;
const weiboLength: LengthRule = {
  char: (char) => (char.codePointAt(0)! < 0x80 ? 0.5 : 1),
  link: () => WEIBO_LINK_WEIGHT,
};

export const CHANNEL_RULES: Readonly<Record<string, Partial<ChannelRules>>> = {
  weibo: {
    length: weiboLength,
    // statuses/share refuses a post without a link to the app's safe domain: the portal page is one
    linkRequired: ["post"],
    // Weibo shows comments on one line
    singleLine: ["comment", "reply"],
  },
  wechat: {
    // an official account's "post" is an article published through draft/add and freepublish/submit
    articleKinds: ["article", "post"],
    // WeChat articles show only images uploaded to its own CDN (mmbiz); others are blocked or broken
    html: { imageHosts: ["mmbiz.qpic.cn", "mmbiz.qlogo.cn"] },
    // draft/add: title at most 64 characters, digest at most 120
    titleMax: 64,
    digestMax: 120,
    replyRoute(itemKind, ageMs) {
      const inWindow = ageMs <= WECHAT_SERVICE_WINDOW_MS;
      if (itemKind === "comment") {
        // inside the window a private service message (the adapter falls back to a comment reply); after it, a reply
        return { kind: inWindow ? "reply" : "comment", skipReason: null };
      }
      if (inWindow) return { kind: "message", skipReason: null };
      return {
        kind: "message",
        skipReason:
          "已超出微信 48 小时客服消息窗口，无法回复该消息；用户再次来信后可重试 / outside WeChat's 48-hour service window: retry after the user writes again",
      };
    },
  },
};

export function channelRulesFor(channel: string): ChannelRules {
  return { ...DEFAULT_CHANNEL_RULES, ...(CHANNEL_RULES[channel] ?? {}) };
}
