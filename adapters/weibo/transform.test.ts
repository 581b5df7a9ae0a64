import { describe, expect, it } from "vitest";
import { Permanent } from "../contract.ts";
import { parseLenientJson } from "../shared/lenient-json.ts";
import { readFixture } from "../test-support/fixture-server.ts";
import {
  buildWeiboWrite,
  compareWeiboIds,
  isSameWeiboText,
  mapComment,
  mapStatus,
  parseWeiboDate,
  readEnvelope,
} from "./transform.ts";

const fixture = (name: string) => parseLenientJson(readFixture(import.meta.url, `fixtures/${name}`));
const itemOf = (result: ReturnType<typeof mapStatus>) => {
  if (!("item" in result)) throw new Error(result.rejected.reason);
  return result.item;
};

describe("parseWeiboDate", () => {
  it("reads Weibo's created_at layout with its offset", () => {
    const iso = parseWeiboDate("Tue May 31 17:46:55 +0800 2011");
    expect(iso).toBe("2011-05-31T17:46:55+08:00");
    expect(Date.parse(iso ?? "")).toBe(Date.UTC(2011, 4, 31, 9, 46, 55));
  });

  it("handles negative offsets and single-digit days", () => {
    expect(parseWeiboDate("Mon Jan 1 00:00:00 -0500 2024")).toBe("2024-01-01T00:00:00-05:00");
  });

  it("returns null for anything else instead of guessing", () => {
    expect(parseWeiboDate("06-27")).toBeNull();
    expect(parseWeiboDate("刚刚")).toBeNull();
    expect(parseWeiboDate("Tue Foo 31 17:46:55 +0800 2011")).toBeNull();
  });
});

describe("mapStatus", () => {
  const envelope = readEnvelope(fixture("mentions-page.json"), "statuses");
  const [first, repost] = envelope?.list ?? [];

  it("maps a mention with its string id, author location, counters and link", () => {
    const item = itemOf(mapStatus(first));
    expect(item).toMatchObject({
      externalId: "4230521258540417",
      itemKind: "post",
      author: { id: "1669879400", name: "小谭同学", location: "北京 海淀区" },
      url: "https://weibo.com/1669879400/4230521258540417",
      publishedAt: "2018-04-19T14:12:31+08:00",
      counters: { reposts: 0, comments: 2, likes: 5 },
    });
    // the zero-width space Weibo appends is not part of the question
    expect(item.text).toBe("@共青团广州市委 请问西部计划志愿者报名截止到什么时候？");
    expect(item.raw).toBe(first);
  });

  it("keeps a repost whose original was deleted (retweeted_status.user null)", () => {
    const item = itemOf(mapStatus(repost));
    expect(item.externalId).toBe("4230512345678901");
    expect(item.parentId).toBe("3317351000000000");
    expect(item.author?.name).toBe("冷在晴天z");
  });

  it("keeps ids above 2^53 exact when only the numeric id is present", () => {
    const raw = parseLenientJson(
      '{"created_at":"Tue May 31 17:46:55 +0800 2011","id":9007199254740993123,"text":"hi","user":null}',
    );
    const item = itemOf(mapStatus(raw));
    expect(item.externalId).toBe("9007199254740993123");
    expect(item.author).toBeNull();
  });

  it("rejects a payload that is not a status, with a reason", () => {
    const result = mapStatus({ text: "no date" });
    expect("rejected" in result && result.rejected.reason).toMatch(/微博数据格式不符/);
  });
});

describe("mapComment", () => {
  const comments = readEnvelope(fixture("comments-to-me.json"), "comments")?.list ?? [];

  it("threads a reply under its status and the comment it answers", () => {
    const item = itemOf(mapComment(comments[0]));
    expect(item).toMatchObject({
      externalId: "4230476362716408",
      itemKind: "comment",
      threadId: "4230467933073647",
      parentId: "4230468079173048",
      author: { id: "2493828355", name: "new新健" },
      publishedAt: "2018-04-19T11:13:47+08:00",
      url: "https://weibo.com/5678901234/4230467933073647",
    });
  });

  it("a top-level comment's parent is the status", () => {
    const item = itemOf(mapComment(comments[1]));
    expect(item.parentId).toBe("4230467933073647");
    expect(item.counters).toEqual({ likes: 3 });
  });
});

describe("buildWeiboWrite", () => {
  const commentTarget = { externalId: "4230468079173048", itemKind: "comment" as const, threadId: "4230467933073647" };

  it("replies to a comment with comments/reply (cid + status id)", () => {
    const write = buildWeiboWrite({
      kind: "reply",
      text: "报名预计五月开始",
      replyTo: commentTarget,
      idempotencyKey: "k1",
    });
    expect(write).toEqual({
      path: "/2/comments/reply.json",
      params: {
        cid: "4230468079173048",
        id: "4230467933073647",
        comment: "报名预计五月开始",
        without_mention: 0,
        comment_ori: 0,
      },
    });
  });

  it("comments on a status with comments/create", () => {
    const write = buildWeiboWrite({
      kind: "reply",
      text: "可以在粤省事申请",
      replyTo: { externalId: "4230498765432109", itemKind: "post" },
      idempotencyKey: "k2",
    });
    expect(write.path).toBe("/2/comments/create.json");
    expect(write.params).toMatchObject({ id: "4230498765432109", comment: "可以在粤省事申请" });
  });

  it("appends the safe-domain link to a post that has none", () => {
    const write = buildWeiboWrite({ kind: "post", text: "就业服务月", idempotencyKey: "k3" }, "https://qnzs.youth.cn/");
    expect(write.params).toEqual({ status: "就业服务月 https://qnzs.youth.cn/" });
  });

  it("refuses what Weibo cannot send", () => {
    expect(() => buildWeiboWrite({ kind: "message", text: "私信", idempotencyKey: "k4" })).toThrow(Permanent);
    expect(() => buildWeiboWrite({ kind: "reply", text: "no target", idempotencyKey: "k5" })).toThrow(/目标/);
  });
});

describe("helpers", () => {
  it("compares int64 ids as numbers", () => {
    expect(compareWeiboIds("4230521258540417", "999")).toBeGreaterThan(0);
    expect(compareWeiboIds("4230466846817001", "4230521258540417")).toBeLessThan(0);
    expect(compareWeiboIds("42", "42")).toBe(0);
  });

  it("recognises our own text after Weibo's reply prefix and t.cn rewriting", () => {
    expect(
      isSameWeiboText("回复@冷在晴天z:今年五月开始 http://t.cn/A6abc", "今年五月开始 https://qnzs.youth.cn/a"),
    ).toBe(true);
    expect(isSameWeiboText("回复@冷在晴天z:今年六月开始", "今年五月开始")).toBe(false);
  });
});
