/**
 * Shared setup for the case tests: a database with the seed tree and calendar, Beijing wall-clock times, posts
 * through the real ingest pipeline.
 */
import type { Database, Db } from "@qnzs/db";
import { createUser, findOrgByName } from "@qnzs/db/case-factories";
import { createChannelAccount } from "@qnzs/db/factories";
import type { DatabaseTarget } from "@qnzs/db/testing";
import { ingestBatch } from "../ingest/index.ts";
import { buildInboundItem } from "../testing/items.ts";
import { type Actor, loadActor } from "./access.ts";
import { ensureCaseSeeds } from "./seed.ts";

/** "2025-09-26 16:00" in Beijing time. */
export function beijing(local: string): Date {
  return new Date(`${local.replace(" ", "T")}:00+08:00`);
}

export async function openSeeded(target: DatabaseTarget): Promise<Database> {
  const database = await target.open();
  await ensureCaseSeeds(database.db);
  return database;
}

export { findOrgByName as orgNamed };

/** A signed-in person with one role at one org, as the access checks see them. */
export async function personAt(
  db: Db,
  orgName: string,
  role: "cadre" | "admin" | "reviewer" | "editor" | "media_officer",
  displayName?: string,
): Promise<Actor> {
  const org = await findOrgByName(db, orgName);
  const user = await createUser(db, { roles: [{ orgId: org.id, role }], ...(displayName ? { displayName } : {}) });
  return loadActor(db, user.id);
}

/** Stores posts through ingest (understanding included) and returns their ids. */
export async function ingestPosts(
  db: Db,
  texts: string[],
  options: { kind?: string; orgId?: number | null; now?: Date } = {},
): Promise<number[]> {
  const account = await createChannelAccount(db, { kind: options.kind ?? "weibo", orgId: options.orgId ?? null });
  const report = await ingestBatch(
    db,
    { accountId: account.id, channel: account.kind, items: texts.map((text) => buildInboundItem({ text })) },
    options.now ? { now: options.now } : {},
  );
  return report.newPostIds;
}
