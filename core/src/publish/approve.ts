/**
 * Approval plans the outbox: a reviewer's approval of an answer is checked against the review tiers (nobody
 * approves their own text; county and grassroots answers, and answers on watched topics, go one level up), fanned
 * out to every source thread of the case, the portal page and the channels an editor adds, checked for sensitive
 * words, rendered per target and written as outbox rows — all in the approval's transaction, with an audit row.
 * A refusal or a sensitive word rolls the approval back: nothing is approved, nothing is planned.
 */
import type { Db } from "@qnzs/db";
import { answers, auditLog, channelAccounts, orgs } from "@qnzs/db/schema";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, canRead } from "../cases/access.ts";
import { type AnswerRow, reviewAnswer } from "../cases/answers.ts";
import { type CaseRow, loadCase, scopeOf } from "../cases/case-store.ts";
import { Conflict, InvalidInput, NotFound, parseInput } from "../cases/errors.ts";
import { SensitiveWordsFound } from "./errors.ts";
import { type PublicationRow, planPublications } from "./outbox.ts";
import { assertMayPostThrough } from "./postable-accounts.ts";
import { findInAnswer, preparePublications } from "./prepare.ts";
import { type AnswerPreview, previewAnswer, previewTargetsOf } from "./preview.ts";
import type { AnswerContent } from "./render.ts";
import { type ApproverStanding, assertCanApprove, type OrgPlace } from "./review.ts";
import { loadAskerNames, loadSourceThreads } from "./source-threads.ts";
import {
  type AddedTarget,
  describeTarget,
  type FannedOutTarget,
  fanOutTargets,
  type PublishingCapabilities,
  type SourceThread,
} from "./targets.ts";
import type { WordLists } from "./word-lists.ts";

/** What publishing needs from the process around it: core cannot read the adapter registry or the config. */
export interface PublishingSetup {
  /** the adapter's capabilities for a channel kind, or null for a kind the hub does not know */
  capabilitiesOf(channel: string): PublishingCapabilities | null;
  /** the managed word lists as they stand (the hub reads the table through createWordListCache) */
  wordLists(db: Db): Promise<WordLists>;
  /** the answer's page on the portal (linked from cut texts and from Weibo posts) */
  portalUrlFor(answerId: number): string | null;
  /** the portal's home: the link of a cross-post where a channel requires one (a Weibo post) */
  portalHome?: string | null;
  /** public numbers (an org's hotline) left unmasked */
  keep?: readonly string[];
}

export const ApproveAndPlanSchema = z.object({
  answerId: z.number().int().positive(),
  note: z.string().trim().max(1000).optional(),
  /** channels an editor adds: a new post or article on one account */
  added: z
    .array(z.object({ accountId: z.number().int().positive(), kind: z.enum(["post", "article"]) }))
    .max(20)
    .default([]),
  /** false: the answer is not shown on the portal (a personal matter) */
  portal: z.boolean().default(true),
});
export type ApproveAndPlanInput = z.input<typeof ApproveAndPlanSchema>;

export interface ApprovalResult {
  answer: AnswerRow;
  case: CaseRow;
  publications: PublicationRow[];
}

/** Site admins approve anywhere: they stand at the root of the tree. */
const ROOT: OrgPlace = { id: 0, level: "central", path: "/" };

/**
 * Approves an answer in review and plans its publications in the same transaction. Throws AccessDenied or
 * SelfApproval / InsufficientLevel (403), SensitiveWordsFound (409, with every hit), Conflict (409) or NotFound.
 */
export async function approveAndPlan(
  db: Db,
  actor: Actor,
  input: ApproveAndPlanInput,
  setup: PublishingSetup,
  options: { now?: Date } = {},
): Promise<ApprovalResult> {
  const data = parseInput(ApproveAndPlanSchema, input);
  const now = options.now ?? new Date();
  let planned: PublicationRow[] = [];
  const approved = await reviewAnswer(
    db,
    actor,
    { answerId: data.answerId, approve: true, ...(data.note ? { note: data.note } : {}) },
    {
      now,
      onApproved: async (tx, { answer, case: caseRow, loaded }) => {
        await assertMayPostThrough(
          tx,
          actor,
          data.added.map((entry) => entry.accountId),
        );
        const plan = await loadPublishingPlan(
          tx,
          { answer, caseRow, added: data.added, portal: data.portal },
          setup,
          now,
        );
        planned = await approvePlan(tx, actor, {
          answer,
          orgId: answer.orgId ?? loaded.row.orgId,
          plan,
          setup,
          now,
          audit: { action: "answer.approve", data: { caseId: caseRow.id } },
        });
      },
    },
  );
  return { ...approved, publications: planned };
}

