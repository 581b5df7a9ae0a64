/**
 * WeChat pushes into the hub at /api/channels/{id}/callback, in plaintext and in 安全模式 (AES): forged or misaddressed
 * deliveries are refused and store nothing, a retried delivery stores one post, and a 64-bit MsgId stays exact.
 */
import { queryRows } from "@qnzs/db";
import { databaseTargets } from "@qnzs/db/testing";
import { encryptMessage, signParts } from "@qnzs/simulator";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getJson, postJson, push, startWorld, type World } from "./world.ts";

interface WechatCredentials {
  wechat: { appId: string; token: string; encodingAesKey: string };
}

/** A MsgId above 2^53: as a JavaScript number it would silently become 4363689963896701000. */
const BIG_MSG_ID = "4363689963896700987";

const cases = databaseTargets().flatMap((target) =>
  (["plaintext", "aes"] as const).map((mode) => ({ target, mode, name: `${target.name}, ${mode}` })),
);

describe.each(cases)("WeChat callbacks ($name)", ({ target, mode }) => {
  let world: World;
  afterEach(() => world?.close());

  const callbackUrl = () => `${world.hub.url}/api/channels/${world.accountOf("wechat")}/callback`;
  const stored = async () => {
    const [row] = await queryRows<{ posts: string; failures: string }>(
      world.database.db,
      sql`select (select count(*) from posts where channel = 'wechat') as posts,
                 (select count(*) from ingest_failures) as failures`,
    );
    return { posts: Number(row!.posts), failures: Number(row!.failures) };
  };
  const fault = (variant: string | null, name = "malformed") =>
    postJson(`${world.sim.url}/_sim/faults`, {
      platform: "wechat",
      fault: name,
      enabled: variant !== null || name !== "malformed",
      ...(variant ? { options: { variant } } : {}),
    });

  it("answers the URL verification only when the signature is right", async () => {
    world = await startWorld(target, { wechatMode: mode });
    const { wechat } = await getJson<WechatCredentials>(`${world.sim.url}/_sim/accounts`);
    const timestamp = "1715480000";
    const nonce = "84302117";
    const query = (params: Record<string, string>) => `${callbackUrl()}?${new URLSearchParams(params)}`;
    if (mode === "aes") {
      const echostr = encryptMessage(wechat.encodingAesKey, wechat.appId, "echo-7731");
      const good = await fetch(
        query({ msg_signature: signParts(wechat.token, timestamp, nonce, echostr), timestamp, nonce, echostr }),
      );
      expect(good.status).toBe(200);
      expect(await good.text()).toBe("echo-7731");
      const bad = await fetch(query({ msg_signature: "0".repeat(40), timestamp, nonce, echostr }));
      expect(bad.status).toBe(401);
    } else {
      const good = await fetch(
        query({ signature: signParts(wechat.token, timestamp, nonce), timestamp, nonce, echostr: "echo-7731" }),
      );
      expect(good.status).toBe(200);
      expect(await good.text()).toBe("echo-7731");
      const bad = await fetch(query({ signature: "0".repeat(40), timestamp, nonce, echostr: "echo-7731" }));
      expect(bad.status).toBe(401);
    }
  });

  it("refuses a forged signature and stores nothing", async () => {
    world = await startWorld(target, { wechatMode: mode });
    const { wechat } = await getJson<WechatCredentials>(`${world.sim.url}/_sim/accounts`);
    const before = await stored();
    const xml =
      "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[oForged]]></FromUserName>" +
      "<CreateTime>1715480000</CreateTime><MsgType><![CDATA[text]]></MsgType>" +
      "<Content><![CDATA[伪造的消息]]></Content><MsgId>24537311000000001</MsgId></xml>";
    const timestamp = "1715480000";
    const nonce = "1234";
    const url = new URL(callbackUrl());
    url.searchParams.set("timestamp", timestamp);
    url.searchParams.set("nonce", nonce);
    url.searchParams.set("signature", signParts(wechat.token, timestamp, nonce));
    let body = xml;
    if (mode === "aes") {
      // everything right but the message signature, which only the token holder can compute
      const encrypted = encryptMessage(wechat.encodingAesKey, wechat.appId, xml);
      url.searchParams.set("encrypt_type", "aes");
      url.searchParams.set("msg_signature", signParts("not-the-token", timestamp, nonce, encrypted));
      body = `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
    } else {
      url.searchParams.set("signature", signParts("not-the-token", timestamp, nonce));
    }
    const response = await fetch(url, { method: "POST", body, headers: { "content-type": "text/xml" } });
    expect(response.status).toBe(401);
    expect(await stored()).toEqual(before);
    const [account] = (await world.hub.operations.listChannels()).filter((a) => a.kind === "wechat");
    expect(account?.health.lastError?.kind).toBe("callback_refused");
  });

  it.runIf(mode === "plaintext")("loses nothing when deliveries were refused: they come again", async () => {
    world = await startWorld(target, { wechatMode: mode });
    const before = await stored();
    await fault("signature");
    const report = await push(world, "wechat", 5);
    expect(report.delivered).toEqual([]);
    expect(report.failed).toHaveLength(5);
    expect(await stored()).toEqual(before);
    const [account] = (await world.hub.operations.listChannels()).filter((a) => a.kind === "wechat");
    expect(account?.health.errorStreak).toBe(5);

    await fault(null);
    expect((await push(world, "wechat", 5)).delivered).toHaveLength(5);
    expect((await stored()).posts).toBe(before.posts + 5);
    const [healed] = (await world.hub.operations.listChannels()).filter((a) => a.kind === "wechat");
    expect(healed?.health.errorStreak).toBe(0);
  });

  it.runIf(mode === "aes")("refuses a message encrypted for another appid and stores nothing", async () => {
    world = await startWorld(target, { wechatMode: mode });
    const before = await stored();
    await fault("appid");
    const report = await push(world, "wechat", 3);
    expect(report.failed).toHaveLength(3);
    expect(report.failed.every((failure) => failure.error === "HTTP 401")).toBe(true);
    expect(await stored()).toEqual(before);
  });

  it("stores a retried delivery once and keeps a MsgId above 2^53 exactly", async () => {
    world = await startWorld(target, { wechatMode: mode });
    await fault(null, "duplicate_delivery");
    const report = await push(world, "wechat");
    expect(report.failed).toEqual([]);
    expect(report.delivered).toContain(BIG_MSG_ID);
    // every message went out twice; each is one post
    expect((await stored()).posts).toBe(report.delivered.length);
    const rows = await queryRows<{ external_id: string; raw: string }>(
      world.database.db,
      sql`select external_id, raw::text as raw from posts where external_id = ${BIG_MSG_ID}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.raw).toContain(BIG_MSG_ID);
  });
});
