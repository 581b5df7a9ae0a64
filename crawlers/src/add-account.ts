/**
 * Adding a channel account: the adapter's schema decides what is valid and which fields are sealed as secrets.
 */
import type { AnyChannelAdapter } from "@qnzs/adapters";
import { createChannelAccount, updateChannelAccountConfig } from "@qnzs/core/channels/accounts";
import { channelAccounts } from "@qnzs/db/schema";
import { and, eq, sql } from "drizzle-orm";
import { ChannelOptionsError, type LooseOptions, parseChannelOptions } from "./channel-options.ts";
import type { CrawlerRuntime } from "./runtime.ts";
import { explainInvalidSchedule } from "./schedule.ts";

export interface AddAccountInput {
  kind: string;
  name: string;
  /** the config as loose options (strings are coerced where the schema wants other types) */
  options: LooseOptions;
  schedule?: string | null;
  orgId?: number | null;
  /** an account of this kind and name exists: replace its config (keeping its cursor) instead of failing */
  update?: boolean;
}

export interface AddAccountResult {
  id: number;
  created: boolean;
}

export async function addChannelAccount(runtime: CrawlerRuntime, input: AddAccountInput): Promise<AddAccountResult> {
  let adapter: AnyChannelAdapter;
  try {
    adapter = runtime.adapterFor(input.kind);
  } catch (error) {
    throw new ChannelOptionsError(error instanceof Error ? error.message : String(error));
  }
  const name = input.name.trim();
  if (!name) throw new ChannelOptionsError("缺少账号名称 --name / --name is required");
  if (input.schedule) {
    const problem = explainInvalidSchedule(input.schedule);
    if (problem) throw new ChannelOptionsError(`--schedule 不是有效的 cron 表达式 / invalid schedule: ${problem}`);
  }
  const config = parseChannelOptions(adapter.config, input.options);
  const { db, secrets } = runtime.database;
  const [existing] = await db
    .select({ id: channelAccounts.id })
    .from(channelAccounts)
    .where(and(eq(channelAccounts.kind, input.kind), eq(channelAccounts.name, name)));
  if (existing) {
    if (!input.update) {
      throw new ChannelOptionsError(`已有同名的「${input.kind}」账号 #${existing.id} / account "${name}" exists`);
    }
    await updateChannelAccountConfig(db, secrets, existing.id, config, adapter.secretFields);
    await db
      .update(channelAccounts)
      .set({ schedule: input.schedule ?? null, orgId: input.orgId ?? null, updatedAt: sql`now()` })
      .where(eq(channelAccounts.id, existing.id));
    return { id: existing.id, created: false };
  }
  const row = await createChannelAccount(db, secrets, {
    kind: input.kind,
    name,
    orgId: input.orgId ?? null,
    config,
    secretFields: adapter.secretFields,
    schedule: input.schedule ?? null,
  });
  return { id: row.id, created: true };
}
