import type { Db } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import { sql } from "drizzle-orm";
import { type Comparable, computeComparable, isNearDuplicate } from "../dedup/index.ts";
import { composeBody, type PreparedPost, safeStringify } from "./prepare.ts";

interface CandidateRow extends Record<string, unknown> {
  id: number | string;
  text: string;
  title: string | null;
  published_at: string | Date;
  dup_of: number | string | null;
  simhash: string | number | null;
  dup_keys: number[];
}

interface Node {
  id: number;
  publishedAt: number;
  dupOf: number | null;
  comparable: Comparable;
}

/**
 * Links each new post that repeats an earlier one to the earliest post of its group. Candidates come from the
 * GIN index on `dup_keys` (one lookup for the whole batch), then each is confirmed by exact comparison.
 * Returns how many of the new posts were linked.
 */
export async function linkNearDuplicates(db: Db, newPosts: { id: number; post: PreparedPost }[]): Promise<number> {
  const signed = newPosts.filter((entry) => entry.post.dedup !== null);
  if (signed.length === 0) return 0;
  const keys = [...new Set(signed.flatMap((entry) => entry.post.dedup!.keys))];
  const result = await queryRows<CandidateRow>(
    db,
    sql`
    select id, text, title, published_at, dup_of, simhash, dup_keys
    from posts
    where dup_keys && ${`{${keys.join(",")}}`}::integer[]
  `,
  );

  const fresh = new Map(signed.map((entry) => [entry.id, entry.post]));
  const nodes = new Map<number, Node>();
  const byKey = new Map<number, number[]>();
  for (const row of result) {
    const id = Number(row.id);
    const comparable = fresh.get(id)?.dedup ?? comparableOf(row);
    if (!comparable) continue;
    nodes.set(id, {
      id,
      publishedAt: new Date(row.published_at).getTime(),
      dupOf: row.dup_of == null ? null : Number(row.dup_of),
      comparable,
    });
    for (const key of row.dup_keys ?? []) {
      const list = byKey.get(key);
      if (list) list.push(id);
      else byKey.set(key, [id]);
    }
  }

  const links = new Map<number, number>();
  // earliest first, so a post links to a root that is already settled
  const ordered = signed
    .map((entry) => nodes.get(entry.id))
    .filter((node): node is Node => node !== undefined)
    .sort(compareAge);
  for (const node of ordered) {
    let earliest: Node | null = null;
    const seen = new Set<number>([node.id]);
    const matchedRoots = new Set<number>();
    for (const key of fresh.get(node.id)!.dedup!.keys) {
      for (const candidateId of byKey.get(key) ?? []) {
        if (seen.has(candidateId)) continue;
        seen.add(candidateId);
        const candidate = nodes.get(candidateId)!;
        if (compareAge(candidate, node) >= 0) continue;
        const root = rootOf(candidate, nodes, links);
        // a viral repost has many copies in one group: one match per group is enough
        if (matchedRoots.has(root.id)) continue;
        if (!isNearDuplicate(node.comparable, candidate.comparable)) continue;
        matchedRoots.add(root.id);
        if (!earliest || compareAge(root, earliest) < 0) earliest = root;
      }
    }
    if (earliest) links.set(node.id, earliest.id);
  }
  if (links.size === 0) return 0;

  const updates = [...links].map(([id, dupOf]) => ({ id, dup_of: dupOf }));
  // A linked post leaves the candidate index: later repeats find its group through the earliest post, and a
  // viral repost's thousand copies do not all come back as candidates for the next one.
  await db.execute(sql`
    update posts set dup_of = u.dup_of, dup_keys = null
    from jsonb_to_recordset(${safeStringify(updates)}::jsonb) as u(id bigint, dup_of bigint)
    where posts.id = u.id
  `);
  return links.size;
}

function rootOf(node: Node, nodes: Map<number, Node>, links: Map<number, number>): Node {
  const parentId = links.get(node.id) ?? node.dupOf;
  if (parentId == null) return node;
  return nodes.get(parentId) ?? { ...node, id: parentId };
}

function compareAge(a: Node, b: Node): number {
  return a.publishedAt - b.publishedAt || a.id - b.id;
}

function comparableOf(row: CandidateRow): Comparable | null {
  return computeComparable(
    composeBody(row.title, row.text),
    undefined,
    row.simhash == null ? null : BigInt(row.simhash),
  );
}
