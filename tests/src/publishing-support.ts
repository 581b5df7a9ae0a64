/**
 * What the publishing tests share: people in the seeded org tree, source posts from the simulator (a Weibo comment
 * mentioning the League account, a pushed WeChat message), one case merged from them and a portal question, an
 * answer in review, and the simulator's publish record.
 */
import { type Actor, loadActor } from "@qnzs/core/cases/access";
import { draftAnswer, submitAnswer } from "@qnzs/core/cases/answers";
import { convertPostsToCase, submitQuestion } from "@qnzs/core/cases/intake";
import { mergeCases } from "@qnzs/core/cases/merge";
import { createApiToken } from "@qnzs/core/cases/users";
import { createUser, findOrgByName } from "@qnzs/db/case-factories";
import { casePosts, posts } from "@qnzs/db/schema";
import type { PublishedEntry } from "@qnzs/simulator";
import { and, asc, eq, isNotNull, notInArray } from "drizzle-orm";
import { getJson, push, type World } from "./world.ts";

export const ROOT_ORG = "共青团中央";

export interface People {
  /** a cadre at the root: handles every case, writes the answers */
  author: Actor;
  /** a reviewer at the root: approves anything but their own text */
  reviewer: Actor;
}

export async function createPeople(world: World): Promise<People> {
  const db = world.database.db;
  const root = await findOrgByName(db, ROOT_ORG);
  const author = await createUser(db, { displayName: "团中央 答复撰写人", roles: [{ orgId: root.id, role: "cadre" }] });
  const reviewer = await createUser(db, {
    displayName: "团中央 审核员",
    roles: [{ orgId: root.id, role: "reviewer" }],
  });
  return { author: await loadActor(db, author.id), reviewer: await loadActor(db, reviewer.id) };
}

/** Pulls Weibo and delivers the queued WeChat messages, so there are source posts to answer. */
export async function collectSources(world: World): Promise<void> {
  const pushed = await push(world, "wechat");
  if (pushed.failed.length > 0) throw new Error(`wechat push failed: ${JSON.stringify(pushed.failed)}`);
  const crawl = await world.hub.operations.crawl({ accountId: world.accountOf("weibo") });
  if (crawl.failed > 0) throw new Error("weibo crawl failed");
}

export type PostRow = typeof posts.$inferSelect;

/** The oldest stored post of a kind on an account that no case holds yet. */
export async function unusedPost(world: World, kind: "weibo" | "wechat", itemKind: "comment" | "message") {
  const db = world.database.db;
  const taken = db.select({ id: casePosts.postId }).from(casePosts);
  const [row] = await db
    .select()
    .from(posts)
    .where(
      and(
        eq(posts.accountId, world.accountOf(kind)),
        eq(posts.itemKind, itemKind),
        // a reply needs someone to reach: a commented status, a follower's openid
        itemKind === "comment" ? isNotNull(posts.threadId) : isNotNull(posts.authorId),
        notInArray(posts.id, taken),
      ),
    )
    .orderBy(asc(posts.id))
    .limit(1);
  if (!row) throw new Error(`no unused ${kind} ${itemKind} left`);
  return row;
}

export interface MergedCase {
  caseId: number;
  weibo: PostRow;
  wechat: PostRow;
  /** the portal asker's code: their key to the case page */
  portalCode: string;
}

/** A Weibo mention and a WeChat message converted to cases, and a portal question, merged into one case. */
export async function openMergedCase(world: World, people: People, question: string): Promise<MergedCase> {
  const db = world.database.db;
  const weibo = await unusedPost(world, "weibo", "comment");
  const wechat = await unusedPost(world, "wechat", "message");
  const fromWeibo = await convertPostsToCase(db, people.author, { postIds: [weibo.id], title: question });
  const fromWechat = await convertPostsToCase(db, people.author, { postIds: [wechat.id] });
  const portal = await submitQuestion(db, {
    title: question,
    description: `${question}我叫张晓明，电话 13800138000。`,
    contact: { name: "张晓明", phone: "13800138000" },
  });
  await mergeCases(db, people.author, {
    targetCaseId: fromWeibo.id,
    sourceCaseIds: [fromWechat.id, portal.case.id],
    reason: "同一问题来自微博、微信和门户",
  });
  return { caseId: fromWeibo.id, weibo, wechat, portalCode: portal.case.code };
}

/** The author drafts and submits; the answer waits for a reviewer. */
export async function answerInReview(world: World, people: People, caseId: number, body: string): Promise<number> {
  const db = world.database.db;
  const draft = await draftAnswer(db, people.author, { caseId, body });
  await submitAnswer(db, people.author, { answerId: draft.id });
  return draft.id;
}

/** Each person's API token, made on their first call: the hub authenticates them as it would a script. */
const tokens = new WeakMap<World, Map<number, string>>();

async function tokenOf(world: World, actor: Actor): Promise<string> {
  const known = tokens.get(world) ?? new Map<number, string>();
  tokens.set(world, known);
  const existing = known.get(actor.userId);
  if (existing) return existing;
  const { token } = await createApiToken(world.database.db, { username: actor.username, name: "test" });
  known.set(actor.userId, token);
  return token;
}

/** A call to the hub's API as `actor`, with their own API token. */
export async function callHub(
  world: World,
  actor: Actor,
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${world.hub.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await tokenOf(world, actor)}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export const simRecord = (world: World) => getJson<PublishedEntry[]>(`${world.sim.url}/_sim/record`);

export interface PublicationView {
  id: number;
  target: string;
  channel: string;
  status: string;
  statusName: string;
  lastError: string | null;
  text: string | null;
  remoteUrl: string | null;
}

export async function publicationsOf(world: World, actor: Actor, answerId: number): Promise<PublicationView[]> {
  const { status, json } = await callHub(world, actor, "GET", `/api/answers/${answerId}/publications`);
  if (status !== 200) throw new Error(`publications of ${answerId}: HTTP ${status} ${JSON.stringify(json)}`);
  return json.publications as PublicationView[];
}
