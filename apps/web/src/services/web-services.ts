/**
 * What the console and portal pages may do, bound to the hub's open database. Built once by the hub (so core,
 * argon2, jieba and the database driver load in the hub's own module graph) and reached by pages through
 * getHubContext(); pages import only its types, so Next never bundles the domain.
 */
import type { Actor } from "@qnzs/core/cases/access";
import { rateCase } from "@qnzs/core/cases/feedback";
import { type QuestionInput, submitQuestion } from "@qnzs/core/cases/intake";
import { type JoinCaseInput, joinOpenCase } from "@qnzs/core/cases/join";
import { findPublicCase, searchPublicAnswers } from "@qnzs/core/cases/queries";
import { findSimilarQuestions } from "@qnzs/core/cases/similar";
import { createFirstAdmin } from "@qnzs/core/cases/users";
import { listChannelAccounts } from "@qnzs/core/channels/health";
import { findPublicAnswer, listSimilarAnswers, type PublicAnswer } from "@qnzs/core/publish/public-answers";
import { createPostgresSearch } from "@qnzs/core/search/postgres-search";
import type { SearchQuery } from "@qnzs/core/search/types";
import type { Database } from "@qnzs/db";
import { type Category, channelAccounts, orgs, users } from "@qnzs/db/schema";
import { eq, or, type SQL, sql } from "drizzle-orm";
import type { Publishing } from "../api/publishing.ts";
import { type ActorRequest, resolveActorFrom } from "../auth/resolve-actor.ts";
import { endSession } from "../auth/sessions.ts";
import { createLoginLimiter, type SignInInput, signIn } from "../auth/sign-in.ts";
import { createAdminServices } from "./admin-services.ts";
import { createCaseServices } from "./case-services.ts";
import { createDashboardServices } from "./dashboard-services.ts";
import { createMonitorServices } from "./monitor-services.ts";
import { createPublishServices } from "./publish-services.ts";
import { attempt, orNull } from "./service-results.ts";

export type { ServiceFailure } from "./service-results.ts";

/**
 * The channel accounts whose posts an actor may watch: all for a site admin (null), otherwise the accounts of
 * orgs in the subtrees where they hold a role other than helper. Accounts with no org belong to the site admins.
 */
async function listVisibleAccountIds(db: Database["db"], actor: Actor): Promise<number[] | null> {
  if (actor.isAdmin) return null;
  const paths = actor.roles.filter((role) => role.role !== "helper").map((role) => role.orgPath);
  if (paths.length === 0) return [];
  const within: SQL[] = paths.map((path) => sql`${orgs.path} like ${`${path}%`}`);
  const rows = await db
    .select({ id: channelAccounts.id })
    .from(channelAccounts)
    .innerJoin(orgs, eq(orgs.id, channelAccounts.orgId))
    .where(or(...within));
  return rows.map((row) => row.id);
}

export function createWebServices(database: Database, publishing: Publishing) {
  const { db } = database;
  const search = createPostgresSearch(db);
  const limiter = createLoginLimiter();
  return {
    auth: {
      currentActor: (request: ActorRequest) => resolveActorFrom(db, request),
      signIn: (input: SignInInput) => signIn(db, limiter, input),
      signOut: (token: string) => endSession(db, token),
      /** the first visit to an empty hub: no account at all (not merely no admin, which anyone could then claim) */
      needsFirstAdmin: async () => (await db.select({ id: users.id }).from(users).limit(1)).length === 0,
      createFirstAdmin: (input: { username: string; password: string; displayName?: string }) =>
        attempt(() => createFirstAdmin(db, input)),
    },
    portal: {
      searchAnswers: (input: { q?: string; category?: Category; limit?: number }) => searchPublicAnswers(db, input),
      findAnswer: (answerId: number) => findPublicAnswer(db, answerId),
      listSimilarAnswers: (answer: PublicAnswer) => listSimilarAnswers(db, answer),
      askQuestion: (input: QuestionInput) => attempt(async () => (await submitQuestion(db, input)).case.code),
      /** public answers and open cases like the question being typed (no codes) */
      findSimilarQuestions: (text: string) => findSimilarQuestions(db, text),
      /** 同问: the asker's own code, and whether it joined (an urgent question is opened on its own) */
      joinCase: (input: JoinCaseInput) =>
        attempt(async () => {
          const result = await joinOpenCase(db, input);
          return { code: result.case.code, joined: result.joined };
        }),
      findCase: (code: string) => orNull(() => findPublicCase(db, code)),
      rateCase: (input: { code: string; rating: number; solved?: boolean; comment?: string }) =>
        attempt(async () => (await rateCase(db, input)).status),
    },
    cases: createCaseServices(database),
    console: {
      /** posts the actor may watch, matching the query (see listVisibleAccountIds) */
      searchPosts: async (actor: Actor, query: SearchQuery) => {
        const visible = await listVisibleAccountIds(db, actor);
        if (visible?.length === 0) return { total: 0, totalIsLowerBound: false, hits: [], terms: [] };
        const wanted = query.filters?.accountId;
        const accountId = visible ? (wanted ? wanted.filter((id) => visible.includes(id)) : visible) : wanted;
        if (accountId?.length === 0) return { total: 0, totalIsLowerBound: false, hits: [], terms: [] };
        return search.search({ ...query, filters: { ...query.filters, ...(accountId ? { accountId } : {}) } });
      },
      listChannels: async (actor: Actor) => {
        const visible = await listVisibleAccountIds(db, actor);
        const accounts = await listChannelAccounts(db, database.secrets);
        return visible ? accounts.filter((account) => visible.includes(account.id)) : accounts;
      },
    },
    publish: createPublishServices(database, publishing),
    monitor: createMonitorServices(database, (actor) => listVisibleAccountIds(db, actor)),
    admin: createAdminServices(database, publishing.runtime),
    dashboard: createDashboardServices(database),
  };
}

export type WebServices = ReturnType<typeof createWebServices>;
