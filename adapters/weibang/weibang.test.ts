/** Weibang's signed webhook (signature, timestamp window, replay) and the export import. */
import { describe, expect, it } from "vitest";
import type { CallbackRequest } from "../contract.ts";
import { createTestContext } from "../test-support/context.ts";
import { readFixture } from "../test-support/fixture-server.ts";
import { parseWeibangExport, signWeibangBody, type WeibangConfig, WeibangConfigSchema, weibang } from "./index.ts";

const raw = (name: string) => readFixture(import.meta.url, `fixtures/${name}`).trim();
const SECRET = "weibang-test-secret-0123456789";
const config: WeibangConfig = WeibangConfigSchema.parse({ secret: SECRET, orgName: "共青团广州市委" });
const NOW = "2024-05-01T12:10:00+08:00";
const nowSeconds = Math.floor(Date.parse(NOW) / 1000);

function delivery(body: string, options: { timestamp?: number; signature?: string } = {}): CallbackRequest {
  return {
    method: "POST",
    url: new URL("http://127.0.0.1:3000/api/channels/8/callback"),
    // header names as a framework may pass them: the adapter must not depend on their case
    headers: {
      "Content-Type": "application/json",
      "X-Signature": options.signature ?? signWeibangBody(SECRET, body),
      "X-Timestamp": String(options.timestamp ?? nowSeconds),
    },
    body,
  };
}

async function receive(request: CallbackRequest, ctx = createTestContext(NOW)) {
  if (!weibang.receive) throw new Error("weibang has no receive");
  return weibang.receive(request, config, ctx);
}

describe("weibang webhook", () => {
  it("accepts a signed message.created event keyed by event_id", async () => {
    const result = await receive(delivery(raw("message-created.json")));
    expect(result.response.status).toBe(200);
    expect(result.items).toEqual([
      expect.objectContaining({
        externalId: "0f8e2d4c-6b1a-4c3e-9d7f-2a5b8c1e4f60",
        itemKind: "message",
        threadId: "conv-5521",
        author: { id: "u-7f3a9c", name: "小林", location: null },
        text: "你好，请问青年之家周末开放吗？",
        publishedAt: "2024-05-01T04:00:00.000Z",
      }),
    ]);
  });

  it("maps comments under their thread and posts, with attachments noted", async () => {
    const comment = (await receive(delivery(raw("comment-created.json")))).items[0];
    expect(comment).toMatchObject({ itemKind: "comment", threadId: "post-8842", parentId: "post-8842" });
    expect(comment?.text).toBe("志愿服务时长怎么认证？\n[图片] https://img.example.cn/weibang/abc.jpg");
    const post = (await receive(delivery(raw("post-published.json")))).items[0];
    expect(post?.itemKind).toBe("post");
  });

  it("refuses a wrong signature", async () => {
    const body = raw("message-created.json");
    const result = await receive(delivery(body, { signature: signWeibangBody("another-secret-000000", body) }));
    expect(result.response.status).toBe(401);
    expect(result.items).toEqual([]);
  });

  it("refuses a body altered after signing", async () => {
    const body = raw("message-created.json");
    const request = delivery(body);
    request.body = body.replace("周末", "工作日");
    expect((await receive(request)).response.status).toBe(401);
  });

  it("refuses a timestamp more than 300 s away from now, and accepts one just inside", async () => {
    const body = raw("message-created.json");
    expect((await receive(delivery(body, { timestamp: nowSeconds - 301 }))).response.status).toBe(401);
    expect((await receive(delivery(body, { timestamp: nowSeconds + 301 }))).response.status).toBe(401);
    expect((await receive(delivery(body, { timestamp: nowSeconds - 299 }))).items).toHaveLength(1);
  });

  it("a replayed event_id yields nothing while it is remembered, and is acknowledged so the sender stops", async () => {
    const ctx = createTestContext(NOW);
    const body = raw("message-created.json");
    expect((await receive(delivery(body), ctx)).items).toHaveLength(1);
    ctx.advance(9 * 60_000);
    const replay = await receive(delivery(body, { timestamp: nowSeconds + 9 * 60 }), ctx);
    expect(replay.response.status).toBe(200);
    expect(replay.items).toEqual([]);
  });

  it("malformed JSON with a valid signature is a 400 and kept as rejected", async () => {
    const body = raw("malformed.txt");
    const result = await receive(delivery(body));
    expect(result.response.status).toBe(400);
    expect(result.rejected).toEqual([{ raw: body, reason: expect.stringMatching(/JSON/) }]);
  });

  it("an unknown event type is acknowledged and kept as rejected", async () => {
    const body = JSON.stringify({
      ...JSON.parse(raw("message-created.json")),
      event_id: "e-2",
      event_type: "user.followed",
    });
    const result = await receive(delivery(body));
    expect(result.response.status).toBe(200);
    expect(result.rejected?.[0]?.reason).toMatch(/user\.followed/);
  });
});

describe("weibang publish", () => {
  it("creates an operator task instead of sending anything", async () => {
    const result = await weibang.publish?.(
      config,
      { kind: "reply", text: "周末开放", idempotencyKey: "ob-42" },
      createTestContext(),
    );
    expect(result?.remoteId).toBe("task:ob-42");
    expect(result?.note).toMatch(/运营人员.*共青团广州市委/);
    expect(weibang.capabilities).toMatchObject({ pull: false, push: true, publishMode: "operator" });
  });
});

describe("parseWeibangExport", () => {
  it("reads a CSV export with Chinese headers, BOM, CRLF and quoted multi-line fields", () => {
    const { items, rejected } = parseWeibangExport(raw("export.csv"), "csv");
    expect(items.map((i) => [i.externalId.startsWith("export:") ? "export:*" : i.externalId, i.itemKind])).toEqual([
      ["wb-1001", "message"],
      ["wb-1002", "comment"],
      ["export:*", "post"],
    ]);
    expect(items[1]).toMatchObject({
      threadId: "post-8842",
      publishedAt: "2024-04-30T10:02:00+08:00",
      text: '多行问题：\n第一，志愿时长在哪查？\n第二，"青年大学习"截图要交吗？',
    });
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/row 4.*时间无效/),
      expect.stringMatching(/row 5.*未知类型/),
    ]);
  });

  it("gives a row without an id the same id on every import", () => {
    const first = parseWeibangExport(raw("export.csv"), "csv").items[2]?.externalId;
    const second = parseWeibangExport(raw("export.csv"), "csv").items[2]?.externalId;
    expect(first).toMatch(/^export:[0-9a-f]{24}$/);
    expect(second).toBe(first);
  });

  it("reads a JSON export, including webhook-shaped events, and rejects empty rows", () => {
    const { items, rejected } = parseWeibangExport(raw("export.json"), "json");
    expect(items.map((i) => i.externalId)).toEqual(["wb-2001", "4e5f6a7b-export"]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatch(/row 3.*缺少内容/);
  });

  it("an unreadable file is one rejected entry, not an exception", () => {
    expect(parseWeibangExport("{oops", "json").rejected[0]?.reason).toMatch(/导出文件无法解析/);
    expect(parseWeibangExport('a,b\n"unterminated', "csv").rejected).toHaveLength(1);
  });
});
