/**
 * Cross-posting (一键多发): an editor's standalone post — a notice, a policy explainer — written once with
 * per-channel variants, for several channel accounts at once, optionally scheduled. It is an `answers` row with
 * no case (its org, title and target accounts on the row) and goes through the same gate as a case's answer:
 * draft → in review → approved (outbox rows planned in the approval's transaction, held until the schedule) or
 * rejected back to its author. Review tiers, the sensitive-word block and masking are approve.ts's; every
 * decision is in the audit log (there is no case timeline).
 */
import type { Db } from "@qnzs/db";
import { answers, auditLog, type CrossPostTarget, channelAccounts, orgs } from "@qnzs/db/schema";
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import {
  type Actor,
  assertCan,
  type CaseScope,
  canPublish,
  canRead,
  canReview,
  SUBTREE_ROLES,
  subtreeFilter,
} from "../cases/access.ts";
import type { AnswerRow } from "../cases/answers.ts";
import { inTransaction } from "../cases/case-store.ts";
import { AccessDenied, Conflict, InvalidInput, NotFound, parseInput } from "../cases/errors.ts";
import { approvePlan, buildPublishingPlan, type PublishingPlan, type PublishingSetup, previewPlan } from "./approve.ts";
import { listPublications, type PublicationRow } from "./outbox.ts";
import { PUBLISHING_ROLES } from "./postable-accounts.ts";
import type { AnswerPreview } from "./preview.ts";

const Id = z.number().int().positive();
const Body = z.string().trim().min(5, "内容过短 / the text is too short").max(10_000);

const TargetSchema = z.object({ accountId: Id, kind: z.enum(["post", "article"]) });

export const CrossPostFieldsSchema = z.object({
  title: z.string().trim().max(64).nullish(),
  body: Body,
  /** per-channel versions, keyed by channel kind (weibo: a shorter text …) */
  variants: z.record(z.string(), z.string().trim().max(10_000)).nullish(),
  targets: z
    .array(TargetSchema)
    .min(1, "请至少选择一个发布账号 / choose at least one account")
    .max(20)
    .refine(
      (targets) => new Set(targets.map((entry) => `${entry.accountId}:${entry.kind}`)).size === targets.length,
      "发布账号重复 / an account is listed twice",
    ),
  /** not sent before this time; null or absent: as soon as it is approved */
  scheduledAt: z.coerce.date().nullish(),
});

export const DraftCrossPostSchema = CrossPostFieldsSchema.extend({
  /** the org it speaks for; the actor's own when they edit for one org only */
  orgId: Id.optional(),
});

export const ReviseCrossPostSchema = CrossPostFieldsSchema.extend({ answerId: Id });
export const CrossPostIdSchema = z.object({ answerId: Id });
export const DecideCrossPostSchema = z.object({ answerId: Id, note: z.string().trim().max(1000).optional() });
export const ListCrossPostsSchema = z.object({
  status: z.enum(["draft", "in_review", "approved", "rejected", "published"]).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});

export interface CrossPostDetail {
  post: AnswerRow;
  orgName: string | null;
  publications: PublicationRow[];
}

/** A schedule may lag the clock a little (the form was open); older than this it is a mistake. */
const SCHEDULE_GRACE_MS = 5 * 60_000;

