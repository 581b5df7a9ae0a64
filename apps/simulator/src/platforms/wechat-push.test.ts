import { createDecipheriv, createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../index.ts";
import { getJson, postJson, type ReceivedRequest, type ReceiverAnswer, startReceiver } from "../testing.ts";

interface Accounts {
  wechat: { appId: string; token: string; encodingAesKey: string; originalId: string };
}
interface PushReport {
  delivered: string[];
  failed: { id: string; attempts: number }[];
  attempts: number;
  remaining: number;
}
interface Stats {
  wechat: number;
  detail: { wechat: Record<string, { items: number }> };
}

let sim: RunningSimulator;
let accounts: Accounts;

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  accounts = (await getJson<Accounts>(`${sim.url}/_sim/accounts`)).body;
});
afterEach(() => sim.close());

async function withReceiver(
  answer: (request: ReceivedRequest) => ReceiverAnswer | Promise<ReceiverAnswer>,
  work: (url: string, requests: ReceivedRequest[]) => Promise<void>,
) {
  const receiver = await startReceiver(answer);
  try {
    await work(receiver.url, receiver.requests);
  } finally {
    await receiver.close();
  }
}

const sha1 = (parts: string[]): string =>
  createHash("sha1")
    .update([...parts].sort().join(""))
    .digest("hex");
