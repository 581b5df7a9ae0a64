/**
 * since_id / max_id paging over Weibo's newest-first lists. `since_id` is exclusive, `max_id` inclusive: the
 * boundary item of the previous page comes back first and is dropped. When the page budget runs out before the
 * gap down to `since` is closed, the gap is kept in the cursor and closed by the next pull.
 */
import { z } from "zod";
import { compareWeiboIds, readWeiboId } from "./transform.ts";

export const StreamStateSchema = z.object({
  /** everything with an id ≤ since has been delivered */
  since: z.string().nullable().default(null),
  /** an open gap: items between since and gapMax (inclusive) are still to fetch */
  gapMax: z.string().nullable().default(null),
  /** the newest id delivered while a gap is open; becomes `since` once it closes */
  top: z.string().nullable().default(null),
});
export type StreamState = z.infer<typeof StreamStateSchema>;

export interface PageRequest {
  since_id?: string;
  max_id?: string;
  count: number;
}

export interface Page {
  list: unknown[];
  nextCursor: string | null;
}

export interface StreamPullResult {
  entries: unknown[];
  state: StreamState;
  caughtUp: boolean;
}

export async function pullStream(
  fetchPage: (request: PageRequest) => Promise<Page>,
  initial: StreamState,
  count: number,
  maxPages: number,
): Promise<StreamPullResult> {
  const { since } = initial;
  let { gapMax, top } = initial;
  const firstRun = since === null && gapMax === null;
  const entries: unknown[] = [];
  const seen = new Set<string>();
  for (let pages = 0; pages < maxPages; pages += 1) {
    // max_id is inclusive, so a page below a boundary asks for one more: the boundary comes back and is dropped
    const requested = gapMax ? Math.min(count + 1, 200) : count;
    const page = await fetchPage({
      count: requested,
      ...(since ? { since_id: since } : {}),
      ...(gapMax ? { max_id: gapMax } : {}),
    });
    let oldest: string | null = null;
    let fresh = 0;
    for (const entry of page.list) {
      const id = readEntryId(entry);
      if (id === null) {
        entries.push(entry); // unreadable entries still go through mapping, to be stored as rejected
        continue;
      }
      if (oldest === null || compareWeiboIds(id, oldest) < 0) oldest = id;
      const isBoundary = gapMax !== null && id === gapMax;
      const alreadyHave = since !== null && compareWeiboIds(id, since) <= 0;
      if (isBoundary || alreadyHave || seen.has(id)) continue;
      seen.add(id);
      entries.push(entry);
      fresh += 1;
      if (top === null || compareWeiboIds(id, top) > 0) top = id;
    }
    const exhausted = fresh === 0 || page.list.length < requested || page.nextCursor === "0" || oldest === null;
    if (exhausted) return { entries, state: { since: top ?? since, gapMax: null, top: null }, caughtUp: true };
    gapMax = oldest;
  }
  // a first run only looks back maxPages: the account's whole history is not backfilled
  if (firstRun) return { entries, state: { since: top, gapMax: null, top: null }, caughtUp: true };
  return { entries, state: { since, gapMax, top }, caughtUp: false };
}

function readEntryId(entry: unknown): string | null {
  if (typeof entry !== "object" || entry === null) return null;
  const record = entry as { idstr?: unknown; mid?: unknown; id?: unknown };
  return readWeiboId({
    idstr: typeof record.idstr === "string" ? record.idstr : undefined,
    mid: typeof record.mid === "string" ? record.mid : undefined,
    id: record.id,
  });
}
