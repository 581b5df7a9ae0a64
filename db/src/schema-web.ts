/**
 * The console's sign-in: one row per browser session. Only the SHA-256 of the cookie's token is stored, so a copy
 * of the database does not let anyone sign in; a session ends when it expires, is signed out or its user is disabled.
 */
import { bigint, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./schema.ts";

export const sessions = pgTable(
  "sessions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** the browser's user agent at sign-in, to let a user recognise their sessions */
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);
