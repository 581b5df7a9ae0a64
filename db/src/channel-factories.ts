/**
 * Factories for crawler and channel tests: accounts in the states a scheduler meets them in.
 */
import type { Db } from "./client.ts";
import { channelAccounts } from "./schema.ts";

let sequence = 0;

/** An account that is due now, with a plain config (no secrets), of any kind a test registers an adapter for. */
export async function createDueAccount(
  db: Db,
  overrides: Partial<typeof channelAccounts.$inferInsert> = {},
): Promise<typeof channelAccounts.$inferSelect> {
  sequence += 1;
  const [account] = await db
    .insert(channelAccounts)
    .values({
      kind: "fake",
      name: `待抓取账号 ${sequence}`,
      config: {},
      status: "active",
      nextRunAt: null,
      ...overrides,
    })
    .returning();
  return account!;
}
