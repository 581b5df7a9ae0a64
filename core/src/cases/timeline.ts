/**
 * The append-only timeline of a case: every change writes one `case_events` row in the same transaction as the
 * change. Nothing here updates or deletes an event, and the database refuses it too (a trigger in the
 * migration), so the timeline cannot be edited after the fact.
 */
import type { Db } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import { caseEvents } from "@qnzs/db/schema";
import { sql } from "drizzle-orm";

export const CASE_EVENT_TYPES = [
  "created",
  "posts_linked",
  "routed",
  "referred_12355",
  "passed_up",
  "transferred",
  "returned",
  "reassignment_requested",
  "reassignment_approved",
  "reassignment_rejected",
  "assigned",
  "claimed",
  "due_warning",
  "overdue",
  "escalated",
  "answer_drafted",
  "answer_submitted",
  "answer_approved",
  "answer_rejected",
  "answer_made_public",
  /** every target of the approved answer is out (or its portal page is): the answer is published */
  "answer_published",
  "rated",
  "reopened",
  "closed",
  "archived",
  "merged",
  "merged_into",
  "split",
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** Who caused an event: a signed-in user, the hub itself (routing, supervision), or the asker (rating by code). */
export type EventActor = { kind: "user"; userId: number } | { kind: "system" } | { kind: "public" };

export const SYSTEM: EventActor = { kind: "system" };
export const PUBLIC: EventActor = { kind: "public" };

export interface NewCaseEvent {
  caseId: number;
  type: CaseEventType;
  actor: EventActor;
  /** the org holding the case when it happened */
  orgId: number | null;
  fromOrgId?: number | null;
  toOrgId?: number | null;
  reason?: string | null;
  data?: Record<string, unknown> | null;
  at: Date;
}

export async function appendEvent(db: Db, event: NewCaseEvent): Promise<void> {
  await db.insert(caseEvents).values({
    caseId: event.caseId,
    type: event.type,
    actorId: event.actor.kind === "user" ? event.actor.userId : null,
    actorKind: event.actor.kind,
    orgId: event.orgId,
    fromOrgId: event.fromOrgId ?? null,
    toOrgId: event.toOrgId ?? null,
    reason: event.reason ?? null,
    data: event.data ?? null,
    createdAt: event.at,
  });
}

export interface TimelineEntry {
  id: number;
  type: CaseEventType;
  at: Date;
  actorKind: EventActor["kind"];
  actorId: number | null;
  actorName: string | null;
  orgId: number | null;
  orgName: string | null;
  fromOrgId: number | null;
  fromOrgName: string | null;
  toOrgId: number | null;
  toOrgName: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
}

interface EventRow extends Record<string, unknown> {
  id: string | number;
  type: CaseEventType;
  created_at: string | Date;
  actor_kind: EventActor["kind"];
  actor_id: string | number | null;
  actor_name: string | null;
  org_id: string | number | null;
  org_name: string | null;
  from_org_id: string | number | null;
  from_org_name: string | null;
  to_org_id: string | number | null;
  to_org_name: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
}

const toId = (value: string | number | null): number | null => (value === null ? null : Number(value));

/** The whole timeline in order, with names for the people and orgs it mentions. Access is the caller's check. */
export async function readTimeline(db: Db, caseId: number): Promise<TimelineEntry[]> {
  const rows = await queryRows<EventRow>(
    db,
    sql`
    select e.id, e.type, e.created_at, e.actor_kind, e.actor_id, u.display_name as actor_name,
      e.org_id, o.name as org_name, e.from_org_id, f.name as from_org_name, e.to_org_id, t.name as to_org_name,
      e.reason, e.data
    from case_events e
    left join users u on u.id = e.actor_id
    left join orgs o on o.id = e.org_id
    left join orgs f on f.id = e.from_org_id
    left join orgs t on t.id = e.to_org_id
    where e.case_id = ${caseId}
    order by e.created_at, e.id
  `,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    type: row.type,
    at: new Date(row.created_at),
    actorKind: row.actor_kind,
    actorId: toId(row.actor_id),
    actorName: row.actor_name,
    orgId: toId(row.org_id),
    orgName: row.org_name,
    fromOrgId: toId(row.from_org_id),
    fromOrgName: row.from_org_name,
    toOrgId: toId(row.to_org_id),
    toOrgName: row.to_org_name,
    reason: row.reason,
    data: row.data,
  }));
}
