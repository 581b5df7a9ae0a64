/**
 * WeChat message signatures and 安全模式 (AES) encryption, with node:crypto only.
 * AES-256-CBC, key = base64(EncodingAESKey + "="), IV = key[0..16], PKCS#7 padding over a 32-byte block
 * (not AES's 16), plaintext = random(16) ‖ uint32be(len) ‖ message ‖ appid.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

const PAD_BLOCK = 32;

export class WechatCryptoError extends Error {
  constructor(
    message: string,
    readonly reason: "bad_key" | "bad_ciphertext" | "bad_padding" | "bad_length",
  ) {
    super(message);
    this.name = "WechatCryptoError";
  }
}

/** sha1 over the lexicographically sorted parts, hex lowercase */
export function computeSignature(parts: readonly string[]): string {
  return createHash("sha1")
    .update([...parts].sort().join(""))
    .digest("hex");
}

/** constant-time comparison against the expected signature */
export function verifySignature(given: string | null | undefined, parts: readonly string[]): boolean {
  if (!given) return false;
  const expected = Buffer.from(computeSignature(parts), "utf8");
  const actual = Buffer.from(given.toLowerCase(), "utf8");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function decodeAesKey(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  if (encodingAesKey.length !== 43 || key.length !== 32) {
    throw new WechatCryptoError("EncodingAESKey 必须是 43 个字符 / EncodingAESKey must be 43 characters", "bad_key");
  }
  return key;
}

export interface DecryptedMessage {
  message: string;
  /** the appid the sender appended: must equal ours */
  appId: string;
}

export function decryptMessage(encodingAesKey: string, encrypted: string): DecryptedMessage {
  const key = decodeAesKey(encodingAesKey);
  const ciphertext = Buffer.from(encrypted, "base64");
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) {
    throw new WechatCryptoError("密文长度不正确 / ciphertext is not a whole number of blocks", "bad_ciphertext");
  }
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  const plain = removePadding(padded);
  if (plain.length < 20) throw new WechatCryptoError("解密后数据过短 / decrypted data too short", "bad_length");
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length)
    throw new WechatCryptoError("消息长度字段越界 / message length out of range", "bad_length");
  return {
    message: plain.subarray(20, 20 + length).toString("utf8"),
    appId: plain.subarray(20 + length).toString("utf8"),
  };
}

/** `random` is injectable so tests can reproduce the published vectors */
export function encryptMessage(
  encodingAesKey: string,
  appId: string,
  message: string,
  random: Buffer = randomBytes(16),
): string {
  const key = decodeAesKey(encodingAesKey);
  const body = Buffer.from(message, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([random, length, body, Buffer.from(appId, "utf8")]);
  const padLength = PAD_BLOCK - (plain.length % PAD_BLOCK);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(padLength, padLength)])),
    cipher.final(),
  ]).toString("base64");
}

function removePadding(padded: Buffer): Buffer {
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > PAD_BLOCK || pad > padded.length) {
    throw new WechatCryptoError(`填充不正确 / bad PKCS#7 padding (${pad})`, "bad_padding");
  }
  for (let i = padded.length - pad; i < padded.length; i += 1) {
    if (padded[i] !== pad) throw new WechatCryptoError("填充不正确 / bad PKCS#7 padding", "bad_padding");
  }
  return padded.subarray(0, padded.length - pad);
}
