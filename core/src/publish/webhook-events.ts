/**
 * Which case events become webhook deliveries. The timeline (`case_events`) is the one source: every create,
 * route, approval, publication and rating already writes a row there in its own transaction, so reading it with a
 * cursor per webhook never misses an event and needs no hook in the code that changes cases.
 *
 * An event belongs to the org the case went to (or was at), and is delivered to the webhooks of that org and of
 * every org above it. Ids are taken when a transaction inserts, not when it commits, so a long transaction can
 * commit an id below the cursor: each pass reads a window behind the cursor again, and the unique (webhook, event)
 * key keeps the re-read from delivering anything twice.
 */
import { type Db, queryRows } from "@qnzs/db";
import { type WebhookEvent, webhookDeliveries } from "@qnzs/db/schema";
import { sql } from "drizzle-orm";
import type { CaseEventType } from "../cases/timeline.ts";
import { maskPersonalData } from "../text/mask.ts";

/** The timeline events behind each webhook event. */
export const WEBHOOK_EVENT_SOURCES: Record<WebhookEvent, readonly CaseEventType[]> = {
  "case.created": ["created"],
  "case.routed": ["routed", "referred_12355", "transferred", "passed_up", "reassignment_approved"],
  "case.answered": ["answer_approved"],
  "case.published": ["answer_published"],
  "case.rated": ["rated"],
};

/** How many event ids behind its cursor each pass reads again (see the file comment). */
const LOOKBACK_IDS = 1000;

/** What an endpoint receives: no contacts, no case code (the asker's key), the title masked. */
export interface WebhookPayload {
  id: string;
  type: WebhookEvent;
  occurredAt: string;
  case: { id: number; title: string; category: string | null; orgId: number | null; orgName: string | null };
  data: Record<string, unknown>;
}

interface WebhookToPlan extends Record<string, unknown> {
  id: string | number;
  events: string[];
  after_event_id: string | number;
  cursor_event_id: string | number;
  org_path: string;
  is_root: boolean;
}

interface EventToDeliver extends Record<string, unknown> {
  id: string | number;
  type: CaseEventType;
  created_at: string | Date;
  case_id: string | number;
  from_org_id: string | number | null;
  to_org_id: string | number | null;
  data: Record<string, unknown> | null;
  title: string;
  category: string | null;
  org_id: string | number | null;
  org_name: string | null;
}

/** Plans the deliveries of new events for every active webhook; returns how many were added. */
export async function planWebhookDeliveries(db: Db, now: Date, options: { limit?: number } = {}): Promise<number> {
  const hooks = await queryRows<{ id: string | number }>(db, sql`select id from org_webhooks where active order by id`);
  let planned = 0;
  for (const hook of hooks) planned += await planForWebhook(db, Number(hook.id), now, options.limit ?? 500);
  return planned;
}

async function planForWebhook(db: Db, webhookId: number, now: Date, limit: number): Promise<number> {
  return db.transaction(async (tx) => {
    // one planner per webhook at a time: another worker skips it rather than waiting
    const [hook] = await queryRows<WebhookToPlan>(
      tx,
      sql`select w.id, w.events, w.after_event_id, w.cursor_event_id, o.path as org_path, o.parent_id is null as is_root
          from org_webhooks w join orgs o on o.id = w.org_id
          where w.id = ${webhookId} and w.active
          for update of w skip locked`,
    );
    if (!hook) return 0;
    const [latest] = await queryRows<{ id: string | number }>(
      tx,
      sql`select coalesce(max(id), 0) as id from case_events`,
    );
    const subscribed = hook.events.filter((event): event is WebhookEvent => event in WEBHOOK_EVENT_SOURCES);
    const types = subscribed.flatMap((event) => WEBHOOK_EVENT_SOURCES[event]);
    if (types.length === 0) return 0;
    const from = Math.max(Number(hook.after_event_id), Number(hook.cursor_event_id) - LOOKBACK_IDS);
    const events = await queryRows<EventToDeliver>(
      tx,
      sql`select e.id, e.type, e.created_at, e.case_id, e.from_org_id, e.to_org_id, e.data,
            c.title, c.category, eo.id as org_id, eo.name as org_name
          from case_events e
          join cases c on c.id = e.case_id
          left join orgs eo on eo.id = coalesce(e.to_org_id, e.org_id, c.org_id)
          where e.id > ${from}
            and e.type in (${sql.join(
              types.map((type) => sql`${type}`),
              sql`, `,
            )})
            and (eo.path like ${`${hook.org_path}%`} or (eo.id is null and ${hook.is_root}))
            and not exists (select 1 from webhook_deliveries d where d.webhook_id = ${webhookId} and d.event_id = e.id)
          order by e.id
          limit ${limit}`,
    );
    if (events.length > 0) {
      await tx
        .insert(webhookDeliveries)
        .values(
          events.map((event) => {
            const payload = toPayload(event);
            return {
              webhookId,
              eventId: Number(event.id),
              eventType: payload.type,
              payload,
              nextAttemptAt: now,
              createdAt: now,
              updatedAt: now,
            };
          }),
        )
        .onConflictDoNothing();
    }
    // a full page may have left events behind: the cursor stops at the last one read
    const cursor = events.length === limit ? Number(events.at(-1)!.id) : Number(latest?.id ?? 0);
    await tx.execute(
      sql`update org_webhooks set cursor_event_id = greatest(cursor_event_id, ${cursor}) where id = ${webhookId}`,
    );
    return events.length;
  });
}

function toPayload(event: EventToDeliver): WebhookPayload {
  const type = (Object.keys(WEBHOOK_EVENT_SOURCES) as WebhookEvent[]).find((name) =>
    WEBHOOK_EVENT_SOURCES[name].includes(event.type),
  )!;
  const source = event.data ?? {};
  const data: Record<string, unknown> = { timelineType: event.type };
  for (const key of ["answerId", "rating", "solved"] as const) {
    if (source[key] !== undefined) data[key] = source[key];
  }
  if (event.from_org_id !== null) data.fromOrgId = Number(event.from_org_id);
  if (event.to_org_id !== null) data.toOrgId = Number(event.to_org_id);
  return {
    id: `evt_${event.id}`,
    type,
    occurredAt: new Date(event.created_at).toISOString(),
    case: {
      id: Number(event.case_id),
      title: maskPersonalData(event.title).text,
      category: event.category,
      orgId: event.org_id === null ? null : Number(event.org_id),
      orgName: event.org_name,
    },
    data,
  };
}
