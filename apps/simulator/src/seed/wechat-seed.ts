import { type WechatArticle, type WechatComment, type WechatNewsItem, WechatStore } from "../platforms/wechat-store.ts";
import type { Random } from "../random.ts";
import type { TextPool } from "./corpus.ts";

const DAY_S = 24 * 3600;

/** The account's published articles; followers comment under them. */
const ARTICLES: { title: string; digest: string; paragraphs: string[] }[][] = [
  [
    {
      title: "毕业季求职防骗指南：这些“坑”千万别踩",
      digest: "培训贷、押金陷阱、虚假招聘……一文看懂怎么识别",
      paragraphs: [
        "每年毕业季，总有一些不法机构打着“包就业”“高薪内推”的旗号，诱导毕业生签下培训贷。",
        "记住三条：先交钱的招聘要警惕；让你贷款培训的要警惕；不签正式劳动合同的要警惕。",
        "遇到问题，可以拨打12355青少年服务台，或在“青年之声”留言求助。",
      ],
    },
  ],
  [
    {
      title: "西部计划2025年报名启动，这些问题你关心吗？",
      digest: "报名时间、服务期限、保障政策，一次说清楚",
      paragraphs: [
        "2025年大学生志愿服务西部计划报名已经开始，应届毕业生和在读研究生均可报名。",
        "服务期一般为1至3年，期间享受生活补贴、社会保险和服务期满后的升学就业优惠政策。",
      ],
    },
    {
      title: "一图读懂：西部计划志愿者保障政策",
      digest: "补贴、保险、考研加分，都在这张图里",
      paragraphs: [
        "志愿者服务期间享受每月生活补贴，并统一办理综合保险。",
        "服务期满考核合格的，报考研究生初试总分可加10分。",
      ],
    },
  ],
  [
    {
      title: "12355青少年服务台：心里有事，我们在",
      digest: "免费心理咨询和法律援助，工作日9:00—21:00",
      paragraphs: [
        "学业压力、人际关系、家庭矛盾……心里有事，别一个人扛。",
        "12355青少年服务台有专业的心理咨询师和律师志愿者，为青少年提供免费、保密的咨询服务。",
      ],
    },
  ],
  [
    {
      title: "青年之声·广东 | 五四青年节特别策划",
      digest: "致敬每一个努力生活的年轻人",
      paragraphs: ["今天是五四青年节，我们收集了100位青年的心里话。", "愿你们永远热泪盈眶，永远奔跑在路上。"],
    },
  ],
];

/** How many follower comments each article (msg_data_id, index) gets. */
const COMMENT_PLAN: { article: number; index: number; count: number }[] = [
  { article: 0, index: 0, count: 4 },
  { article: 1, index: 0, count: 3 },
  { article: 1, index: 1, count: 2 },
  { article: 2, index: 0, count: 3 },
];

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function b64url(random: Random, length: number): string {
  return Array.from({ length }, () => B64URL[random.int(0, 63)]).join("");
}

/** Builds the WeChat account: followers, the inbound messages to push, published articles and their comments. */
export function seedWechat(random: Random, pool: TextPool, anchor: Date): WechatStore {
  const anchorS = Math.floor(anchor.getTime() / 1000);
  // Openids of one account share a prefix.
  const prefix = `o${b64url(random, 5)}`;
  const followers = Array.from({ length: 25 }, () => `${prefix}${b64url(random, 22)}`);
  const store = new WechatStore(
    `wx${random.hex(16)}`,
    random.hex(32),
    random.alnum(16),
    // Real EncodingAESKeys are 43 letters and digits.
    random.alnum(43),
    `gh_${random.hex(12)}`,
    b64url(random, 43),
    Buffer.from(String(random.int(3_000_000_000, 3_999_999_999))).toString("base64"),
    followers,
    random,
  );

  // 26 inbound messages from 22 followers (the last 3 followers never write: no 48-hour window for them).
  for (let i = 0; i < 26; i++) {
    const openid = followers[i < 22 ? i : i - 20] as string;
    if (i === 0) {
      store.pending.push({
        msgId: null,
        openid,
        msgType: "event",
        fields: [
          ["Event", "subscribe"],
          ["EventKey", ""],
        ],
        createTime: null,
      });
      continue;
    }
    if (i === 3) {
      store.pending.push({
        msgId: store.nextMsgId(),
        openid,
        msgType: "image",
        fields: [
          ["PicUrl", `http://mmbiz.qpic.cn/mmbiz_jpg/${b64url(random, 40)}/0`],
          ["MediaId", b64url(random, 64)],
        ],
        createTime: null,
      });
      continue;
    }
    const post = pool.take("wechat");
    if (i === 7) {
      store.pending.push({
        msgId: store.nextMsgId(),
        openid,
        msgType: "voice",
        fields: [
          ["MediaId", b64url(random, 64)],
          ["Format", "amr"],
          ["Recognition", post.text],
        ],
        createTime: null,
      });
      continue;
    }
    if (i === 10) {
      store.pending.push({
        msgId: store.nextMsgId(),
        openid,
        msgType: "location",
        fields: [
          ["Location_X", "23.134521"],
          ["Location_Y", "113.358803"],
          ["Scale", "15"],
          ["Label", "广东省广州市天河区天河路208号"],
        ],
        createTime: null,
      });
      store.pending.push({
        msgId: store.nextMsgId(),
        openid,
        msgType: "text",
        fields: [["Content", post.text]],
        createTime: null,
      });
      continue;
    }
    // The MsgId from the wechatpy test vector, above 2^53: a float parse would change it.
    const msgId = i === 12 ? "4363689963896700987" : store.nextMsgId();
    store.pending.push({ msgId, openid, msgType: "text", fields: [["Content", post.text]], createTime: null });
  }

  const ages = [9, 6, 3, 1];
  const articles: WechatArticle[] = ARTICLES.map((items, a) => {
    const msgDataId = store.nextMsgDataId();
    const time = anchorS - (ages[a] ?? 1) * DAY_S + random.int(0, 3600);
    const newsItems: WechatNewsItem[] = items.map((item, index) => ({
      title: item.title,
      author: "青年之声",
      digest: item.digest,
      content: item.paragraphs.map((p) => `<p>${p}</p>`).join(""),
      content_source_url: "",
      thumb_media_id: store.thumbMediaId,
      need_open_comment: 1,
      only_fans_can_comment: 0,
      url: store.articleUrl(msgDataId, index),
    }));
    return { articleId: b64url(random, 64), msgDataId, createTime: time, updateTime: time, newsItems };
  });
  store.articles.push(...articles.reverse());

  const byAge = [...store.articles].reverse();
  for (const plan of COMMENT_PLAN) {
    const article = byAge[plan.article] as WechatArticle;
    for (let k = 0; k < plan.count; k++) {
      const post = pool.take("wechat");
      const comment: WechatComment = {
        msgDataId: article.msgDataId,
        index: plan.index,
        userCommentId: k + 1,
        openid: random.pick(followers),
        createTime: Math.min(article.updateTime + random.int(600, 2 * DAY_S), anchorS - 60),
        content: post.text,
        commentType: 0,
        reply: null,
      };
      store.comments.push(comment);
    }
  }
  // The oddities: a comment without openid, one already answered (a second reply gets 88005), one elected.
  const third = byAge[2] as WechatArticle;
  const [first, second, last] = store.commentsOn(third.msgDataId, 0);
  if (first) first.openid = null;
  if (second) second.reply = { content: "感谢留言，已转给相关团组织跟进。", create_time: second.createTime + 3600 };
  if (last) last.commentType = 1;
  return store;
}
