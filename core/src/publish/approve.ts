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
import { findInAnswer, preparePublications } from "./prepare.ts";
import { type AnswerPreview, previewAnswer, previewTargetsOf } from "./preview.ts";
import type { AnswerContent } from "./render.ts";
import { type ApproverStanding, assertCanApprove, type OrgPlace } from "./review.ts";
import type { SensitiveWordList } from "./sensitive-words.ts";
import { loadAskerNames, loadSourceThreads } from "./source-threads.ts";
import {
  type AddedTarget,
  describeTarget,
  type FannedOutTarget,
  fanOutTargets,
  type PublishingCapabilities,
} from "./targets.ts";

/** What publishing needs from the process around it: core cannot read the adapter registry or the config. */
export interface PublishingSetup {
  /** the adapter's capabilities for a channel kind, or null for a kind the hub does not know */
  capabilitiesOf(channel: string): PublishingCapabilities | null;
  sensitiveWords: SensitiveWordList;
  /** topics that raise the review tier one level */
  watchedTopics?: SensitiveWordList | null;
  /** the answer's page on the portal (linked from cut texts and from Weibo posts) */
  portalUrlFor(answerId: number): string | null;
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
        const plan = await loadPublishingPlan(
          tx,
          { answer, caseRow, added: data.added, portal: data.portal },
          setup,
          now,
        );
        const answerOrg = await loadOrgPlace(tx, answer.orgId ?? loaded.row.orgId);
        const approvedFor = assertCanApprove(await standingOf(tx, actor), {
          authorId: answer.authorId,
          org: answerOrg,
          watchedTopicHit: plan.watchedTopicHit,
        });
        const prepared = preparePublications({
          answer: plan.content,
          targets: plan.targets,
          portalUrl: plan.portalUrl,
          sensitiveWords: setup.sensitiveWords,
          watchedTopics: setup.watchedTopics ?? null,
          names: plan.names,
          keep: setup.keep ?? [],
        });
        if (prepared.blocked) throw new SensitiveWordsFound(prepared.hits);

        planned = await planPublications(tx, {
          answerId: answer.id,
          targets: prepared.publications,
          now,
          notBefore: answer.scheduledAt,
        });
        await tx.insert(auditLog).values({
          actorId: actor.userId,
          action: "answer.approve",
          subjectType: "answer",
          subjectId: String(answer.id),
          data: {
            caseId: caseRow.id,
            approvedForOrgId: approvedFor.id || null,
            watchedTopicHit: plan.watchedTopicHit,
            targets: prepared.publications.map((entry) => describeTarget(entry.target)),
            skipped: prepared.publications
              .filter((entry) => entry.skipReason)
              .map((entry) => ({ target: describeTarget(entry.target), reason: entry.skipReason })),
          },
          createdAt: now,
        });
      },
    },
  );
  return { ...approved, publications: planned };
}

export interface PublishingPlan {
  content: AnswerContent;
  targets: FannedOutTarget[];
  portalUrl: string | null;
  /** askers' names, masked wherever the answer repeats them */
  names: string[];
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
  const content: AnswerContent = { body: answer.body, title: caseRow.title, variants: answer.variants };
  const targets = fanOutTargets({
    sources: await loadSourceThreads(db, caseRow.id),
    added: await loadAddedTargets(db, input.added),
    portal: input.portal,
    capabilitiesOf: setup.capabilitiesOf,
    now,
  });
  return {
    content,
    targets,
    portalUrl: input.portal ? setup.portalUrlFor(answer.id) : null,
    names: await loadAskerNames(db, caseRow.id),
    watchedTopicHit: setup.watchedTopics ? findInAnswer(content, setup.watchedTopics).length > 0 : false,
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
  return previewAnswer({
    answer: plan.content,
    targets: previewTargetsOf(plan.targets),
    portalUrl: plan.portalUrl,
    sensitiveWords: setup.sensitiveWords,
    watchedTopics: setup.watchedTopics ?? null,
    names: plan.names,
    keep: setup.keep ?? [],
  });
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
