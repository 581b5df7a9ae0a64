/**
 * The official account's server callback: URL verification (GET) and message pushes (POST), plaintext or 安全模式.
 * WeChat waits 5 s and then retries, so the answer is always immediate: "success", or a refusal with no items.
 */
import type { CallbackRequest, CallbackResult, RejectedPayload } from "../contract.ts";
import { decryptMessage, verifySignature, WechatCryptoError } from "./crypto.ts";
import { mapCallbackMessage } from "./transform.ts";
import { parseWechatXml, readField } from "./xml.ts";

export interface CallbackConfig {
  appId: string;
  token: string;
  encodingAesKey?: string | undefined;
  /** the account's original id (gh_…): messages addressed elsewhere are refused */
  originalId?: string | undefined;
}

const TEXT = { "content-type": "text/plain; charset=utf-8" };

export function handleWechatCallback(request: CallbackRequest, config: CallbackConfig): CallbackResult {
  const query = request.url.searchParams;
  const timestamp = query.get("timestamp") ?? "";
  const nonce = query.get("nonce") ?? "";
  const method = request.method.toUpperCase();

  if (method === "GET") return verifyServerUrl(query, config, timestamp, nonce);
  if (method !== "POST") return refuse(405, "Method Not Allowed");

  let xml = request.body;
  if (query.get("encrypt_type") === "aes") {
    const outer = parseWechatXml(request.body);
    const encrypted = outer ? readField(outer, "Encrypt") : null;
    if (!encrypted) return reject(400, { raw: request.body, reason: "加密消息缺少 Encrypt / no Encrypt element" });
    if (!verifySignature(query.get("msg_signature"), [config.token, timestamp, nonce, encrypted])) {
      return refuse(401, "Invalid signature");
    }
    if (!config.encodingAesKey) {
      return reject(400, {
        raw: request.body,
        reason: "未配置 EncodingAESKey，无法解密 / EncodingAESKey not configured",
      });
    }
    try {
      const decrypted = decryptMessage(config.encodingAesKey, encrypted);
      // a valid signature with another account's appid is a message for someone else: refuse it
      if (decrypted.appId !== config.appId) return refuse(401, "AppID mismatch");
      xml = decrypted.message;
    } catch (error) {
      if (!(error instanceof WechatCryptoError)) throw error;
      return reject(400, { raw: request.body, reason: `消息解密失败 / decryption failed: ${error.message}` });
    }
  } else if (!verifySignature(query.get("signature"), [config.token, timestamp, nonce])) {
    return refuse(401, "Invalid signature");
  }

  const fields = parseWechatXml(xml);
  if (!fields) return reject(400, { raw: xml, reason: "不是有效的微信消息 XML / not a WeChat message XML" });
  const to = readField(fields, "ToUserName");
  if (config.originalId && to && to !== config.originalId) return refuse(401, "Wrong recipient");
  const mapped = mapCallbackMessage(fields, xml);
  // acknowledged either way: an unmapped message is stored as rejected, and WeChat must not show "无法提供服务"
  if ("item" in mapped) return { response: success(), items: [mapped.item] };
  return { response: success(), items: [], rejected: [mapped.rejected] };
}

function verifyServerUrl(
  query: URLSearchParams,
  config: CallbackConfig,
  timestamp: string,
  nonce: string,
): CallbackResult {
  const echostr = query.get("echostr");
  if (!echostr) return refuse(400, "Missing echostr");
  const msgSignature = query.get("msg_signature");
  if (msgSignature) {
    // the encrypted verification variant: echostr is ciphertext signed with msg_signature
    if (!config.encodingAesKey || !verifySignature(msgSignature, [config.token, timestamp, nonce, echostr])) {
      return refuse(401, "Invalid signature");
    }
    try {
      const decrypted = decryptMessage(config.encodingAesKey, echostr);
      if (decrypted.appId !== config.appId) return refuse(401, "AppID mismatch");
      return { response: { status: 200, headers: TEXT, body: decrypted.message }, items: [] };
    } catch (error) {
      if (!(error instanceof WechatCryptoError)) throw error;
      return refuse(400, "Bad echostr");
    }
  }
  if (!verifySignature(query.get("signature"), [config.token, timestamp, nonce]))
    return refuse(401, "Invalid signature");
  return { response: { status: 200, headers: TEXT, body: echostr }, items: [] };
}

function success(): CallbackResult["response"] {
  return { status: 200, headers: TEXT, body: "success" };
}

function refuse(status: number, body: string): CallbackResult {
  return { response: { status, headers: TEXT, body }, items: [] };
}

function reject(status: number, rejected: RejectedPayload): CallbackResult {
  return { response: { status, headers: TEXT, body: "Bad Request" }, items: [], rejected: [rejected] };
}
