import { type Db, queryRows } from "@qnzs/db";
import { sql } from "drizzle-orm";
import {
  type Comparable,
  computeComparable,
  estimateJaccard,
  isNearDuplicate,
  JACCARD_THRESHOLD,
} from "../dedup/index.ts";
import { composeBody, type PreparedPost } from "./prepare.ts";

/**
 * A candidate whose estimated similarity is below this is not read in full. Well under the exact threshold:
 * the MinHash estimate over 60 values has a standard deviation of about 0.06 near it.
 */
const ESTIMATE_FLOOR = JACCARD_THRESHOLD - 0.15;

/**
 * Candidates read per key: the newest posts that hold it. A band shared by chance (a common phrase) gathers
 * posts without end, and reading them all made every new post cost more as the store grew (at 60,000 generated
 * posts, 13 candidates a post, and growing with the store). A real repeat shares several bands with its original,
 * so one crowded band rarely hides it, and repeats mostly follow their original within days.
 */
export const POSTS_PER_KEY = 8;

interface CandidateRow extends Record<string, unknown> {
  key: number;
  id: number | string;
  published_at: string | Date;
  dup_of: number | string | null;
  simhash: string | number | null;
  minhash: Uint8Array | null;
}

interface Node {
  id: number;
  publishedAt: number;
  dupOf: number | null;
  minhash: Uint8Array | null;
  simhash: bigint | null;
}

/**
 * Links each new post that repeats an earlier one to the earliest post of its group, and indexes the new posts
 * that start a group. Candidates are earlier posts sharing an LSH key: stored ones through `post_dup_keys` (one
 * statement for the batch, a key's newest `POSTS_PER_KEY` posts), the batch's own in memory. Stored MinHash values
 * weed out unlikely candidates; the rest are compared exactly. Returns how many of the new posts were linked.
 */
