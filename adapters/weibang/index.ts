/**
 * 微邦 (Weibang), the League's closed mobile app. No public API: inbound is a signed JSON webhook (operator bridge
 * or partner push) plus export imports; outbound is an operator task, since automating a closed app is out of scope.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { CallbackResult, ChannelAdapter } from "../contract.ts";
import { parseLenientJson } from "../shared/lenient-json.ts";
import { mapWeibangEvent } from "./transform.ts";
import { readHeader, rememberEvent, verifyWeibangDelivery } from "./webhook.ts";

export { type ExportResult, parseWeibangExport } from "./transform.ts";
export { signWeibangBody } from "./webhook.ts";

export const WeibangConfigSchema = z.object({
  /** the HMAC-SHA256 signing secret shared with the sender */
  secret: z.string().min(16).describe("签名密钥"),
  maxSkewSeconds: z.number().int().min(30).max(3600).default(300).describe("允许的时钟偏差（秒）"),
  /** the League organisation on Weibang this account stands for (shown to operators) */
  orgName: z.string().optional().describe("微邦组织名称"),
});
export type WeibangConfig = z.infer<typeof WeibangConfigSchema>;

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

export const weibang: ChannelAdapter<WeibangConfig> = {
  kind: "weibang",
  meta: {
    name: "微邦",
    description:
      "微邦没有公开 API：通过签名 Webhook 接收消息、评论和动态，或导入应用导出的 CSV/JSON；回答由运营人员在微邦中手动发布",
    antiCrawlerRisk: "none",
    example: {
      secret: "<at least 16 characters shared with the webhook sender>",
      maxSkewSeconds: 300,
      orgName: "XX团委",
    },
  },
  config: WeibangConfigSchema,
  secretFields: ["secret"],
  capabilities: { pull: false, push: true, reply: true, post: true, maxLength: 2000, publishMode: "operator" },

  async receive(request, config, ctx) {
    if (request.method.toUpperCase() !== "POST") return respond(405, { error: "method not allowed" });
    const verdict = verifyWeibangDelivery({
      secret: config.secret,
      rawBody: request.body,
      signature: readHeader(request.headers, "x-signature"),
      timestamp: readHeader(request.headers, "x-timestamp"),
      now: ctx.now(),
      maxSkewSeconds: config.maxSkewSeconds,
    });
    if (!verdict.ok) return respond(verdict.status, { error: verdict.reason });

    let payload: unknown;
    try {
      payload = parseLenientJson(request.body);
    } catch {
      return {
        ...respond(400, { error: "malformed JSON" }),
        rejected: [{ raw: request.body, reason: "JSON 格式错误 / malformed JSON" }],
      };
    }
    const eventId =
      typeof payload === "object" && payload !== null ? (payload as { event_id?: unknown }).event_id : null;
    if (typeof eventId !== "string" || !eventId) {
      return {
        ...respond(400, { error: "missing event_id" }),
        rejected: [{ raw: payload, reason: "缺少 event_id / no event_id" }],
      };
    }
    // a replay is acknowledged (the sender stops retrying) but yields nothing
    if (!rememberEvent(ctx.cache, scopeOf(config.secret), eventId)) return respond(200, { status: "duplicate" });

    const mapped = mapWeibangEvent(payload);
    if ("item" in mapped) return { ...respond(200, { status: "accepted" }), items: [mapped.item] };
    return { ...respond(200, { status: "rejected", reason: mapped.rejected.reason }), rejected: [mapped.rejected] };
  },

  async publish(config, message) {
    // nothing is sent: the console shows the ready text and an operator posts it in the app, then marks it done
    const where = config.orgName ? `「${config.orgName}」` : "";
    return {
      remoteId: `task:${message.idempotencyKey}`,
      url: null,
      note: `微邦没有开放接口，请运营人员在微邦${where}中手动发布此内容后标记完成 / Weibang has no API: an operator must post this text in the app and mark it done`,
    };
  },
};

function respond(status: number, body: Record<string, unknown>): CallbackResult {
  return { response: { status, headers: JSON_HEADERS, body: JSON.stringify(body) }, items: [] };
}

/** seen-event keys are scoped per account (by its secret) without putting the secret itself in a cache key */
function scopeOf(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 16);
}
