/**
 * 收集梳理 → case: a case is opened from posts (a cadre converts them; urgent posts automatically), from the
 * portal's question form or the Open311 API, or from 12355 hotline records (hotline.ts). Every way in ends in
 * `openCase`: store the case and its sources, route it, set its deadline — one transaction, one timeline.
 */
import type { Db } from "@qnzs/db";
import {
  CASE_PRIORITIES,
  CATEGORIES,
  type CasePriority,
  type Category,
  casePosts,
  cases,
  orgs,
  posts,
} from "@qnzs/db/schema";
import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { ensurePortalAccount } from "../channels/accounts.ts";
import { ingestBatch } from "../ingest/index.ts";
import { PORTAL_CHANNEL } from "../publish/targets.ts";
import { understandPost } from "../understand/index.ts";
import { type Actor, assertCan, canChange, canConvertPosts } from "./access.ts";
import { type CaseRow, eventActor, inTransaction, loadCase, scopeOf, updateCase } from "./case-store.ts";
import { generateCaseCode } from "./codes.ts";
import { Conflict, NotFound, parseInput } from "./errors.ts";
import { ADVISORY_LOCKS } from "./locks.ts";
import { type CasePlace, resolvePlace } from "./places.ts";
import { decideRoute, findReferralDesk, placeCase } from "./routing.ts";
import { deadlinePatch, loadSlaContext, planDeadline } from "./sla.ts";
import { appendEvent, type EventActor, PUBLIC, SYSTEM } from "./timeline.ts";

export const CASE_SOURCES = ["post", "portal", "open311", "hotline"] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** How to reach an asker who did not write on a channel. Personal data: never shown publicly. */
export const ContactSchema = z
  .object({
    name: z.string().trim().max(50),
    phone: z.string().trim().max(30),
    email: z.string().trim().email().max(100),
    deviceId: z.string().trim().max(100),
  })
  .partial();
export type Contact = z.output<typeof ContactSchema>;

export interface CaseDraft {
  title: string;
  description: string;
  category: Category | null;
  urgent: boolean;
  priority: CasePriority;
  place: CasePlace;
  source: CaseSource;
  contact: Contact | null;
  externalRef: string | null;
  postIds: number[];
}

export interface IntakeOptions {
  now?: Date;
}

/**
 * Opens a case and routes it. Urgent cases go to the nearest 12355 desk of the org responsible for them, on
 * the fast lane's deadline in minutes. Runs inside the caller's transaction.
 */
