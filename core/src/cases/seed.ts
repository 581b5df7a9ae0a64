/**
 * What an empty database gets on its first start: the seed org tree and the holiday calendar. The hub's start
 * (and every CLI command that opens the database itself) calls `ensureCaseSeeds`; it does nothing the second time.
 */
import type { Db } from "@qnzs/db";
import { ensureSeedCalendar } from "./calendar.ts";
import { ensureSeedOrgs } from "./seed-orgs.ts";

export async function ensureCaseSeeds(db: Db): Promise<{ orgs: number; calendarDays: number }> {
  return { orgs: await ensureSeedOrgs(db), calendarDays: await ensureSeedCalendar(db) };
}
