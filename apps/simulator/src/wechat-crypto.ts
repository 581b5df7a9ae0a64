import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * WeChat callback signing and 安全模式 encryption (reference §2.1, §2.3). The simulator keeps its own copy so that it
 * checks the adapters instead of sharing their mistakes.
 */

/** `signature` (plaintext mode) and `msg_signature` (with the Encrypt text): sha1 of the sorted, joined parts. */
export function signParts(...parts: string[]): string {
  return createHash("sha1")
    .update([...parts].sort().join(""))
    .digest("hex");
}

function aesKey(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  if (key.length !== 32) throw new Error("EncodingAESKey must be 43 characters of base64");
  return key;
}

const BLOCK = 32;

/** random16 ‖ uint32be(len) ‖ msg ‖ appid, PKCS#7 padded to 32 bytes, AES-256-CBC with IV = key[0:16]. */
export function encryptMessage(encodingAesKey: string, appId: string, message: string, random16?: Buffer): string {
  const key = aesKey(encodingAesKey);
  const body = Buffer.from(message, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([random16 ?? randomBytes(16), length, body, Buffer.from(appId, "utf8")]);
  const padLength = BLOCK - (plain.length % BLOCK);
  const padded = Buffer.concat([plain, Buffer.alloc(padLength, padLength)]);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString("base64");
}

export interface DecryptedMessage {
  message: string;
  appId: string;
}

export function decryptMessage(encodingAesKey: string, encrypted: string): DecryptedMessage {
  const key = aesKey(encodingAesKey);
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, "base64")), decipher.final()]);
  const padLength = padded[padded.length - 1] ?? 0;
  if (padLength < 1 || padLength > BLOCK) throw new Error("bad PKCS#7 padding");
  const plain = padded.subarray(0, padded.length - padLength);
  const length = plain.readUInt32BE(16);
  return {
    message: plain.subarray(20, 20 + length).toString("utf8"),
    appId: plain.subarray(20 + length).toString("utf8"),
  };
}

/** A ciphertext whose last block decrypts to an impossible padding value, for the "bad padding" fault. */
export function encryptWithBadPadding(encodingAesKey: string, appId: string, message: string): string {
  const key = aesKey(encodingAesKey);
  const body = Buffer.from(message, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([randomBytes(16), length, body, Buffer.from(appId, "utf8")]);
  const fill = BLOCK - (plain.length % BLOCK);
  // 0 is never a valid PKCS#7 pad byte.
  const padded = Buffer.concat([plain, Buffer.alloc(fill, 0)]);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString("base64");
}
