import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signWebhookBody, verifyWebhookSignature } from "./webhook-signature.ts";

const AT = new Date("2025-09-01T02:00:00Z");
const BODY = '{"id":"evt_1","type":"case.created"}';

describe("webhook signatures", () => {
  it("signs timestamp and body with HMAC-SHA256, as t=<unix>,v1=<hex>", () => {
    const header = signWebhookBody("whsec_test", BODY, AT);
    // echo -n '1756692000.{"id":"evt_1","type":"case.created"}' | openssl dgst -sha256 -hmac whsec_test
    expect(header).toBe("t=1756692000,v1=0db5991c0149841bc9851f3430df73f15e1af74947a01532cacd780ada28e062");
  });

  it("lets a receiver refuse a changed body, another secret and an old timestamp", () => {
    const secret = generateWebhookSecret();
    const header = signWebhookBody(secret, BODY, AT);
    expect(verifyWebhookSignature(secret, BODY, header, { now: AT })).toBe(true);
    expect(verifyWebhookSignature(secret, BODY.replace("created", "rated"), header, { now: AT })).toBe(false);
    expect(verifyWebhookSignature(generateWebhookSecret(), BODY, header, { now: AT })).toBe(false);
    const later = new Date(AT.getTime() + 10 * 60_000);
    expect(verifyWebhookSignature(secret, BODY, header, { now: later })).toBe(false);
  });
});