export async function linkNearDuplicates(db: Db, newPosts: { id: number; post: PreparedPost }[]): Promise<number> {
  const fresh = new Map(newPosts.filter((entry) => entry.post.dedup).map((entry) => [entry.id, entry.post]));
  if (fresh.size === 0) return 0;

  const nodes = new Map<number, Node>();
  const byKey = new Map<number, number[]>();
  const index = (key: number, id: number) => {
    const list = byKey.get(key);
    if (list) list.push(id);
    else byKey.set(key, [id]);
  };
  // in key order: one B-tree walked left to right keeps its pages in the cache
  const keys = [...new Set([...fresh.values()].flatMap((post) => post.dedup!.keys))].sort((a, b) => a - b);
  // Per key its newest few posts only, and each through the primary key (laterals with limits: as plain joins,
  // a planner without fresh statistics hashes whole tables for every batch).
  const rows = await queryRows<CandidateRow>(
    db,
    sql`
      select q.key, p.id, p.published_at, p.dup_of, p.simhash, p.minhash
      from unnest(${`{${keys.join(",")}}`}::integer[]) as q(key)
      cross join lateral (
        select post_id from post_dup_keys where key = q.key order by post_id desc limit ${sql.raw(String(POSTS_PER_KEY))}
      ) k
      cross join lateral (select id, published_at, dup_of, simhash, minhash from posts where id = k.post_id limit 1) p
    `,
  );
  for (const row of rows) {
    const id = Number(row.id);
    if (!nodes.has(id)) {
      nodes.set(id, {
        id,
        publishedAt: new Date(row.published_at).getTime(),
        dupOf: row.dup_of == null ? null : Number(row.dup_of),
        minhash: row.minhash,
        simhash: row.simhash == null ? null : BigInt(row.simhash),
      });
    }
    index(row.key, id);
  }
  for (const [id, post] of fresh) {
    nodes.set(id, {
      id,
      publishedAt: post.publishedAt.getTime(),
      dupOf: null,
      minhash: post.dedup!.minhash,
      simhash: post.dedup!.simhash,
    });
    for (const key of post.dedup!.keys) index(key, id);
  }
  const ordered = [...fresh.keys()].map((id) => nodes.get(id)!).sort(compareAge);

  const candidatesOf = (node: Node): Node[] => {
    const seen = new Set<number>([node.id]);
    const found: Node[] = [];
    for (const key of fresh.get(node.id)!.dedup!.keys) {
      for (const id of byKey.get(key) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const candidate = nodes.get(id)!;
        if (compareAge(candidate, node) < 0 && isPromising(node, candidate)) found.push(candidate);
      }
    }
    return found;
  };

  const comparables = new Map<number, Comparable | null>();
  for (const [id, post] of fresh) comparables.set(id, post.dedup);
  // each node's candidates, found once for both passes (a profile showed this function at 6 % of an import)
  const candidates = new Map(ordered.map((node) => [node.id, candidatesOf(node)]));
  const toRead = new Set<number>();
  for (const found of candidates.values()) {
    for (const candidate of found) if (!comparables.has(candidate.id)) toRead.add(candidate.id);
  }
  await readComparables(db, toRead, nodes, comparables);

  const links = new Map<number, number>();
  for (const node of ordered) {
    let earliest: Node | null = null;
    const matchedRoots = new Set<number>();
    for (const candidate of candidates.get(node.id)!) {
      const root = rootOf(candidate, nodes, links);
      // a viral repost has many copies in one group: one match per group is enough
      if (matchedRoots.has(root.id)) continue;
      const mine = comparables.get(node.id);
      const theirs = comparables.get(candidate.id);
      if (!mine || !theirs || !isNearDuplicate(mine, theirs)) continue;
      matchedRoots.add(root.id);
      if (!earliest || compareAge(root, earliest) < 0) earliest = root;
    }
    if (earliest) links.set(node.id, earliest.id);
  }

  const pairs: [key: number, postId: number][] = [];
  for (const [id, post] of fresh) {
    if (links.has(id)) continue;
    for (const key of new Set(post.dedup!.keys)) pairs.push([key, id]);
  }
  // in key order, each row lands next to the one before it in the B-tree (a quarter off the insert at 100,000 posts)
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const keyColumn = pairs.map((pair) => pair[0]);
  const postColumn = pairs.map((pair) => pair[1]);
  if (keyColumn.length > 0) {
    // two integer arrays parse far faster than the same rows as JSON objects: twenty rows a post add up
    await db.execute(sql`
      insert into post_dup_keys (key, post_id)
      select * from unnest(${`{${keyColumn.join(",")}}`}::integer[], ${`{${postColumn.join(",")}}`}::bigint[])
    `);
  }
  if (links.size > 0) {
    await db.execute(sql`
      update posts set dup_of = u.dup_of
      from unnest(${`{${[...links.keys()].join(",")}}`}::bigint[], ${`{${[...links.values()].join(",")}}`}::bigint[])
        as u(id, dup_of)
      where posts.id = u.id
    `);
  }
  return links.size;
}

function isPromising(node: Node, candidate: Node): boolean {
  if (node.minhash && candidate.minhash) return estimateJaccard(node.minhash, candidate.minhash) >= ESTIMATE_FLOOR;
  // long texts compare by SimHash, which is exact already; a long text against a short one is read in full
  return true;
}

async function readComparables(
  db: Db,
  ids: Set<number>,
  nodes: Map<number, Node>,
  into: Map<number, Comparable | null>,
): Promise<void> {
  if (ids.size === 0) return;
  const rows = await queryRows<{ id: number | string; title: string | null; text: string }>(
    db,
    sql`select id, title, text from posts where id = any(${`{${[...ids].join(",")}}`}::bigint[])`,
  );
  for (const row of rows) {
    const id = Number(row.id);
    into.set(id, computeComparable(composeBody(row.title, row.text), undefined, nodes.get(id)?.simhash));
  }
}

function rootOf(node: Node, nodes: Map<number, Node>, links: Map<number, number>): Node {
  const parentId = links.get(node.id) ?? node.dupOf;
  if (parentId == null) return node;
  return nodes.get(parentId) ?? { ...node, id: parentId };
}

function compareAge(a: Node, b: Node): number {
  return a.publishedAt - b.publishedAt || a.id - b.id;
}
