/**
 * The understanding's reasons as `posts.reasons` keeps them: one array per reason, `[field, evidence, source,
 * weight?]`, instead of an object with its four keys spelt out in every row. The keys were a third of the reasons'
 * bytes, and the reasons most of a post's row: with them, rows passed the 2 KB at which PostgreSQL compresses a row
 * on every insert. Rows stored before keep their objects and read back the same.
 */
import type { Reason } from "./index.ts";

export type StoredReason = [field: Reason["field"], evidence: string, source: string, weight?: number];

const FIELDS: ReadonlySet<string> = new Set<Reason["field"]>(["is_question", "category", "urgent", "region", "city"]);

export function packReasons(reasons: readonly Reason[]): StoredReason[] {
  return reasons.map((reason) =>
    reason.weight === undefined
      ? [reason.field, reason.evidence, reason.source]
      : [reason.field, reason.evidence, reason.source, reason.weight],
  );
}

/** Reads what `posts.reasons` holds, packed or in the older object form; anything else reads as no reasons. */
export function unpackReasons(stored: unknown): Reason[] {
  if (!Array.isArray(stored)) return [];
  const reasons: Reason[] = [];
  for (const entry of stored) {
    if (Array.isArray(entry)) {
      const [field, evidence, source, weight] = entry as unknown[];
      if (typeof field !== "string" || !FIELDS.has(field) || typeof evidence !== "string") continue;
      reasons.push({
        field: field as Reason["field"],
        evidence,
        source: typeof source === "string" ? source : "",
        ...(typeof weight === "number" ? { weight } : {}),
      });
    } else if (entry && typeof entry === "object" && FIELDS.has((entry as Reason).field)) {
      reasons.push(entry as Reason);
    }
  }
  return reasons;
}