const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${name}>`).exec(xml)?.[1];

/** Reference §2.3, written out independently of the simulator's own crypto module. */
function decrypt(encodingAesKey: string, encrypted: string): { xml: string; appId: string } {
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, "base64")), decipher.final()]);
  const pad = padded[padded.length - 1] ?? 0;
  expect(pad).toBeGreaterThanOrEqual(1);
  expect(pad).toBeLessThanOrEqual(32);
  const plain = padded.subarray(0, padded.length - pad);
  const length = plain.readUInt32BE(16);
  return { xml: plain.subarray(20, 20 + length).toString("utf8"), appId: plain.subarray(20 + length).toString("utf8") };
}

describe("WeChat push", () => {
  it("sends signed plaintext XML, including an event without MsgId and a MsgId above 2^53", async () => {
    await withReceiver(
      () => ({ status: 200, body: "success" }),
      async (url, requests) => {
        await postJson(`${sim.url}/_sim/config`, { wechat: { callbackUrl: url, mode: "plaintext" } });
        const report = await postJson<PushReport>(`${sim.url}/_sim/push`, { platform: "wechat", count: 20 });
        expect(report.body.delivered).toHaveLength(20);
        expect(requests).toHaveLength(20);
        for (const request of requests) {
          const q = request.url.searchParams;
          expect(q.get("signature")).toBe(
            sha1([accounts.wechat.token, q.get("timestamp") ?? "", q.get("nonce") ?? ""]),
          );
          expect(tag(request.body, "ToUserName")).toBe(accounts.wechat.originalId);
          expect(tag(request.body, "FromUserName")).toBe(q.get("openid"));
        }
        const event = requests.find((r) => tag(r.body, "MsgType") === "event");
        expect(tag(event?.body ?? "", "Event")).toBe("subscribe");
        expect(event?.body).not.toContain("<MsgId>");
        const big = requests
          .map((r) => tag(r.body, "MsgId"))
          .filter((id) => id !== undefined && BigInt(id) > 2n ** 53n);
        expect(big).toContain("4363689963896700987");
      },
    );
  });

  it("encrypts in AES mode: msg_signature verifies and the payload decrypts with the appid", async () => {
    await withReceiver(
      () => ({ status: 200, body: "" }),
      async (url, requests) => {
        await postJson(`${sim.url}/_sim/config`, { wechat: { callbackUrl: url, mode: "aes" } });
        await postJson(`${sim.url}/_sim/push`, { platform: "wechat", count: 2 });
        const request = requests[1] as ReceivedRequest;
        const q = request.url.searchParams;
        expect(q.get("encrypt_type")).toBe("aes");
        const encrypted = tag(request.body, "Encrypt") ?? "";
        expect(request.body).not.toContain("<Content>");
        const { token, encodingAesKey, appId } = accounts.wechat;
        expect(q.get("msg_signature")).toBe(sha1([token, q.get("timestamp") ?? "", q.get("nonce") ?? "", encrypted]));
        const { xml, appId: carried } = decrypt(encodingAesKey, encrypted);
        expect(carried).toBe(appId);
        expect(tag(xml, "FromUserName")).toBe(q.get("openid"));
        expect(tag(xml, "MsgId")).toMatch(/^\d{16,20}$/);
      },
    );
  });

  it("retries three times with the same MsgId on 500, keeps the message queued, and delivers it later", async () => {
    let healthy = true;
    await withReceiver(
      () => (healthy ? { status: 200, body: "success" } : { status: 500, body: "oops" }),
      async (url, requests) => {
        await postJson(`${sim.url}/_sim/config`, { wechat: { callbackUrl: url } });
        // Deliver the subscribe event first, so the next item has a MsgId.
        await postJson(`${sim.url}/_sim/push`, { platform: "wechat", count: 1 });
        requests.length = 0;
        healthy = false;
        const failed = await postJson<PushReport>(`${sim.url}/_sim/push`, { platform: "wechat", count: 1 });
        expect(failed.body.delivered).toEqual([]);
        expect(failed.body.failed[0]?.attempts).toBe(4);
        const ids = requests.map((r) => tag(r.body, "MsgId"));
        expect(ids).toHaveLength(4);
        expect(new Set(ids).size).toBe(1);

        healthy = true;
        const later = await postJson<PushReport>(`${sim.url}/_sim/push`, { platform: "wechat", count: 1 });
        expect(later.body.delivered).toEqual([ids[0]]);
      },
    );
  });

  it("retries when the hub does not answer within the deadline", async () => {
    await withReceiver(
      (r) =>
        r.url.searchParams.get("nonce")
          ? new Promise<ReceiverAnswer>((resolve) => setTimeout(() => resolve({ status: 200 }), 1500))
          : { status: 200 },
      async (url, requests) => {
        await postJson(`${sim.url}/_sim/config`, { wechat: { callbackUrl: url, timeoutMs: 50, retries: 3 } });
        const report = await postJson<PushReport>(`${sim.url}/_sim/push`, { platform: "wechat", count: 1 });
        expect(report.body.failed[0]?.attempts).toBe(4);
        expect(requests).toHaveLength(4);
      },
    );
  });

  it("sends each message twice under duplicate_delivery and still counts it once", async () => {
    await withReceiver(
      () => ({ status: 200, body: "success" }),
      async (url, requests) => {
        await postJson(`${sim.url}/_sim/config`, { wechat: { callbackUrl: url } });
        await postJson(`${sim.url}/_sim/faults`, { platform: "wechat", fault: "duplicate_delivery", enabled: true });
        await postJson(`${sim.url}/_sim/push`, { platform: "wechat", count: 4 });
        expect(requests).toHaveLength(8);
        const stats = (await getJson<Stats>(`${sim.url}/_sim/stats`)).body;
        // Three messages and the subscribe event, which is listed apart.
        expect(stats.wechat).toBe(3);
        expect(stats.detail.wechat["push:event"]?.items).toBe(1);
      },
    );
  });

  it("records a passive reply the hub answers with", async () => {
    await withReceiver(
      (r) => ({
        status: 200,
        body: `<xml><ToUserName><![CDATA[${r.url.searchParams.get("openid")}]]></ToUserName><FromUserName><![CDATA[gh]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[收到，马上处理]]></Content></xml>`,
      }),
      async (url, requests) => {
        await postJson(`${sim.url}/_sim/config`, { wechat: { callbackUrl: url } });
        await postJson(`${sim.url}/_sim/push`, { platform: "wechat", count: 2 });
        const record = (
          await getJson<{ endpoint: string; params: Record<string, unknown> }[]>(`${sim.url}/_sim/record`)
        ).body;
        expect(record.filter((r) => r.endpoint === "passive_reply").map((r) => r.params.touser)).toEqual(
          requests.map((r) => r.url.searchParams.get("openid")),
        );
        expect(record[1]?.params.content).toBe("收到，马上处理");
      },
    );
  });
});