export async function draftCrossPost(
  db: Db,
  actor: Actor,
  input: z.input<typeof DraftCrossPostSchema>,
  options: { now?: Date } = {},
): Promise<AnswerRow> {
  const data = parseInput(DraftCrossPostSchema, input);
  const now = options.now ?? new Date();
  const org = await resolveOrg(db, actor, data.orgId);
  await assertTargetsWithin(db, actor, org.path, data.targets);
  assertSchedule(data.scheduledAt, now);
  const [row] = await db
    .insert(answers)
    .values({
      caseId: null,
      authorId: actor.userId,
      orgId: org.id,
      ...contentOf(data),
      status: "draft",
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

/** The author changes a draft or a rejected post; it is a draft again. */
export async function reviseCrossPost(
  db: Db,
  actor: Actor,
  input: z.input<typeof ReviseCrossPostSchema>,
  options: { now?: Date } = {},
): Promise<AnswerRow> {
  const data = parseInput(ReviseCrossPostSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const { post, scope } = await loadCrossPost(tx, data.answerId, { lock: true });
    assertAuthor(actor, post);
    assertStatus(post, ["draft", "rejected"], "修改");
    await assertTargetsWithin(tx, actor, scope.orgPath ?? "/", data.targets);
    assertSchedule(data.scheduledAt, now);
    return setPost(tx, post.id, { ...contentOf(data), status: "draft", updatedAt: now });
  });
}

export async function submitCrossPost(
  db: Db,
  actor: Actor,
  input: z.input<typeof CrossPostIdSchema>,
  options: { now?: Date } = {},
): Promise<AnswerRow> {
  const data = parseInput(CrossPostIdSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const { post } = await loadCrossPost(tx, data.answerId, { lock: true });
    assertAuthor(actor, post);
    assertStatus(post, ["draft", "rejected"], "提交审核");
    return setPost(tx, post.id, { status: "in_review", updatedAt: now });
  });
}

/**
 * Approves a post in review and plans its outbox rows, held until its schedule. Throws AccessDenied,
 * SelfApproval / InsufficientLevel (403), SensitiveWordsFound (409 with every hit), Conflict or NotFound;
 * any refusal leaves the post in review and plans nothing.
 */
export async function approveCrossPost(
  db: Db,
  actor: Actor,
  input: z.input<typeof DecideCrossPostSchema>,
  setup: PublishingSetup,
  options: { now?: Date } = {},
): Promise<{ post: AnswerRow; publications: PublicationRow[] }> {
  const data = parseInput(DecideCrossPostSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const { post, scope } = await loadCrossPost(tx, data.answerId, { lock: true });
    assertCan(canReview(actor, scope), "无权审核此内容 / only reviewers, cadres and admins of its org approve it");
    assertStatus(post, ["in_review"], "审核");
    const approved = await setPost(tx, post.id, {
      status: "approved",
      reviewerId: actor.userId,
      reviewNote: data.note ?? null,
      updatedAt: now,
    });
    const publications = await approvePlan(tx, actor, {
      answer: approved,
      orgId: approved.orgId,
      plan: await loadCrossPostPlan(tx, approved, setup, now),
      setup,
      now,
      audit: { action: "crosspost.approve", data: { scheduledAt: approved.scheduledAt?.toISOString() ?? null } },
    });
    return { post: approved, publications };
  });
}

/** Sends the post back to its author with the reviewer's reason. */
export async function rejectCrossPost(
  db: Db,
  actor: Actor,
  input: z.input<typeof DecideCrossPostSchema>,
  options: { now?: Date } = {},
): Promise<AnswerRow> {
  const data = parseInput(DecideCrossPostSchema, input);
  if (!data.note || data.note.length < 2) throw new InvalidInput("退回须说明理由 / say why it is sent back");
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const { post, scope } = await loadCrossPost(tx, data.answerId, { lock: true });
    assertCan(canReview(actor, scope), "无权审核此内容 / only reviewers, cadres and admins of its org decide on it");
    if (post.authorId === actor.userId) throw new AccessDenied("不能审核自己撰写的内容 / reviewing your own text");
    assertStatus(post, ["in_review"], "退回");
    const rejected = await setPost(tx, post.id, {
      status: "rejected",
      reviewerId: actor.userId,
      reviewNote: data.note ?? null,
      updatedAt: now,
    });
    await tx.insert(auditLog).values({
      actorId: actor.userId,
      action: "crosspost.reject",
      subjectType: "answer",
      subjectId: String(post.id),
      data: { note: data.note },
      createdAt: now,
    });
    return rejected;
  });
}

