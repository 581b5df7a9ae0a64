/**
 * Delivering lifecycle webhooks: new case events become delivery rows (core/publish/webhook-events.ts), and each
 * due row is POSTed, signed, through the same guard as configured portal URLs — HTTPS only, internal addresses
 * refused, unless the operator allowed the host. 2xx is delivered; anything else is tried again with backoff.
 */
import { BlockedUrlError, fetchGuarded } from "@qnzs/adapters/net";
import {
  claimDueDeliveries,
  isAllowedHost,
  planWebhookDeliveries,
  type RetryPolicy,
  recordDelivery,
  SIGNATURE_HEADER,
  signWebhookBody,
} from "@qnzs/core/publish/index";
import { messageOf } from "../error-kind.ts";
import type { CrawlerRuntime } from "../runtime.ts";

export interface WebhookDeliveryOptions {
  /** hosts ("host" or "host:port") reached even over HTTP or on an internal address, e.g. a test receiver */
  allowedHosts?: readonly string[];
  timeoutMs?: number;
  limit?: number;
  policy?: RetryPolicy;
}

/** `QNZS_WEBHOOK_ALLOWED_HOSTS`: comma-separated hosts an operator lets webhooks reach over HTTP or internally. */
export function webhookHostsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.QNZS_WEBHOOK_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((host) => host.trim())
    .filter(Boolean);
}

export async function deliverWebhooks(
  runtime: CrawlerRuntime,
  owner: string,
  options: WebhookDeliveryOptions,
): Promise<{ planned: number; delivered: number; failed: number }> {
  const db = runtime.database.db;
  const planned = await planWebhookDeliveries(db, runtime.now());
  const timeoutMs = options.timeoutMs ?? 10_000;
  const claimed = await claimDueDeliveries(db, owner, options.limit ?? 20, runtime.now(), {
    // a delivery is given up before its lease ends, so no other worker sends it while this one still waits
    leaseMs: timeoutMs * 2,
  });
  let delivered = 0;
  let failed = 0;
  for (const delivery of claimed) {
    const body = JSON.stringify(delivery.payload);
    const outcome = await postSigned(runtime, delivery.url, runtime.database.secrets.open(delivery.sealedSecret), {
      body,
      eventType: delivery.eventType,
      deliveryId: delivery.id,
      eventId: delivery.eventId,
      allowedHosts: options.allowedHosts ?? webhookHostsFromEnv(),
      timeoutMs,
    });
    const row = await recordDelivery(db, delivery, outcome, {
      now: runtime.now(),
      random: runtime.random,
      ...(options.policy ? { policy: options.policy } : {}),
    });
    if (row?.status === "delivered") delivered += 1;
    else failed += 1;
  }
  return { planned, delivered, failed };
}

async function postSigned(
  runtime: CrawlerRuntime,
  url: string,
  secret: string,
  request: {
    body: string;
    eventType: string;
    deliveryId: number;
    eventId: number;
    allowedHosts: readonly string[];
    timeoutMs: number;
  },
) {
  const target = new URL(url);
  if (target.protocol !== "https:" && !isAllowedHost(target, request.allowedHosts)) {
    return { ok: false as const, status: null, error: "回调地址必须使用 HTTPS / HTTPS only", retry: false };
  }
  try {
    const { response } = await fetchGuarded(
      runtime.fetch,
      target,
      {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "qnzs-hub-webhooks/1",
          [SIGNATURE_HEADER]: signWebhookBody(secret, request.body, runtime.now()),
          "x-qnzs-event": request.eventType,
          "x-qnzs-event-id": `evt_${request.eventId}`,
          "x-qnzs-delivery": String(request.deliveryId),
        },
        body: request.body,
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      { allowedHosts: request.allowedHosts, maxRedirects: 0 },
    );
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { ok: true as const, status: response.status };
    return { ok: false as const, status: response.status, error: `HTTP ${response.status}`, retry: true };
  } catch (error) {
    return { ok: false as const, status: null, error: messageOf(error), retry: !(error instanceof BlockedUrlError) };
  }
}
