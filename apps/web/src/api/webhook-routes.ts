/**
 * Lifecycle webhooks an organisation registers (its admins, or admins above it). The signing secret is in the
 * answer to the registration only; afterwards nobody can read it back.
 *
 *   POST /api/publish/webhooks                   { orgId, url, events? }  → 201 { webhook, secret }
 *   GET  /api/publish/webhooks?orgId=N
 *   POST /api/publish/webhooks/:id/deactivate
 *   GET  /api/publish/webhooks/:id/deliveries    the latest deliveries and how they went
 */
import {
  deactivateWebhook,
  listWebhookDeliveries,
  listWebhooks,
  type RegisterWebhookSchema,
  registerWebhook,
} from "@qnzs/core/publish/index";
import type { z } from "zod";
import { HttpError, readJson, sendJson } from "../hub/http.ts";
import type { Route } from "../hub/router.ts";
import type { Publishing } from "./publishing.ts";
import { domainRoute, idParam } from "./respond.ts";

export function buildWebhookRoutes(publishing: Publishing): Route[] {
  const { db, secrets } = publishing.runtime.database;
  return [
    domainRoute("POST", "/api/publish/webhooks", publishing.actors.adminToken, async (context) => {
      const body = (await readJson(context.request, 64 * 1024)) as z.input<typeof RegisterWebhookSchema>;
      const actor = await publishing.actors.resolve(context);
      const registered = await registerWebhook(db, secrets, actor, body, {
        allowedHosts: publishing.webhookAllowedHosts,
        now: publishing.runtime.now(),
      });
      sendJson(context.response, 201, registered);
    }),
    domainRoute("GET", "/api/publish/webhooks", publishing.actors.adminToken, async (context) => {
      const orgId = Number(context.url.searchParams.get("orgId"));
      if (!Number.isSafeInteger(orgId) || orgId <= 0) throw new HttpError(400, "需要 orgId / orgId is required");
      sendJson(context.response, 200, await listWebhooks(db, await publishing.actors.resolve(context), orgId));
    }),
    domainRoute("POST", "/api/publish/webhooks/:id/deactivate", publishing.actors.adminToken, async (context) => {
      const actor = await publishing.actors.resolve(context);
      sendJson(context.response, 200, await deactivateWebhook(db, actor, idParam(context), publishing.runtime.now()));
    }),
    domainRoute("GET", "/api/publish/webhooks/:id/deliveries", publishing.actors.adminToken, async (context) => {
      const actor = await publishing.actors.resolve(context);
      sendJson(context.response, 200, await listWebhookDeliveries(db, actor, idParam(context)));
    }),
  ];
}
