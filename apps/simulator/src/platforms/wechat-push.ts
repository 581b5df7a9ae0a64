import { XMLParser } from "fast-xml-parser";
import { cdata, isRecord } from "../http-kit.ts";
import { type DeliveryOutcome, delay, deliver } from "../push-delivery.ts";
import type { PushReport } from "../push-report.ts";
import type { SimState } from "../state.ts";
import { decryptMessage, encryptMessage, encryptWithBadPadding, signParts } from "../wechat-crypto.ts";
import type { WechatInbound, WechatStore } from "./wechat-store.ts";

/**
 * Sends queued follower messages to the hub's callback as WeChat does (reference §2.1–2.3): signed plaintext, 兼容 or
 * AES XML, a 5 s deadline and three retries with the same MsgId. A message the hub never acknowledges stays queued
 * and goes out again on the next push, so a hub outage loses nothing.
 */

export function inboundXml(store: WechatStore, message: WechatInbound, createTime: number): string {
  const parts = [
    `<ToUserName>${cdata(store.originalId)}</ToUserName>`,
    `<FromUserName>${cdata(message.openid)}</FromUserName>`,
    `<CreateTime>${createTime}</CreateTime>`,
    `<MsgType>${cdata(message.msgType)}</MsgType>`,
    ...message.fields.map(([name, value]) =>
      /^[\d.]+$/.test(value) && name !== "Content"
        ? `<${name}>${value}</${name}>`
        : `<${name}>${cdata(value)}</${name}>`,
    ),
  ];
  if (message.msgId !== null) parts.push(`<MsgId>${message.msgId}</MsgId>`);
  return `<xml>${parts.join("")}</xml>`;
}

/** The key the hub should de-duplicate on: MsgId, or FromUserName + CreateTime for events. */
export function inboundKey(message: WechatInbound): string {
  return message.msgId ?? `${message.openid}:${message.createTime}`;
}

type Variant = "xml" | "signature" | "padding" | "appid" | null;

function buildAttempt(state: SimState, message: WechatInbound, variant: Variant) {
  const store = state.wechat;
  const { callbackUrl, mode } = state.config.wechat;
  const createTime = message.createTime ?? state.clock.nowSeconds();
  return () => {
    const timestamp = String(state.clock.nowSeconds());
    const nonce = String(state.random.int(100_000_000, 1_999_999_999));
    let xml = inboundXml(store, message, createTime);
    if (variant === "xml") xml = xml.slice(0, Math.floor(xml.length * 0.6));
    const url = new URL(callbackUrl ?? "");
    const signature = signParts(store.token, timestamp, nonce);
    url.searchParams.set(
      "signature",
      variant === "signature" ? signature.replace(/^./, (c) => (c === "0" ? "1" : "0")) : signature,
    );
    url.searchParams.set("timestamp", timestamp);
    url.searchParams.set("nonce", nonce);
    url.searchParams.set("openid", message.openid);
    let body = xml;
    if (mode !== "plaintext") {
      const appId = variant === "appid" ? `wx${"0".repeat(16)}` : store.appId;
      const encrypt =
        variant === "padding"
          ? encryptWithBadPadding(store.encodingAesKey, appId, xml)
          : encryptMessage(store.encodingAesKey, appId, xml, state.random.bytes(16));
      url.searchParams.set("encrypt_type", "aes");
      url.searchParams.set("msg_signature", signParts(store.token, timestamp, nonce, encrypt));
      const envelope = `<ToUserName>${cdata(store.originalId)}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt>`;
      // 兼容模式 carries the plaintext fields next to Encrypt.
      body =
        mode === "compat"
          ? xml.replace("</xml>", `<Encrypt>${cdata(encrypt)}</Encrypt></xml>`)
          : `<xml>${envelope}</xml>`;
    }
    return { url: url.href, headers: { "content-type": "text/xml", "user-agent": "Mozilla/4.0" }, body };
  };
}

const parser = new XMLParser({ parseTagValue: false, cdataPropName: false });

/** A passive reply (anything but "" or "success") is a publication: record it, decrypted when encrypted. */
function recordPassiveReply(state: SimState, message: WechatInbound, outcome: DeliveryOutcome): void {
  const body = outcome.responseBody?.trim() ?? "";
  if (body === "" || body === "success") return;
  let xml = body;
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
    const encrypted = isRecord(parsed) && isRecord(parsed.xml) ? parsed.xml.Encrypt : undefined;
    if (typeof encrypted === "string") {
      xml = decryptMessage(state.wechat.encodingAesKey, encrypted).message;
      parsed = parser.parse(xml);
    }
  } catch {
    parsed = undefined;
  }
  const fields = isRecord(parsed) && isRecord(parsed.xml) ? parsed.xml : {};
  state.record.add({
    platform: "wechat",
    endpoint: "passive_reply",
    params: {
      touser: fields.ToUserName ?? null,
      msgtype: fields.MsgType ?? null,
      content: fields.Content ?? null,
      in_reply_to: message.msgId,
      body: xml,
    },
    at: state.clock.now().toISOString(),
    remoteId: null,
  });
}

function variantOf(value: string | undefined): Variant {
  if (value === "signature" || value === "padding" || value === "appid") return value;
  return "xml";
}

export async function pushWechat(state: SimState, count: number): Promise<PushReport> {
  const store = state.wechat;
  const config = state.config.wechat;
  if (!config.callbackUrl) throw new Error("no WeChat callbackUrl: POST /_sim/config first");
  const batch = store.pending.splice(0, Math.max(0, count));
  const report: PushReport = { platform: "wechat", delivered: [], failed: [], attempts: 0, remaining: 0 };
  const retry: WechatInbound[] = [];
  for (const message of batch) {
    const slow = state.faults.fire("wechat", "slow");
    if (slow) await delay(slow.ms ?? 3000, state.lifecycle.signal);
    if (message.createTime === null) message.createTime = state.clock.nowSeconds();
    const malformed = state.faults.fire("wechat", "malformed");
    const variant = malformed ? variantOf(malformed.variant) : null;
    const copies = state.faults.fire("wechat", "duplicate_delivery") ? 2 : 1;
    // The follower did write, whatever becomes of the delivery: the 48-hour window opens now.
    store.lastInteraction.set(message.openid, { atMs: state.clock.now().getTime(), sends: 0 });
    const build = buildAttempt(state, message, variant);
    let acknowledged = false;
    for (let copy = 0; copy < copies; copy++) {
      const outcome = await deliver({
        attempt: build,
        retries: config.retries,
        timeoutMs: config.timeoutMs,
        backoffMs: () => 0,
        signal: state.lifecycle.signal,
      });
      report.attempts += outcome.attempts;
      state.stats.countRequests("wechat", "push", outcome.attempts);
      if (outcome.ok) {
        acknowledged = true;
        if (!variant) recordPassiveReply(state, message, outcome);
      } else if (copy === copies - 1 && !acknowledged) {
        report.failed.push({ id: inboundKey(message), attempts: outcome.attempts, error: outcome.error });
      }
    }
    if (acknowledged && !variant) {
      const key = inboundKey(message);
      // Events are not posts: listed under their own endpoint, outside the platform total.
      if (message.msgId === null) state.stats.serve("wechat", "push:event", [key], false);
      else state.stats.serve("wechat", "push", [key]);
      store.delivered.push(message);
      report.delivered.push(key);
    } else {
      if (acknowledged)
        report.failed.push({ id: inboundKey(message), attempts: 0, error: `malformed (${variant}) delivery` });
      retry.push(message);
    }
  }
  store.pending.unshift(...retry);
  report.remaining = store.pending.length;
  return report;
}