/**
 * Every target's rendering and every finding, for a stored post (`answerId`) or for the editor's unsaved form
 * (the fields, with `orgId`). Renders even a blocked text, so the editor sees where the words are.
 */
export async function previewCrossPost(
  db: Db,
  actor: Actor,
  input: z.input<typeof CrossPostIdSchema> | z.input<typeof DraftCrossPostSchema>,
  setup: PublishingSetup,
  options: { now?: Date } = {},
): Promise<AnswerPreview> {
  const now = options.now ?? new Date();
  if ("answerId" in input) {
    const { post, scope } = await loadCrossPost(db, parseInput(CrossPostIdSchema, input).answerId);
    assertCan(canRead(actor, scope));
    return previewPlan(await loadCrossPostPlan(db, post, setup, now), setup);
  }
  const data = parseInput(DraftCrossPostSchema, input);
  const org = await resolveOrg(db, actor, data.orgId);
  await assertTargetsWithin(db, actor, org.path, data.targets);
  const content = contentOf(data);
  const plan = await buildPublishingPlan(db, setup, {
    content: { body: content.body, title: content.title, variants: content.variants },
    sources: [],
    added: data.targets,
    portal: false,
    portalUrl: setup.portalHome ?? null,
    names: [],
    now,
  });
  return previewPlan(plan, setup);
}

/** The cross-posts of the orgs the actor works in, newest first. */
export async function listCrossPosts(
  db: Db,
  actor: Actor,
  input: z.input<typeof ListCrossPostsSchema> = {},
): Promise<{ total: number; items: (AnswerRow & { orgName: string | null })[] }> {
  const data = parseInput(ListCrossPostsSchema, input);
  const visible = subtreeFilter(actor, SUBTREE_ROLES);
  if (visible === null) return { total: 0, items: [] };
  const where = and(
    isNull(answers.caseId),
    data.status ? eq(answers.status, data.status) : undefined,
    visible,
    // a draft is its author's until it is submitted
    or(sql`${answers.status} <> 'draft'`, eq(answers.authorId, actor.userId)),
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ post: answers, orgName: orgs.name })
      .from(answers)
      .leftJoin(orgs, eq(orgs.id, answers.orgId))
      .where(where)
      .orderBy(desc(answers.updatedAt), desc(answers.id))
      .limit(data.limit)
      .offset(data.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(answers).leftJoin(orgs, eq(orgs.id, answers.orgId)).where(where),
  ]);
  return { total: total?.n ?? 0, items: rows.map((row) => ({ ...row.post, orgName: row.orgName })) };
}

export async function getCrossPost(db: Db, actor: Actor, answerId: number): Promise<CrossPostDetail> {
  const { post, scope, orgName } = await loadCrossPost(db, answerId);
  assertCan(canRead(actor, scope));
  if (post.status === "draft" && post.authorId !== actor.userId && !actor.isAdmin) {
    throw new NotFound(`内容 #${answerId} `);
  }
  return { post, orgName, publications: await listPublications(db, answerId) };
}

async function loadCrossPostPlan(db: Db, post: AnswerRow, setup: PublishingSetup, now: Date): Promise<PublishingPlan> {
  return buildPublishingPlan(db, setup, {
    content: { body: post.body, title: post.title, variants: post.variants },
    sources: [],
    added: post.targets ?? [],
    portal: false,
    portalUrl: setup.portalHome ?? null,
    names: [],
    now,
  });
}

async function loadCrossPost(
  db: Db,
  answerId: number,
  options: { lock?: boolean } = {},
): Promise<{ post: AnswerRow; scope: CaseScope; orgName: string | null }> {
  const query = db
    .select({ post: answers, orgPath: orgs.path, orgName: orgs.name })
    .from(answers)
    .leftJoin(orgs, eq(orgs.id, answers.orgId))
    .where(and(eq(answers.id, answerId), isNull(answers.caseId)));
  const [row] = options.lock ? await query.for("update", { of: answers }) : await query;
  if (!row) throw new NotFound(`内容 #${answerId} `);
  return {
    post: row.post,
    scope: { orgId: row.post.orgId, orgPath: row.orgPath, assigneeId: null },
    orgName: row.orgName,
  };
}

