/**
 * Public case codes: what a young person follows and rates a case by, so short enough to read over the phone
 * yet not guessable from another case's code. `QN` + the Beijing date + 8 Crockford base32 characters (40 random
 * bits): QN250930-7K3MZQ2P. Crockford's alphabet has no I, L, O or U, and reading a code back forgives them.
 */
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_CHARS = 8;
const BEIJING_OFFSET_MS = 8 * 3600_000;

export function generateCaseCode(now: Date = new Date()): string {
  const local = new Date(now.getTime() + BEIJING_OFFSET_MS);
  const date = local.toISOString().slice(2, 10).replaceAll("-", "");
  const bytes = randomBytes(RANDOM_CHARS);
  let random = "";
  for (const byte of bytes) random += ALPHABET[byte & 31];
  return `QN${date}-${random}`;
}

/** A code as typed by a person: any case, spaces, I/L for 1 and O for 0, the dash left out. Null if not a code. */
export function normalizeCaseCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  const match = /^QN(\d{6})([0-9A-HJKMNP-TV-Z]{8})$/.exec(compact);
  return match ? `QN${match[1]}-${match[2]}` : null;
}
