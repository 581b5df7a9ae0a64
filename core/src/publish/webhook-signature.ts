/**
 * Signing lifecycle webhooks: `X-Qnzs-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`.
 * The timestamp is inside the signed text, so a receiver that refuses old timestamps also refuses replays.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-qnzs-signature";

export function signWebhookBody(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${hmacHex(secret, `${timestamp}.${body}`)}`;
}

/** What a receiver does: true when the header was made with this secret over this body, within `toleranceMs`. */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  options: { now: Date; toleranceMs?: number },
): boolean {
  const parts = new Map(
    header.split(",").map((part) => {
      const [key, ...rest] = part.trim().split("=");
      return [key ?? "", rest.join("=")] as const;
    }),
  );
  const timestamp = Number(parts.get("t"));
  const given = parts.get("v1") ?? "";
  if (!Number.isSafeInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(options.now.getTime() - timestamp * 1000) > (options.toleranceMs ?? 300_000)) return false;
  const expected = Buffer.from(hmacHex(secret, `${timestamp}.${body}`), "hex");
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

/** A new signing secret, shown once when the webhook is registered. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("hex")}`;
}

function hmacHex(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text, "utf8").digest("hex");
}