/**
 * The publishing half of an approval, in its transaction: the review tier (nobody approves their own text; the
 * level the answer's org and a watched topic require), the sensitive-word block, one rendering per target into
 * the outbox (held until the answer's schedule) and the audit row. Case answers and cross-posts both end here.
 */
export async function approvePlan(
  tx: Db,
  actor: Actor,
  input: {
    answer: AnswerRow;
    orgId: number | null;
    plan: PublishingPlan;
    setup: PublishingSetup;
    now: Date;
    audit: { action: string; data: Record<string, unknown> };
  },
): Promise<PublicationRow[]> {
  const { answer, plan, setup, now } = input;
  const approvedFor = assertCanApprove(await standingOf(tx, actor), {
    authorId: answer.authorId,
    org: await loadOrgPlace(tx, input.orgId),
    watchedTopicHit: plan.watchedTopicHit,
  });
  const prepared = preparePublications({
    answer: plan.content,
    targets: plan.targets,
    portalUrl: plan.portalUrl,
    sensitiveWords: plan.lists.sensitiveWords,
    watchedTopics: plan.lists.watchedTopics,
    names: plan.names,
    keep: setup.keep ?? [],
  });
  if (prepared.blocked) throw new SensitiveWordsFound(prepared.hits);

  const planned = await planPublications(tx, {
    answerId: answer.id,
    targets: prepared.publications,
    now,
    notBefore: answer.scheduledAt,
  });
  await tx.insert(auditLog).values({
    actorId: actor.userId,
    action: input.audit.action,
    subjectType: "answer",
    subjectId: String(answer.id),
    data: {
      ...input.audit.data,
      approvedForOrgId: approvedFor.id || null,
      watchedTopicHit: plan.watchedTopicHit,
      targets: prepared.publications.map((entry) => describeTarget(entry.target)),
      skipped: prepared.publications
        .filter((entry) => entry.skipReason)
        .map((entry) => ({ target: describeTarget(entry.target), reason: entry.skipReason })),
    },
    createdAt: now,
  });
  return planned;
}

/** What an editor sees of a plan before approval: every target's rendering and every finding. */
export function previewPlan(plan: PublishingPlan, setup: PublishingSetup): AnswerPreview {
  return previewAnswer({
    answer: plan.content,
    targets: previewTargetsOf(plan.targets),
    portalUrl: plan.portalUrl,
    sensitiveWords: plan.lists.sensitiveWords,
    watchedTopics: plan.lists.watchedTopics,
    names: plan.names,
    keep: setup.keep ?? [],
  });
}

export interface PublishingPlan {
  content: AnswerContent;
  targets: FannedOutTarget[];
  portalUrl: string | null;
  /** askers' names, masked wherever the answer repeats them */
  names: string[];
  /** the word lists the plan was checked against */
  lists: WordLists;
  watchedTopicHit: boolean;
}

/** Where an answer goes and what it says: what approval plans and what the editor previews. */
export async function loadPublishingPlan(
  db: Db,
  input: {
    answer: AnswerRow;
    caseRow: CaseRow;
    added: readonly { accountId: number; kind: "post" | "article" }[];
    portal: boolean;
  },
  setup: PublishingSetup,
  now: Date,
): Promise<PublishingPlan> {
  const { answer, caseRow } = input;
  return buildPublishingPlan(db, setup, {
    content: { body: answer.body, title: caseRow.title, variants: answer.variants },
    sources: await loadSourceThreads(db, caseRow.id),
    added: input.added,
    portal: input.portal,
    portalUrl: input.portal ? setup.portalUrlFor(answer.id) : null,
    names: await loadAskerNames(db, caseRow.id),
    now,
  });
}

