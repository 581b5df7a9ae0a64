/** The server callback as WeChat calls it: verification GET, plaintext and 安全模式 POSTs, retries, forgeries. */
import { describe, expect, it } from "vitest";
import type { CallbackRequest } from "../contract.ts";
import { createTestContext } from "../test-support/context.ts";
import { readFixture } from "../test-support/fixture-server.ts";
import { computeSignature } from "./crypto.ts";
import { type WechatConfig, WechatConfigSchema, wechat } from "./index.ts";

const raw = (name: string) => readFixture(import.meta.url, `fixtures/${name}`);
const fixture = (name: string) => JSON.parse(raw(name));

const config: WechatConfig = WechatConfigSchema.parse({
  appId: "wx49f0ab532d5d035a",
  appSecret: "secret",
  token: "123456",
  encodingAesKey: "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
});
const withOriginalId = { ...config, originalId: "gh_fbe8a958756e" };

function callback(method: string, query: Record<string, string>, body = ""): CallbackRequest {
  const url = new URL("http://127.0.0.1:3000/api/channels/7/callback");
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return { method, url, headers: { "content-type": "text/xml" }, body };
}

function signedPlain(body: string, timestamp = "1700000000", nonce = "98765") {
  return callback(
    "POST",
    { timestamp, nonce, signature: computeSignature(["123456", timestamp, nonce]), openid: "o1" },
    body,
  );
}

const receive = (request: CallbackRequest, cfg: WechatConfig = config) => {
  if (!wechat.receive) throw new Error("wechat has no receive");
  return wechat.receive(request, cfg, createTestContext());
};

describe("URL verification (GET)", () => {
  it("echoes echostr when the signature matches", async () => {
    const result = await receive(
      callback("GET", {
        signature: "97f44b51ccbee5533bf61e753557d165ea0f4566",
        timestamp: "1411443780",
        nonce: "437374425",
        echostr: "5927782489442352469",
      }),
    );
    expect(result.response).toMatchObject({ status: 200, body: "5927782489442352469" });
  });

  it("refuses a wrong signature without echoing", async () => {
    const result = await receive(
      callback("GET", { signature: "0".repeat(40), timestamp: "1411443780", nonce: "437374425", echostr: "hello" }),
    );
    expect(result.response.status).toBe(401);
    expect(result.response.body).not.toContain("hello");
  });

  it("decrypts an encrypted echostr signed with msg_signature (§2.3 vector)", async () => {
    const { query, decrypted } = fixture("wechatpy-echostr.json");
    const result = await receive(callback("GET", query));
    expect(result.response).toMatchObject({ status: 200, body: decrypted });
  });
});

describe("plaintext messages", () => {
  it("acknowledges with 'success' and maps the message keyed by MsgId", async () => {
    const result = await receive(signedPlain(raw("text-message.xml")));
    expect(result.response).toMatchObject({ status: 200, body: "success" });
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({
      externalId: "1234567890123456",
      itemKind: "message",
      author: { id: "otAzGjrS4AYCmeJM1GhEOcHXXTAo" },
      text: "请问团员档案转接需要什么材料？",
      publishedAt: new Date(1348831860 * 1000).toISOString(),
    });
  });

  it("keeps a MsgId above 2^53 exactly", async () => {
    const result = await receive(signedPlain(raw("text-message-big-msgid.xml")));
    expect(result.items[0]?.externalId).toBe("4363689963896700987");
  });

  it("a retried delivery maps to the same externalId", async () => {
    const deliveries = await Promise.all([1, 2, 3].map(() => receive(signedPlain(raw("text-message.xml")))));
    expect(new Set(deliveries.map((d) => d.items[0]?.externalId))).toEqual(new Set(["1234567890123456"]));
  });

  it("keys an event (no MsgId) by FromUserName + CreateTime", async () => {
    const result = await receive(signedPlain(raw("event-subscribe.xml")));
    expect(result.items[0]).toMatchObject({
      externalId: "event:oV5CrjpxgaGXNHIQigzNlgLTnwic:1481013459",
      text: "[事件] subscribe qrscene_123",
    });
  });

  it("describes an image message", async () => {
    const result = await receive(signedPlain(raw("image-message.xml")));
    expect(result.items[0]?.text).toBe("[图片] http://mmbiz.qpic.cn/mmbiz_jpg/abc/0");
  });

  it("refuses a bad signature: 401 and nothing stored", async () => {
    const request = signedPlain(raw("text-message.xml"));
    request.url.searchParams.set("signature", computeSignature(["wrong-token", "1700000000", "98765"]));
    const result = await receive(request);
    expect(result.response.status).toBe(401);
    expect(result.items).toEqual([]);
    expect(result.rejected ?? []).toEqual([]);
  });

  it("refuses a message addressed to another account", async () => {
    const other = raw("text-message.xml").replace("gh_fbe8a958756e", "gh_000000000000");
    expect((await receive(signedPlain(other), withOriginalId)).response.status).toBe(401);
    expect((await receive(signedPlain(raw("text-message.xml")), withOriginalId)).items).toHaveLength(1);
  });

  it("stores a signed but unreadable body as rejected (DOCTYPE is never accepted)", async () => {
    const result = await receive(signedPlain('<!DOCTYPE x [<!ENTITY a "b">]><xml><MsgId>&a;</MsgId></xml>'));
    expect(result.response.status).toBe(400);
    expect(result.rejected?.[0]?.reason).toMatch(/XML/);
  });
});

describe("安全模式 (AES) messages", () => {
  it("verifies msg_signature, decrypts and maps the §2.3 vector", async () => {
    const { query, body } = fixture("wechatpy-aes.json");
    const result = await receive(callback("POST", query, body));
    expect(result.response).toMatchObject({ status: 200, body: "success" });
    expect(result.items[0]).toMatchObject({
      externalId: "4363689963896700987",
      author: { id: "messense" },
      text: "test",
      publishedAt: new Date(1411525903 * 1000).toISOString(),
    });
  });

  it("maps an encrypted message for this account, MsgId exact", async () => {
    const { query, body } = fixture("aes-text-message.json");
    const result = await receive(callback("POST", query, body), withOriginalId);
    expect(result.items[0]).toMatchObject({
      externalId: "7263456789012345678",
      text: "在校大学生可以申请西部计划吗？",
    });
  });

  it("refuses a payload whose decrypted appid is another account's", async () => {
    const { query, body } = fixture("aes-wrong-appid.json");
    const result = await receive(callback("POST", query, body));
    expect(result.response.status).toBe(401);
    expect(result.items).toEqual([]);
    expect(result.rejected ?? []).toEqual([]);
  });

  it("refuses a tampered Encrypt (msg_signature no longer matches)", async () => {
    const { query, body } = fixture("aes-text-message.json");
    const tampered = body.replace("<Encrypt><![CDATA[", "<Encrypt><![CDATA[AAAA");
    const result = await receive(callback("POST", query, tampered));
    expect(result.response.status).toBe(401);
    expect(result.items).toEqual([]);
  });

  it("bad PKCS#7 padding is a 400 with the payload kept as rejected", async () => {
    const { query, body } = fixture("aes-bad-padding.json");
    const result = await receive(callback("POST", query, body));
    expect(result.response.status).toBe(400);
    expect(result.items).toEqual([]);
    expect(result.rejected?.[0]).toMatchObject({ raw: body, reason: expect.stringMatching(/padding/) });
  });
});
