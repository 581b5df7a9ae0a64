import { type Db, queryRows } from "@qnzs/db";
import { sql } from "drizzle-orm";
import {
  type Comparable,
  computeComparable,
  estimateJaccard,
  isNearDuplicate,
  JACCARD_THRESHOLD,
} from "../dedup/index.ts";
import { composeBody, type PreparedPost, safeStringify } from "./prepare.ts";

/**
 * A candidate whose estimated similarity is below this is not read in full. Well under the exact threshold:
 * the MinHash estimate over 60 values has a standard deviation of about 0.06 near it.
 */
const ESTIMATE_FLOOR = JACCARD_THRESHOLD - 0.15;

interface CandidateRow extends Record<string, unknown> {
  key: number;
  id: number | string;
  published_at: string | Date;
  dup_of: number | string | null;
  simhash: string | number | null;
  minhash: number[] | null;
}

interface Node {
  id: number;
  publishedAt: number;
  dupOf: number | null;
  minhash: ArrayLike<number> | null;
  simhash: bigint | null;
}

/**
 * Links each new post that repeats an earlier one to the earliest post of its group, and indexes the new posts
 * that start a group. Candidates are earlier posts sharing an LSH key: stored ones through `post_dup_keys`
 * (one B-tree lookup for the batch), the batch's own in memory. Stored MinHash values weed out unlikely
 * candidates; the rest are compared exactly. Returns how many of the new posts were linked.
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
  const keys = [...new Set([...fresh.values()].flatMap((post) => post.dedup!.keys))];
  const rows = await queryRows<CandidateRow>(
    db,
    sql`
      select k.key, p.id, p.published_at, p.dup_of, p.simhash, p.minhash
      from post_dup_keys k join posts p on p.id = k.post_id
      where k.key = any(${`{${keys.join(",")}}`}::integer[])
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
  const toRead = new Set<number>();
  for (const node of ordered) {
    for (const candidate of candidatesOf(node)) if (!comparables.has(candidate.id)) toRead.add(candidate.id);
  }
  await readComparables(db, toRead, nodes, comparables);

  const links = new Map<number, number>();
  for (const node of ordered) {
    let earliest: Node | null = null;
    const matchedRoots = new Set<number>();
    for (const candidate of candidatesOf(node)) {
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

  const roots = [...fresh].filter(([id]) => !links.has(id));
  const keyRows = roots.flatMap(([id, post]) => [...new Set(post.dedup!.keys)].map((key) => ({ key, post_id: id })));
  if (keyRows.length > 0) {
    await db.execute(sql`
      insert into post_dup_keys (key, post_id)
      select u.key, u.post_id from json_to_recordset(${safeStringify(keyRows)}::json) as u(key integer, post_id bigint)
      on conflict do nothing
    `);
  }
  if (links.size > 0) {
    const updates = [...links].map(([id, dupOf]) => ({ id, dup_of: dupOf }));
    await db.execute(sql`
      update posts set dup_of = u.dup_of
      from json_to_recordset(${safeStringify(updates)}::json) as u(id bigint, dup_of bigint)
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
