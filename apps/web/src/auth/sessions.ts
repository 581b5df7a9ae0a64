/**
 * Console sessions: a random token in an HTTP-only cookie, its SHA-256 in `sessions`. Sliding expiry: a session
 * seen within its lifetime lives on; one not seen for SESSION_TTL_MS is gone.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Actor, loadActor } from "@qnzs/core/cases/access";
import type { Db } from "@qnzs/db";
import { sessions, users } from "@qnzs/db/schema";
import { and, eq, gt, lt } from "drizzle-orm";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt and expiresAt move at most this often, so reading a page does not write every time */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(
  db: Db,
  userId: number,
  options: { userAgent?: string | null; now?: Date } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.insert(sessions).values({
    userId,
    tokenHash: hashSessionToken(token),
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    userAgent: options.userAgent?.slice(0, 300) ?? null,
  });
  // expired rows of anyone are cleared here rather than by a timer: sign-ins are rare enough
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  return { token, expiresAt };
}

/** The signed-in actor for a session token, or null when it is unknown, expired or its user disabled. */
export async function findSessionActor(db: Db, token: string, now = new Date()): Promise<Actor | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .select({ id: sessions.id, userId: sessions.userId, lastSeenAt: sessions.lastSeenAt, disabled: users.disabled })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashSessionToken(token)), gt(sessions.expiresAt, now)));
  if (!row || row.disabled) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) })
      .where(eq(sessions.id, row.id));
  }
  return loadActor(db, row.userId);
}

export async function endSession(db: Db, token: string): Promise<void> {
  if (!token) return;
  await db.delete(sessions).where(eq(sessions.tokenHash, hashSessionToken(token)));
}
