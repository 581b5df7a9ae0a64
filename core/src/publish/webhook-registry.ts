/**
 * Organisations register HTTPS endpoints for lifecycle events of the cases in their subtree. An org's admins (and
 * the admins above it) manage them. The signing secret is generated here, shown once, and kept sealed.
 */
import type { Db, SecretBox } from "@qnzs/db";
import { caseEvents, orgs, orgWebhooks, WEBHOOK_EVENTS, webhookDeliveries } from "@qnzs/db/schema";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, canAdminister } from "../cases/access.ts";
import { InvalidInput, NotFound, parseInput } from "../cases/errors.ts";
import { generateWebhookSecret } from "./webhook-signature.ts";

export type WebhookRow = typeof orgWebhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A webhook as shown to people: never its secret. */
export type WebhookView = Omit<WebhookRow, "secret" | "cursorEventId" | "afterEventId">;

export const RegisterWebhookSchema = z.object({
  orgId: z.number().int().positive(),
  url: z.url().max(2000),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1)
    .default([...WEBHOOK_EVENTS]),
});

export interface WebhookPolicy {
  /** hosts ("host" or "host:port") that may be reached over plain HTTP, e.g. a test receiver */
  allowedHosts?: readonly string[];
}

export async function registerWebhook(
  db: Db,
  box: SecretBox,
  actor: Actor,
  input: z.input<typeof RegisterWebhookSchema>,
  options: WebhookPolicy & { now?: Date } = {},
): Promise<{ webhook: WebhookView; secret: string }> {
  const data = parseInput(RegisterWebhookSchema, input);
  const now = options.now ?? new Date();
  const url = new URL(data.url);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isAllowedHost(url, options.allowedHosts ?? []))) {
    throw new InvalidInput("回调地址必须使用 HTTPS / the endpoint must be an HTTPS URL", [
      { path: "url", message: "https only" },
    ]);
  }
  const org = await loadOrg(db, data.orgId);
  assertCan(canAdminister(actor, org.path), "只有本组织或上级组织的管理员可以管理回调 / org admins only");
  const secret = generateWebhookSecret();
  const [latest] = await db.select({ id: sql<number>`coalesce(max(${caseEvents.id}), 0)::bigint` }).from(caseEvents);
  const after = Number(latest?.id ?? 0);
  const [row] = await db
    .insert(orgWebhooks)
    .values({
      orgId: org.id,
      url: url.href,
      secret: box.seal(secret),
      events: data.events,
      // only what happens from now on: an endpoint is not flooded with the org's history
      afterEventId: after,
      cursorEventId: after,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { webhook: toView(row!), secret };
}

export async function listWebhooks(db: Db, actor: Actor, orgId: number): Promise<WebhookView[]> {
  const org = await loadOrg(db, orgId);
  assertCan(canAdminister(actor, org.path));
  const rows = await db.select().from(orgWebhooks).where(eq(orgWebhooks.orgId, orgId)).orderBy(orgWebhooks.id);
  return rows.map(toView);
}

/** Stops deliveries; the rows already delivered stay as the record. */
export async function deactivateWebhook(
  db: Db,
  actor: Actor,
  webhookId: number,
  now = new Date(),
): Promise<WebhookView> {
  const webhook = await loadWebhook(db, actor, webhookId);
  const [row] = await db
    .update(orgWebhooks)
    .set({ active: false, updatedAt: now })
    .where(eq(orgWebhooks.id, webhook.id))
    .returning();
  return toView(row!);
}

/** The latest deliveries of a webhook, newest first: what the org's admin checks when their system missed one. */
export async function listWebhookDeliveries(
  db: Db,
  actor: Actor,
  webhookId: number,
  limit = 50,
): Promise<Omit<WebhookDeliveryRow, "leaseOwner" | "leaseUntil">[]> {
  const webhook = await loadWebhook(db, actor, webhookId);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, webhook.id)))
    .orderBy(desc(webhookDeliveries.id))
    .limit(Math.min(Math.max(limit, 1), 200));
  return rows.map(({ leaseOwner: _owner, leaseUntil: _until, ...rest }) => rest);
}

async function loadWebhook(db: Db, actor: Actor, webhookId: number): Promise<WebhookRow> {
  const [row] = await db.select().from(orgWebhooks).where(eq(orgWebhooks.id, webhookId));
  if (!row) throw new NotFound(`回调 #${webhookId} `);
  const org = await loadOrg(db, row.orgId);
  assertCan(canAdminister(actor, org.path));
  return row;
}

async function loadOrg(db: Db, orgId: number) {
  const [org] = await db.select().from(orgs).where(eq(orgs.id, orgId));
  if (!org) throw new NotFound(`组织 #${orgId} `);
  return org;
}

function toView(row: WebhookRow): WebhookView {
  const { secret: _secret, cursorEventId: _cursor, afterEventId: _after, ...view } = row;
  return view;
}

/** "host:port" matches exactly; "host" matches any port. */
export function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.host.toLowerCase();
  const hostname = url.hostname.toLowerCase();
  return allowedHosts.some((entry) => {
    const allowed = entry.trim().toLowerCase();
    if (!allowed) return false;
    return allowed === host || (!/:\d+$/.test(allowed) && allowed === hostname);
  });
}