export async function openCase(db: Db, draft: CaseDraft, actor: EventActor, now: Date): Promise<CaseRow> {
  const [inserted] = await db
    .insert(cases)
    .values({
      code: generateCaseCode(now),
      title: draft.title,
      description: draft.description,
      category: draft.category ?? "other",
      urgent: draft.urgent,
      priority: draft.priority,
      status: "new",
      region: draft.place.region,
      city: draft.place.city,
      county: draft.place.county,
      source: draft.source,
      contact: draft.contact && Object.keys(draft.contact).length > 0 ? draft.contact : null,
      externalRef: draft.externalRef,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const row = inserted!;
  await appendEvent(db, {
    caseId: row.id,
    type: "created",
    actor,
    orgId: null,
    data: { source: draft.source, postIds: draft.postIds, urgent: draft.urgent },
    at: now,
  });
  if (draft.postIds.length > 0) {
    await db.insert(casePosts).values(draft.postIds.map((postId) => ({ caseId: row.id, postId, addedAt: now })));
  }
  return routeNewCase(db, row, now);
}

async function routeNewCase(db: Db, row: CaseRow, now: Date): Promise<CaseRow> {
  const decision = await decideRoute(db, {
    region: row.region,
    city: row.city,
    county: row.county,
    category: row.category,
    text: `${row.title}\n${row.description}`,
  });
  const deadline = planDeadline(await loadSlaContext(db), row, now);
  const data = { ruleId: decision.rule?.id ?? null, dueAt: deadline.dueAt.toISOString() };
  if (row.urgent) {
    const desk = (await findReferralDesk(db, decision.org)) ?? decision.org;
    await placeCase(db, row, desk, {
      type: "referred_12355",
      actor: SYSTEM,
      now,
      fromOrgId: null,
      reason: `紧急诉求，转介${desk.name}（属地：${decision.org.name}，${decision.basis}）`,
      data: { ...data, localOrgId: decision.org.id },
    });
    return updateCase(db, row.id, { ...deadlinePatch(deadline), referredAt: now }, now);
  }
  await placeCase(db, row, decision.org, {
    type: "routed",
    actor: SYSTEM,
    now,
    fromOrgId: null,
    reason: `按${decision.basis}分派`,
    data,
  });
  return updateCase(db, row.id, deadlinePatch(deadline), now);
}

function titleOf(text: string): string {
  const firstSentence = text.split(/[。！？!?\n]/)[0]!.trim() || text.trim();
  return firstSentence.length > 40 ? `${firstSentence.slice(0, 40)}…` : firstSentence;
}

function mostCommon<T>(values: (T | null)[]): T | null {
  const counts = new Map<T, number>();
  for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: T | null = null;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

type PostRow = Pick<
  typeof posts.$inferSelect,
  "id" | "title" | "text" | "category" | "urgent" | "region" | "city" | "dupOf" | "channel"
>;

async function loadPosts(db: Db, postIds: number[]): Promise<PostRow[]> {
  const rows = await db
    .select({
      id: posts.id,
      title: posts.title,
      text: posts.text,
      category: posts.category,
      urgent: posts.urgent,
      region: posts.region,
      city: posts.city,
      dupOf: posts.dupOf,
      channel: posts.channel,
    })
    .from(posts)
    .where(inArray(posts.id, postIds));
  const missing = postIds.filter((id) => !rows.some((row) => row.id === id));
  if (missing.length > 0) throw new NotFound(`帖子 #${missing.join(", #")} `);
  // keep the caller's order: the first post names the case
  return postIds.map((id) => rows.find((row) => row.id === id)!);
}

/** Cases (other than merged ones, whose links live on in the case they merged into) already holding a post. */
async function findLinkedCases(db: Db, postIds: number[]): Promise<{ postId: number; caseId: number; code: string }[]> {
  if (postIds.length === 0) return [];
  return db
    .select({ postId: casePosts.postId, caseId: cases.id, code: cases.code })
    .from(casePosts)
    .innerJoin(cases, eq(cases.id, casePosts.caseId))
    .where(and(inArray(casePosts.postId, postIds), ne(cases.status, "merged")));
}

async function draftFromPosts(db: Db, rows: PostRow[], overrides: Partial<CaseDraft>): Promise<CaseDraft> {
  const first = rows[0]!;
  const located = rows.find((row) => row.region) ?? null;
  const texts = [...new Set(rows.map((row) => row.text.trim()))];
  const place = await resolvePlace(db, {
    understood: located ? { region: located.region, city: located.city } : null,
    text: texts.join("\n"),
  });
  return {
    title: first.title?.trim() || titleOf(first.text),
    description: texts.join("\n\n"),
    category: mostCommon(rows.map((row) => row.category)),
    urgent: rows.some((row) => row.urgent === true),
    priority: "normal",
    place,
    source: "post",
    contact: null,
    externalRef: null,
    postIds: rows.map((row) => row.id),
    ...overrides,
  };
}

export const ConvertPostsSchema = z.object({
  postIds: z.array(z.number().int().positive()).min(1).max(100),
  /** add the posts to this case instead of opening a new one (the same question from another channel) */
  caseId: z.number().int().positive().optional(),
  title: z.string().trim().min(1).max(100).optional(),
  category: z.enum(CATEGORIES).optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
});

/**
 * A cadre turns posts into a case, or adds them to an existing case. A post already in a case is refused (409),
 * so one question never becomes two cases by accident.
 */
export async function convertPostsToCase(
  db: Db,
  actor: Actor,
  input: z.input<typeof ConvertPostsSchema>,
  options: IntakeOptions = {},
): Promise<CaseRow> {
  const data = parseInput(ConvertPostsSchema, input);
  const now = options.now ?? new Date();
  assertCan(canConvertPosts(actor));
  const postIds = [...new Set(data.postIds)];
  return inTransaction(db, async (tx) => {
    const rows = await loadPosts(tx, postIds);
    const linked = await findLinkedCases(tx, postIds);
    const elsewhere = linked.filter((link) => link.caseId !== data.caseId);
    if (elsewhere.length > 0) {
      const codes = [...new Set(elsewhere.map((link) => link.code))].join(", ");
      throw new Conflict(`帖子已属于诉求 ${codes} / posts already belong to a case`);
    }
    if (data.caseId !== undefined) {
      const target = await loadCase(tx, data.caseId, { lock: true });
      assertCan(canChange(actor, scopeOf(target)));
      const fresh = postIds.filter((id) => !linked.some((link) => link.postId === id));
      return linkPosts(tx, target.row, fresh, eventActor(actor), now);
    }
    const draft = await draftFromPosts(tx, rows, {
      ...(data.title ? { title: data.title } : {}),
      ...(data.category ? { category: data.category } : {}),
      ...(data.priority ? { priority: data.priority } : {}),
    });
    return openCase(tx, draft, eventActor(actor), now);
  });
}

/** Links more source posts to a case (the same question seen on another channel). */
export async function linkPosts(
  db: Db,
  row: CaseRow,
  postIds: number[],
  actor: EventActor,
  now: Date,
): Promise<CaseRow> {
  if (postIds.length === 0) return row;
  if (row.status === "merged" || row.status === "archived") {
    throw new Conflict(`诉求 ${row.code} 已${row.status === "merged" ? "合并" : "归档"} / case is ${row.status}`);
  }
  await db
    .insert(casePosts)
    .values(postIds.map((postId) => ({ caseId: row.id, postId, addedAt: now })))
    .onConflictDoNothing();
  await appendEvent(db, { caseId: row.id, type: "posts_linked", actor, orgId: row.orgId, data: { postIds }, at: now });
  return updateCase(db, row.id, {}, now);
}

/**
 * Urgent posts become cases at once, with no one converting them: ingest and crawlers call this with the ids
 * of new posts. Non-urgent and already linked posts are skipped, so calling it twice changes nothing; a
 * near-duplicate of a post that already has a case joins that case instead of opening another.
 */
export async function createCasesForUrgentPosts(
  db: Db,
  postIds: number[],
  options: IntakeOptions = {},
): Promise<{ created: number[]; linked: number[] }> {
  const now = options.now ?? new Date();
  const result = { created: [] as number[], linked: [] as number[] };
  if (postIds.length === 0) return result;
  return inTransaction(db, async (tx) => {
    // two crawlers finishing batches with the same story at once must not open two cases
    await tx.execute(sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.urgentIntake})`);
    const candidates = await tx
      .select({ id: posts.id })
      .from(posts)
      .where(and(inArray(posts.id, postIds), eq(posts.urgent, true)))
      .orderBy(posts.id);
    for (const { id } of candidates) {
      if ((await findLinkedCases(tx, [id])).length > 0) continue;
      const [post] = await loadPosts(tx, [id]);
      const group = await findGroupCase(tx, post!);
      if (group) {
        await linkPosts(tx, group, [id], SYSTEM, now);
        result.linked.push(group.id);
        continue;
      }
      const created = await openCase(tx, await draftFromPosts(tx, [post!], {}), SYSTEM, now);
      result.created.push(created.id);
    }
    return result;
  });
}

/** An open case holding a post of the same near-duplicate group (the group's first post, or any of its repeats). */
async function findGroupCase(db: Db, post: PostRow): Promise<CaseRow | null> {
  const root = post.dupOf ?? post.id;
  const [row] = await db
    .select({ caseRow: cases })
    .from(casePosts)
    .innerJoin(posts, eq(posts.id, casePosts.postId))
    .innerJoin(cases, eq(cases.id, casePosts.caseId))
    .where(
      and(
        or(eq(posts.id, root), eq(posts.dupOf, root)),
        inArray(cases.status, ["new", "routed", "assigned", "answering", "answered"]),
      ),
    )
    .limit(1);
  return row?.caseRow ?? null;
}

export const QuestionSchema = z.object({
  source: z.enum(["portal", "open311"]).default("portal"),
  title: z.string().trim().min(1).max(100).optional(),
  description: z.string().trim().min(5, "请把问题写得具体一些 / describe the question").max(5000),
  category: z.enum(CATEGORIES).optional(),
  region: z.string().trim().min(1).max(50).optional(),
  city: z.string().trim().min(1).max(50).optional(),
  county: z.string().trim().min(1).max(50).optional(),
  /** free text as an address or place (Open311 address_string) */
  address: z.string().trim().min(1).max(200).optional(),
  contact: ContactSchema.default({}),
  /** the caller's own id of the request: sending it again returns the same case */
  externalRef: z.string().trim().min(1).max(100).optional(),
});
export type QuestionInput = z.input<typeof QuestionSchema>;

export type Question = z.output<typeof QuestionSchema>;

/** The case a question opens: what the asker did not say (category, urgency, place) is read from the text. */
export async function draftFromQuestion(db: Db, data: Question): Promise<CaseDraft> {
  const text = [data.title, data.description].filter(Boolean).join("\n");
  const understanding = understandPost({ text });
  const place = await resolvePlace(db, {
    region: data.region ?? null,
    city: data.city ?? null,
    county: data.county ?? null,
    address: data.address ?? null,
    understood: { region: understanding.region, city: understanding.city },
    text,
  });
  return {
    title: data.title ?? titleOf(data.description),
    description: data.description,
    category: data.category ?? understanding.category,
    urgent: understanding.urgent,
    priority: "normal",
    place,
    source: data.source,
    contact: data.contact,
    externalRef: data.externalRef ?? null,
    postIds: [],
  };
}

/** A portal case asked with this externalRef before (the form sent twice), or null. */
export async function findQuestionByRef(db: Db, data: Question): Promise<CaseRow | null> {
  if (!data.externalRef) return null;
  const [existing] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.source, data.source), eq(cases.externalRef, data.externalRef)));
  return existing ?? null;
}

/**
 * A portal question is also a post in the one stream (monitor, search, near-duplicates), stored through ingest
 * under the case code on the portal account of the org that took the case — so the monitor shows it to that
 * org's people and those above, like any post of their accounts. The contact stays on the case: the post
 * carries only what was asked.
 */
export async function storeQuestionPost(
  db: Db,
  row: Pick<CaseRow, "id" | "code" | "orgId">,
  data: Question,
  now: Date,
): Promise<number | null> {
  const [org] =
    row.orgId === null
      ? []
      : await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(eq(orgs.id, row.orgId));
  const accountId = await ensurePortalAccount(db, org ?? null);
  const asked = {
    ...(data.title ? { title: data.title } : {}),
    description: data.description,
    ...(data.category ? { category: data.category } : {}),
    ...(data.region ? { region: data.region } : {}),
    ...(data.city ? { city: data.city } : {}),
    ...(data.county ? { county: data.county } : {}),
    ...(data.address ? { address: data.address } : {}),
  };
  const report = await ingestBatch(
    db,
    {
      accountId,
      channel: PORTAL_CHANNEL,
      items: [
        {
          externalId: row.code,
          itemKind: "form",
          title: data.title ?? null,
          text: data.description,
          publishedAt: now,
          raw: asked,
        },
      ],
    },
    { now },
  );
  const postId = report.newPostIds[0];
  if (postId === undefined) return null;
  await db.insert(casePosts).values({ caseId: row.id, postId, addedAt: now }).onConflictDoNothing();
  return postId;
}

/**
 * A question from the portal form or the Open311 API. What the asker did not say (category, urgency, place) is
 * read from the text as for posts. Returns the case and whether it is new (false for a repeated externalRef).
 */
export async function submitQuestion(
  db: Db,
  input: QuestionInput,
  options: IntakeOptions = {},
): Promise<{ case: CaseRow; created: boolean }> {
  const data = parseInput(QuestionSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const existing = await findQuestionByRef(tx, data);
    if (existing) return { case: existing, created: false };
    const row = await openCase(tx, await draftFromQuestion(tx, data), PUBLIC, now);
    if (data.source === "portal") await storeQuestionPost(tx, row, data, now);
    return { case: row, created: true };
  });
}