/** A plan from its parts: the fanned-out targets and the word lists' verdict on the content. */
export async function buildPublishingPlan(
  db: Db,
  setup: PublishingSetup,
  input: {
    content: AnswerContent;
    sources: readonly SourceThread[];
    added: readonly { accountId: number; kind: "post" | "article" }[];
    /** the answer gets a page on the portal (a case answer may be kept off it; a cross-post never has one) */
    portal: boolean;
    /** the link appended to cut texts and where a channel requires one */
    portalUrl: string | null;
    names: string[];
    now: Date;
  },
): Promise<PublishingPlan> {
  const lists = await setup.wordLists(db);
  return {
    content: input.content,
    targets: fanOutTargets({
      sources: input.sources,
      added: await loadAddedTargets(db, input.added),
      portal: input.portal,
      capabilitiesOf: setup.capabilitiesOf,
      now: input.now,
    }),
    portalUrl: input.portalUrl,
    names: input.names,
    lists,
    watchedTopicHit: lists.watchedTopics ? findInAnswer(input.content, lists.watchedTopics).length > 0 : false,
  };
}

export const PreviewAnswerSchema = ApproveAndPlanSchema.pick({ answerId: true, added: true, portal: true });

/** The editor's preview of an answer before approval: every target's rendering and every finding. */
export async function previewAnswerPublications(
  db: Db,
  actor: Actor,
  input: z.input<typeof PreviewAnswerSchema>,
  setup: PublishingSetup,
  options: { now?: Date } = {},
): Promise<AnswerPreview> {
  const data = parseInput(PreviewAnswerSchema, input);
  const [answer] = await db.select().from(answers).where(eq(answers.id, data.answerId));
  if (!answer) throw new NotFound(`答复 #${data.answerId} `);
  if (answer.caseId === null) throw new NotFound(`诉求答复 #${data.answerId} `);
  const loaded = await loadCase(db, answer.caseId);
  assertCan(canRead(actor, scopeOf(loaded)));
  const plan = await loadPublishingPlan(
    db,
    { answer, caseRow: loaded.row, added: data.added, portal: data.portal },
    setup,
    options.now ?? new Date(),
  );
  return previewPlan(plan, setup);
}

async function loadOrgPlace(db: Db, orgId: number | null): Promise<OrgPlace> {
  if (orgId === null) throw new Conflict("诉求尚未分派到组织，不能审核发布 / the case has no org yet");
  const [org] = await db.select().from(orgs).where(eq(orgs.id, orgId));
  if (!org) throw new Conflict(`组织 #${orgId} 不存在 / org ${orgId} not found`);
  return { id: org.id, level: org.level, path: org.path };
}

/** The orgs where the actor reviews: roles that may approve (access.canReview), with their levels. */
async function standingOf(db: Db, actor: Actor): Promise<ApproverStanding> {
  if (actor.isAdmin) return { userId: actor.userId, reviewOrgs: [ROOT] };
  const ids = actor.roles
    .filter((role) => role.role === "admin" || role.role === "cadre" || role.role === "reviewer")
    .map((role) => role.orgId);
  const rows =
    ids.length === 0
      ? []
      : await db.select({ id: orgs.id, level: orgs.level, path: orgs.path }).from(orgs).where(inArray(orgs.id, ids));
  return { userId: actor.userId, reviewOrgs: rows };
}

async function loadAddedTargets(
  db: Db,
  added: readonly { accountId: number; kind: "post" | "article" }[],
): Promise<AddedTarget[]> {
  if (added.length === 0) return [];
  const ids = [...new Set(added.map((entry) => entry.accountId))];
  const accounts = await db
    .select({ id: channelAccounts.id, kind: channelAccounts.kind })
    .from(channelAccounts)
    .where(inArray(channelAccounts.id, ids));
  return added.map((entry) => {
    const account = accounts.find((row) => row.id === entry.accountId);
    if (!account) throw new InvalidInput(`渠道账号 #${entry.accountId} 不存在 / no channel account ${entry.accountId}`);
    return { channel: account.kind, accountId: account.id, kind: entry.kind };
  });
}