/** The org a new post speaks for: the one named (where the actor may publish), or the actor's only one. */
async function resolveOrg(db: Db, actor: Actor, orgId: number | undefined): Promise<{ id: number; path: string }> {
  if (orgId === undefined) {
    const own = [
      ...new Set(actor.roles.filter((role) => PUBLISHING_ROLES.includes(role.role)).map((role) => role.orgId)),
    ];
    if (own.length !== 1) {
      throw new InvalidInput("请选择以哪个组织的名义发布 / choose the org the post speaks for");
    }
    orgId = own[0]!;
  }
  const [org] = await db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(eq(orgs.id, orgId));
  if (!org) throw new InvalidInput(`组织 #${orgId} 不存在 / no such org`);
  assertCan(
    canPublish(actor, { orgId: org.id, orgPath: org.path, assigneeId: null }),
    "无权以该组织名义发布 / only editors, cadres and admins of the org publish for it",
  );
  return org;
}

/** An org speaks through its own accounts and those of the orgs below it; accounts of no org are the admins'. */
async function assertTargetsWithin(
  db: Db,
  actor: Actor,
  orgPath: string,
  targets: readonly CrossPostTarget[],
): Promise<void> {
  const ids = [...new Set(targets.map((entry) => entry.accountId))];
  const rows = await db
    .select({ id: channelAccounts.id, name: channelAccounts.name, orgPath: orgs.path })
    .from(channelAccounts)
    .leftJoin(orgs, eq(orgs.id, channelAccounts.orgId))
    .where(inArray(channelAccounts.id, ids));
  for (const id of ids) {
    const account = rows.find((row) => row.id === id);
    if (!account) throw new InvalidInput(`渠道账号 #${id} 不存在 / no channel account ${id}`);
    const inside = account.orgPath === null ? actor.isAdmin : account.orgPath.startsWith(orgPath);
    if (!inside) {
      throw new AccessDenied(
        `账号「${account.name}」不属于本组织及下级组织 / account ${id} is outside the org's subtree`,
      );
    }
  }
}

function assertSchedule(scheduledAt: Date | null | undefined, now: Date): void {
  if (scheduledAt && scheduledAt.getTime() < now.getTime() - SCHEDULE_GRACE_MS) {
    throw new InvalidInput("定时发布时间已过 / the scheduled time has passed");
  }
}

function assertAuthor(actor: Actor, post: AnswerRow): void {
  if (post.authorId !== actor.userId) throw new AccessDenied("只有作者可以修改或提交 / only its author does this");
}

function assertStatus(post: AnswerRow, allowed: readonly AnswerRow["status"][], action: string): void {
  if (!allowed.includes(post.status)) {
    throw new Conflict(`内容当前状态为 ${post.status}，不能${action} / not allowed in status ${post.status}`);
  }
}

function contentOf(data: z.output<typeof CrossPostFieldsSchema>) {
  const variants = Object.fromEntries(Object.entries(data.variants ?? {}).filter(([, text]) => text.length > 0));
  return {
    title: data.title || null,
    body: data.body,
    variants: Object.keys(variants).length > 0 ? variants : null,
    targets: data.targets,
    scheduledAt: data.scheduledAt ?? null,
  };
}

async function setPost(tx: Db, answerId: number, changes: Partial<typeof answers.$inferInsert>): Promise<AnswerRow> {
  const [updated] = await tx.update(answers).set(changes).where(eq(answers.id, answerId)).returning();
  if (!updated) throw new NotFound(`内容 #${answerId} `);
  return updated;
}
