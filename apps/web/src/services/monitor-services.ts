/**
 * What the monitor's pages may do (a media officer's work): open a post, correct its understanding, turn posts
 * into a case, fold repeats, re-authorise a channel account. Every call is limited to the channel accounts the
 * actor may watch (`visibleAccountIds`, the same rule as the monitor's search); a post outside them is not found.
 */
import { type Actor, canConvertPosts } from "@qnzs/core/cases/access";
import { NotFound } from "@qnzs/core/cases/errors";
import { convertPostsToCase } from "@qnzs/core/cases/intake";
import {
  type AccountScope,
  correctPostUnderstanding,
  getPostDetail,
  listFoldedRepeats,
  type PostCorrection,
} from "@qnzs/core/monitor/posts";
import { REGION_NAMES } from "@qnzs/core/understand/gazetteer";
import type { Database } from "@qnzs/db";
import { posts } from "@qnzs/db/schema";
import { and, inArray, max } from "drizzle-orm";
import { beginReauthorisation, supportsReauthorisation } from "../channels/reauthorize.ts";
import { attempt } from "./service-results.ts";

export function createMonitorServices(database: Database, visibleAccountIds: (actor: Actor) => Promise<AccountScope>) {
  const { db, secrets } = database;
  return {
    /** the newest arrival now: the monitor later asks how many matching posts arrived after it */
    latestPostId: async () => {
      const [row] = await db.select({ id: max(posts.id) }).from(posts);
      return row?.id ?? 0;
    },

    getPost: async (actor: Actor, postId: number) => getPostDetail(db, postId, await visibleAccountIds(actor)),

    /** repeats folded under each shown post, only those the actor may see */
    listFoldedRepeats: async (actor: Actor, originalIds: number[]) =>
      Object.fromEntries(await listFoldedRepeats(db, originalIds, await visibleAccountIds(actor))),

    correctPost: (actor: Actor, postId: number, correction: PostCorrection) =>
      attempt(async () =>
        correctPostUnderstanding(db, {
          actorId: actor.userId,
          postId,
          scope: await visibleAccountIds(actor),
          correction,
        }),
      ),

    mayConvertPosts: (actor: Actor) => canConvertPosts(actor),

    /** the province-level names a post's region can be (filters and corrections offer these) */
    listRegions: () => REGION_NAMES,

    /** a new case from posts the actor may see; a post outside their accounts is refused as not found */
    convertPosts: (actor: Actor, postIds: number[]) =>
      attempt(async () => {
        const scope = await visibleAccountIds(actor);
        const wanted = [...new Set(postIds)];
        if (scope !== null && wanted.length > 0) {
          const seen = await db
            .select({ id: posts.id })
            .from(posts)
            .where(and(inArray(posts.id, wanted), scope.length > 0 ? inArray(posts.accountId, scope) : undefined));
          if (scope.length === 0 || seen.length !== wanted.length) throw new NotFound("所选帖子");
        }
        const created = await convertPostsToCase(db, actor, { postIds: wanted });
        return { id: created.id, code: created.code };
      }),

    /** whether accounts of this kind can be re-authorised in a browser (decided by the adapter, not the kind) */
    supportsReauthorisation: (kind: string) => supportsReauthorisation(kind),

    /** the platform's authorize URL to send the actor to */
    beginReauthorisation: (actor: Actor, accountId: number) =>
      attempt(() => beginReauthorisation(db, secrets, actor, accountId)),
  };
}

export type MonitorServices = ReturnType<typeof createMonitorServices>;
