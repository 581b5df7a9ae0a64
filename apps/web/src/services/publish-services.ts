/**
 * The console's publish area (editors, reviewers): the review queue, an answer's or cross-post's preview with its
 * findings, approve / reject, the outbox per target with a person's retry, cancel and confirm, the cross-post
 * composer, and the managed word lists. Every call goes to core, which checks the actor's rights; approval goes
 * through the hub's publishing setup, so the console plans exactly what the API would.
 */
import type { Actor } from "@qnzs/core/cases/access";
import { reviewAnswer } from "@qnzs/core/cases/answers";
import { getCase } from "@qnzs/core/cases/queries";
import { previewAnswerPublications } from "@qnzs/core/publish/approve";
import {
  approveCrossPost,
  type DraftCrossPostSchema,
  draftCrossPost,
  getCrossPost,
  listCrossPosts,
  previewCrossPost,
  rejectCrossPost,
  reviseCrossPost,
  submitCrossPost,
} from "@qnzs/core/publish/cross-post";
import { listPublications } from "@qnzs/core/publish/outbox";
import { APPROVING_ROLES, listPostableAccounts } from "@qnzs/core/publish/postable-accounts";
import {
  assertCanSeePublications,
  decidePublication,
  type PublicationAction,
  toPublicationView,
} from "@qnzs/core/publish/publication-access";
import { listOutboxAttention, listReviewQueue } from "@qnzs/core/publish/review-queue";
import { addWords, listWords, removeWords } from "@qnzs/core/publish/word-lists";
import type { Database } from "@qnzs/db";
import type { WordListName } from "@qnzs/db/schema";
import { answers, orgs } from "@qnzs/db/schema";
import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Publishing } from "../api/publishing.ts";
import { attempt, orNull } from "./service-results.ts";

export type CrossPostInput = z.input<typeof DraftCrossPostSchema>;

export function createPublishServices(database: Database, publishing: Publishing) {
  const { db } = database;
  const { setup } = publishing;
  const now = () => publishing.runtime.now();

  /** A case answer as its reviewer sees it: the text, its case, where it will go and every finding. */
  async function getAnswerReview(actor: Actor, answerId: number) {
    const [answer] = await db.select().from(answers).where(eq(answers.id, answerId));
    if (!answer || answer.caseId === null) return null;
    const detail = await orNull(() => getCase(db, actor, answer.caseId!));
    if (!detail) return null;
    const preview = await previewAnswerPublications(db, actor, { answerId }, setup, { now: now() });
    const publications = (await listPublications(db, answerId)).map(toPublicationView);
    return { answer, case: detail.case, org: detail.org, preview, publications };
  }

  return {
    listReviewQueue: (actor: Actor) => listReviewQueue(db, actor),
    listOutboxAttention: (actor: Actor) => listOutboxAttention(db, actor),
    getAnswerReview: (actor: Actor, answerId: number) => orNull(() => getAnswerReview(actor, answerId)),
    approveAnswer: (
      actor: Actor,
      input: {
        answerId: number;
        note?: string;
        added?: { accountId: number; kind: "post" | "article" }[];
        portal?: boolean;
      },
    ) => attempt(() => publishing.approveAnswer(db, actor, { added: [], portal: true, ...input }, { now: now() })),
    rejectAnswer: (actor: Actor, input: { answerId: number; note: string }) =>
      attempt(() => reviewAnswer(db, actor, { ...input, approve: false }, { now: now() })),
    decidePublication: (
      actor: Actor,
      input: { id: number; action: PublicationAction; reason?: string; remoteUrl?: string },
    ) => attempt(() => decidePublication(db, actor, input, now())),
    listAnswerPublications: (actor: Actor, answerId: number) =>
      orNull(async () => {
        await assertCanSeePublications(db, actor, answerId);
        return (await listPublications(db, answerId)).map(toPublicationView);
      }),

    listPostableAccounts: (actor: Actor, purpose: "write" | "approve" = "write") =>
      listPostableAccounts(
        db,
        actor,
        (channel) => setup.capabilitiesOf(channel)?.post === true,
        purpose === "approve" ? APPROVING_ROLES : undefined,
      ),
    /** the orgs a cross-post may speak for: where the actor writes (site admins: the top two levels) */
    listPublishingOrgs: async (actor: Actor) => {
      const ids = actor.roles
        .filter((role) => role.role === "admin" || role.role === "cadre" || role.role === "editor")
        .map((role) => role.orgId);
      const where = actor.isAdmin ? inArray(orgs.level, ["central", "province"]) : inArray(orgs.id, ids);
      if (!actor.isAdmin && ids.length === 0) return [];
      return db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(where).orderBy(orgs.path);
    },
    listCrossPosts: (actor: Actor) => listCrossPosts(db, actor, { limit: 100 }),
    getCrossPost: (actor: Actor, id: number) =>
      orNull(async () => {
        const detail = await getCrossPost(db, actor, id);
        const preview = await previewCrossPost(db, actor, { answerId: id }, setup, { now: now() });
        return { ...detail, publications: detail.publications.map(toPublicationView), preview };
      }),
    previewCrossPostDraft: (actor: Actor, input: CrossPostInput) =>
      attempt(() => previewCrossPost(db, actor, input, setup, { now: now() })),
    saveCrossPost: (actor: Actor, input: CrossPostInput & { answerId?: number; submit: boolean }) =>
      attempt(async () => {
        const { answerId, submit, orgId, ...fields } = input;
        const saved =
          answerId === undefined
            ? await draftCrossPost(db, actor, { ...fields, ...(orgId ? { orgId } : {}) }, { now: now() })
            : await reviseCrossPost(db, actor, { answerId, ...fields }, { now: now() });
        return submit ? submitCrossPost(db, actor, { answerId: saved.id }, { now: now() }) : saved;
      }),
    approveCrossPost: (actor: Actor, input: { answerId: number; note?: string }) =>
      attempt(() => approveCrossPost(db, actor, input, setup, { now: now() })),
    rejectCrossPost: (actor: Actor, input: { answerId: number; note: string }) =>
      attempt(() => rejectCrossPost(db, actor, input, { now: now() })),

    listWords: (input: { list?: WordListName; q?: string; offset?: number }) => listWords(db, input),
    addWords: (actor: Actor, input: { list: WordListName; words: { word: string; category?: string | null }[] }) =>
      attempt(() => addWords(db, actor, input, { now: now() })),
    removeWord: (actor: Actor, id: number) => attempt(() => removeWords(db, actor, { ids: [id] }, { now: now() })),
  };
}

export type PublishServices = ReturnType<typeof createPublishServices>;
