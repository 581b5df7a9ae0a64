/**
 * Reading cases: one case with its sources, answers and timeline for the console; lists scoped to what the
 * actor may see; the public page by code; the knowledge base of public answers. Reads check access like
 * changes do: a case outside the actor's area is a 403, a missing one a 404.
 */
import type { Db } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import {
  answers,
  CASE_STATUSES,
  CATEGORIES,
  type CaseStatus,
  type Category,
  cases,
  orgs,
  users,
} from "@qnzs/db/schema";
import { and, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { maskPersonalData } from "../text/mask.ts";
import { type Actor, assertCan, canRead } from "./access.ts";
import { type AnswerRow, listAnswers } from "./answers.ts";
import { type CaseRow, loadCase, OPEN_STATUSES, scopeOf } from "./case-store.ts";
import { normalizeCaseCode } from "./codes.ts";
import { NotFound, parseInput } from "./errors.ts";
import type { OrgRow } from "./org-tree.ts";
import { type CaseEventType, readTimeline, type TimelineEntry } from "./timeline.ts";
import { listReassignments, type ReassignmentRow } from "./transfer.ts";

export interface SourcePost {
  postId: number;
  caseId: number;
  accountId: number;
  channel: string;
  externalId: string;
  threadId: string | null;
  url: string | null;
  authorName: string | null;
  publishedAt: Date;
}

export interface SourceContact {
  caseId: number;
  code: string;
  source: string;
  contact: Record<string, string>;
}

export interface CaseSources {
  posts: SourcePost[];
  /** askers reached other than by a post (portal, Open311, hotline), this case's and its merged cases' */
  contacts: SourceContact[];
}

/**
 * Every place the answer must go back to: the case's posts and those of the cases merged into it (at any depth),
 * and the contacts of the askers who came by the portal, Open311 or the hotline.
 */
export async function listCaseSources(db: Db, caseId: number): Promise<CaseSources> {
  const tree = sql`
    with recursive tree(id) as (
      select ${caseId}::bigint
      union
      select c.id from cases c join tree t on c.merged_into = t.id
    )`;
  const postRows = await queryRows<{
    post_id: string | number;
    case_id: string | number;
    account_id: string | number;
    channel: string;
    external_id: string;
    thread_id: string | null;
    url: string | null;
    author_name: string | null;
    published_at: string | Date;
  }>(
    db,
    sql`${tree}
    select distinct on (p.id) p.id as post_id, cp.case_id, p.account_id, p.channel, p.external_id, p.thread_id, p.url,
      p.author_name, p.published_at
    from tree t join case_posts cp on cp.case_id = t.id join posts p on p.id = cp.post_id
    order by p.id, cp.case_id`,
  );
  const contactRows = await queryRows<{
    id: string | number;
    code: string;
    source: string;
    contact: Record<string, string>;
  }>(
    db,
    sql`${tree}
    select c.id, c.code, c.source, c.contact from tree t join cases c on c.id = t.id
    where c.contact is not null order by c.id`,
  );
  return {
    posts: postRows.map((row) => ({
      postId: Number(row.post_id),
      caseId: Number(row.case_id),
      accountId: Number(row.account_id),
      channel: row.channel,
      externalId: row.external_id,
      threadId: row.thread_id,
      url: row.url,
      authorName: row.author_name,
      publishedAt: new Date(row.published_at),
    })),
    contacts: contactRows.map((row) => ({
      caseId: Number(row.id),
      code: row.code,
      source: row.source,
      contact: row.contact,
    })),
  };
}

export interface CaseDetail {
  case: CaseRow;
  org: OrgRow | null;
  assignee: { id: number; displayName: string; helperType: string | null } | null;
  supervisor: { id: number; name: string } | null;
  sources: CaseSources;
  answers: AnswerRow[];
  reassignments: ReassignmentRow[];
}

export async function getCase(db: Db, actor: Actor, caseId: number): Promise<CaseDetail> {
  const loaded = await loadCase(db, caseId);
  assertCan(canRead(actor, scopeOf(loaded)));
  const row = loaded.row;
  const [assignee] = row.assigneeId
    ? await db
        .select({ id: users.id, displayName: users.displayName, helperType: users.helperType })
        .from(users)
        .where(eq(users.id, row.assigneeId))
    : [];
  const [supervisor] = row.supervisorOrgId
    ? await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(eq(orgs.id, row.supervisorOrgId))
    : [];
  return {
    case: row,
    org: loaded.org,
    assignee: assignee ?? null,
    supervisor: supervisor ?? null,
    sources: await listCaseSources(db, row.id),
    answers: await listAnswers(db, row.id),
    reassignments: await listReassignments(db, row.id),
  };
}

export async function getCaseTimeline(db: Db, actor: Actor, caseId: number): Promise<TimelineEntry[]> {
  const loaded = await loadCase(db, caseId);
  assertCan(canRead(actor, scopeOf(loaded)));
  return readTimeline(db, caseId);
}

export const ListCasesSchema = z.object({
  status: z.array(z.enum(CASE_STATUSES)).optional(),
  category: z.enum(CATEGORIES).optional(),
  /** only cases held in this org's subtree (still within what the actor may see) */
  orgId: z.number().int().positive().optional(),
  /** words in the title, description or code */
  q: z.string().trim().min(1).max(100).optional(),
  assignedToMe: z.boolean().optional(),
  /** cases escalated to an org where the actor handles cases */
  supervisedByMe: z.boolean().optional(),
  overdue: z.boolean().optional(),
  /** open cases due within this many hours and not yet overdue (due soon: 24) */
  dueWithinHours: z.number().int().min(1).max(720).optional(),
  /** true: only urgent cases; false: only the others */
  urgent: z.boolean().optional(),
  /** true: nobody holds the case (no helper assigned) */
  unassigned: z.boolean().optional(),
  /** true: overdue cases escalated to a supervising org (督办), at any level */
  escalated: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});

export interface CaseListItem {
  id: number;
  code: string;
  title: string;
  status: CaseStatus;
  category: Category | null;
  urgent: boolean;
  orgId: number | null;
  orgName: string | null;
  assigneeId: number | null;
  dueAt: Date | null;
  escalationLevel: number;
  supervisorOrgId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the actor may see: their orgs' subtrees (any role but helper) and the cases assigned to them. */
function visibleTo(actor: Actor): SQL | undefined {
  if (actor.isAdmin) return undefined;
  const paths = actor.roles.filter((role) => role.role !== "helper").map((role) => role.orgPath);
  const clauses: SQL[] = paths.map((path) => sql`${orgs.path} like ${`${path}%`}`);
  clauses.push(eq(cases.assigneeId, actor.userId));
  return or(...clauses);
}

/** The conditions of a filter (besides what the actor may see), shared by the list and the queue counts. */
async function filterConditions(
  db: Db,
  actor: Actor,
  data: z.output<typeof ListCasesSchema>,
  now: Date,
): Promise<(SQL | undefined)[]> {
  const conditions: (SQL | undefined)[] = [];
  if (data.status) conditions.push(inArray(cases.status, data.status));
  if (data.category) conditions.push(eq(cases.category, data.category));
  if (data.orgId !== undefined) {
    const [org] = await db.select().from(orgs).where(eq(orgs.id, data.orgId));
    if (!org) throw new NotFound(`组织 #${data.orgId} `);
    conditions.push(sql`${orgs.path} like ${`${org.path}%`}`);
  }
  if (data.q) {
    const pattern = `%${data.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    conditions.push(
      or(
        sql`${cases.title} ilike ${pattern}`,
        sql`${cases.description} ilike ${pattern}`,
        sql`${cases.code} ilike ${pattern}`,
      ),
    );
  }
  if (data.assignedToMe) conditions.push(eq(cases.assigneeId, actor.userId));
  if (data.supervisedByMe) {
    const handling = actor.roles
      .filter((role) => role.role === "cadre" || role.role === "admin")
      .map((role) => role.orgId);
    conditions.push(handling.length > 0 ? inArray(cases.supervisorOrgId, handling) : sql`false`);
  }
  if (data.overdue)
    conditions.push(and(inArray(cases.status, [...OPEN_STATUSES]), isNotNull(cases.dueAt), lt(cases.dueAt, now)));
  if (data.dueWithinHours !== undefined) {
    const until = new Date(now.getTime() + data.dueWithinHours * 3_600_000);
    conditions.push(and(inArray(cases.status, [...OPEN_STATUSES]), gte(cases.dueAt, now), lte(cases.dueAt, until)));
  }
  if (data.urgent !== undefined) conditions.push(eq(cases.urgent, data.urgent));
  if (data.unassigned) conditions.push(isNull(cases.assigneeId));
  if (data.escalated) conditions.push(and(inArray(cases.status, [...OPEN_STATUSES]), gt(cases.escalationLevel, 0)));
  return conditions;
}

export async function listCases(
  db: Db,
  actor: Actor,
  filters: z.input<typeof ListCasesSchema> = {},
  options: { now?: Date } = {},
): Promise<{ items: CaseListItem[]; total: number }> {
  const data = parseInput(ListCasesSchema, filters);
  const now = options.now ?? new Date();
  const conditions = [visibleTo(actor), ...(await filterConditions(db, actor, data, now))];
  const where = and(...conditions);
  const items = await db
    .select({
      id: cases.id,
      code: cases.code,
      title: cases.title,
      status: cases.status,
      category: cases.category,
      urgent: cases.urgent,
      orgId: cases.orgId,
      orgName: orgs.name,
      assigneeId: cases.assigneeId,
      dueAt: cases.dueAt,
      escalationLevel: cases.escalationLevel,
      supervisorOrgId: cases.supervisorOrgId,
      createdAt: cases.createdAt,
      updatedAt: cases.updatedAt,
    })
    .from(cases)
    .leftJoin(orgs, eq(orgs.id, cases.orgId))
    .where(where)
    .orderBy(desc(cases.urgent), desc(cases.updatedAt), desc(cases.id))
    .limit(data.limit)
    .offset(data.offset);
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(cases)
    .leftJoin(orgs, eq(orgs.id, cases.orgId))
    .where(where);
  return { items, total: count?.total ?? 0 };
}

/**
 * How many cases each named filter finds among those the actor may see, in one query (the queue tabs' counts).
 * Paging fields of the filters are ignored.
 */
export async function countCases<Name extends string>(
  db: Db,
  actor: Actor,
  named: Record<Name, z.input<typeof ListCasesSchema>>,
  options: { now?: Date } = {},
): Promise<Record<Name, number>> {
  const now = options.now ?? new Date();
  const names = Object.keys(named) as Name[];
  if (names.length === 0) return {} as Record<Name, number>;
  const columns: Record<string, SQL<number>> = {};
  for (const [index, name] of names.entries()) {
    const conditions = await filterConditions(db, actor, parseInput(ListCasesSchema, named[name]), now);
    const where = and(...conditions) ?? sql`true`;
    columns[`c${index}`] = sql<number>`(count(*) filter (where ${where}))::int`;
  }
  const [row] = await db.select(columns).from(cases).leftJoin(orgs, eq(orgs.id, cases.orgId)).where(visibleTo(actor));
  return Object.fromEntries(names.map((name, index) => [name, Number(row?.[`c${index}`] ?? 0)])) as Record<
    Name,
    number
  >;
}

export interface OverdueByOrg {
  orgId: number;
  orgName: string;
  orgLevel: OrgRow["level"];
  overdue: number;
  /** of those, escalated to a supervising org */
  escalated: number;
  /** the due time of the case overdue longest */
  oldestDueAt: Date;
}

/**
 * The supervision board's counts (督办): open overdue cases the actor may see, per holding org, the org with the
 * most first.
 */
export async function summarizeOverdueByOrg(
  db: Db,
  actor: Actor,
  options: { now?: Date } = {},
): Promise<OverdueByOrg[]> {
  const now = options.now ?? new Date();
  const rows = await db
    .select({
      orgId: orgs.id,
      orgName: orgs.name,
      orgLevel: orgs.level,
      overdue: sql<number>`count(*)::int`,
      escalated: sql<number>`(count(*) filter (where ${cases.escalationLevel} > 0))::int`,
      oldestDueAt: sql<Date | string>`min(${cases.dueAt})`,
    })
    .from(cases)
    .innerJoin(orgs, eq(orgs.id, cases.orgId))
    .where(
      and(visibleTo(actor), inArray(cases.status, [...OPEN_STATUSES]), isNotNull(cases.dueAt), lt(cases.dueAt, now)),
    )
    .groupBy(orgs.id, orgs.name, orgs.level)
    .orderBy(desc(sql`count(*)`), orgs.id);
  return rows.map((row) => ({ ...row, oldestDueAt: new Date(row.oldestDueAt) }));
}

/** Events an asker sees on the case page: that it moved and was answered, never the internal reasons. */
const PUBLIC_EVENTS: readonly CaseEventType[] = [
  "created",
  "routed",
  "referred_12355",
  "transferred",
  "reassignment_approved",
  "assigned",
  "claimed",
  "answer_approved",
  "rated",
  "reopened",
  "closed",
  "archived",
  "merged_into",
];

export interface PublicCase {
  code: string;
  /** the asker's own question */
  title: string;
  category: Category | null;
  /** of the case the question is handled in (the shared one, for a merged or joined question) */
  status: CaseStatus;
  orgName: string | null;
  createdAt: Date;
  answeredAt: Date | null;
  answer: string | null;
  rating: number | null;
  /** whether the asker can rate now */
  awaitingRating: boolean;
  /**
   * the question is handled together with the same question from others (merged by a cadre, or joined by 同问):
   * status, answer and progress are the shared case's. Its code is never shown: it is another asker's key.
   */
  merged: boolean;
  timeline: { type: CaseEventType; at: Date; orgName: string | null }[];
}

/** How far a chain of merges is followed (a merged case's target merged again …). */
const MAX_MERGE_DEPTH = 10;

/** The case a question is handled in: itself, or the open end of the merges it went into. */
async function followMerges(db: Db, row: CaseRow): Promise<CaseRow> {
  let followed = row;
  for (let depth = 0; depth < MAX_MERGE_DEPTH && followed.mergedInto !== null; depth++) {
    const [next] = await db.select().from(cases).where(eq(cases.id, followed.mergedInto));
    if (!next) break;
    followed = next;
  }
  return followed;
}

async function readPublicTimeline(db: Db, caseId: number): Promise<PublicCase["timeline"]> {
  return (await readTimeline(db, caseId))
    .filter((entry) => PUBLIC_EVENTS.includes(entry.type))
    .map((entry) => ({ type: entry.type, at: entry.at, orgName: entry.toOrgName ?? entry.orgName }));
}

/**
 * The case page a young person opens with their code: no contacts, no internal reasons, personal data masked.
 * A merged question shows the progress and answer of the case it is handled in, under the asker's own code.
 */
export async function findPublicCase(db: Db, codeInput: string): Promise<PublicCase> {
  const code = normalizeCaseCode(codeInput);
  if (!code) throw new NotFound(`诉求编号 ${codeInput} `);
  const [row] = await db.select().from(cases).where(eq(cases.code, code));
  if (!row) throw new NotFound(`诉求编号 ${codeInput} `);
  const followed = await followMerges(db, row);
  const merged = followed.id !== row.id;
  const [org] = followed.orgId
    ? await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, followed.orgId))
    : [];
  const [answer] = await db
    .select({ body: answers.body })
    .from(answers)
    .where(and(eq(answers.caseId, followed.id), inArray(answers.status, ["approved", "published"])))
    .orderBy(desc(answers.updatedAt), desc(answers.id))
    .limit(1);
  const own = await readPublicTimeline(db, row.id);
  const joinedAt = own.findLast((entry) => entry.type === "merged_into")?.at ?? null;
  const shared = merged
    ? (await readPublicTimeline(db, followed.id)).filter(
        (entry) => entry.type !== "created" && joinedAt !== null && entry.at > joinedAt,
      )
    : [];
  const names = [row.contact, followed.contact]
    .map((contact) => (contact as Record<string, unknown> | null)?.name)
    .filter((name): name is string => typeof name === "string");
  return {
    code: row.code,
    title: maskPersonalData(row.title, { names }).text,
    category: row.category,
    status: followed.status,
    orgName: org?.name ?? null,
    createdAt: row.createdAt,
    answeredAt: followed.answeredAt,
    answer: answer ? maskPersonalData(answer.body, { names }).text : null,
    rating: row.rating,
    awaitingRating: !merged && row.status === "answered",
    merged,
    timeline: [...own, ...shared],
  };
}

/** No case code here: the code is the asker's key to rate the case. */
export interface KnowledgeEntry {
  answerId: number;
  title: string;
  category: Category | null;
  body: string;
  updatedAt: Date;
}

/** The knowledge base: public unified answers, newest first, optionally matching words. */
export async function searchPublicAnswers(
  db: Db,
  input: { q?: string; category?: Category; limit?: number } = {},
): Promise<KnowledgeEntry[]> {
  const conditions: (SQL | undefined)[] = [eq(answers.isPublic, true)];
  if (input.category) conditions.push(eq(cases.category, input.category));
  if (input.q?.trim()) {
    const pattern = `%${input.q.trim().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    conditions.push(or(sql`${answers.body} ilike ${pattern}`, sql`${cases.title} ilike ${pattern}`));
  }
  const rows = await db
    .select({
      answerId: answers.id,
      title: cases.title,
      category: cases.category,
      body: answers.body,
      updatedAt: answers.updatedAt,
    })
    .from(answers)
    .leftJoin(cases, eq(cases.id, answers.caseId))
    .where(and(...conditions))
    .orderBy(desc(answers.updatedAt))
    .limit(Math.min(input.limit ?? 50, 200));
  return rows.map((row) => ({
    ...row,
    title: maskPersonalData(row.title ?? "").text,
    body: maskPersonalData(row.body).text,
  }));
}
