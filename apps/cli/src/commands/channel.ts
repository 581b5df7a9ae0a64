import { readOptionArgs } from "@qnzs/crawlers";
import type { ChannelAccountView } from "@qnzs/web";
import type { Command } from "commander";
import { CliError, globalOptions, printJson, withHubOrDatabase } from "../context.ts";
import { formatAgo, formatDuration } from "./format.ts";

interface AddOptions {
  name?: string;
  schedule?: string;
  org?: string;
  update?: boolean;
}

export function registerChannel(program: Command): void {
  const channel = program.command("channel").description("channel accounts: add them, list them with their health");

  channel
    .command("add")
    .description(
      "add an account of KIND (weibo, wechat, weibang, h5, rss); every other --option becomes a config field, " +
        "e.g. wechat: --app-id --app-secret --token --encoding-aes-key; rss: --feed-url",
    )
    .argument("<kind>", "channel kind")
    .option("--name <name>", "a name for the account, unique per kind")
    .option("--schedule <cron>", "node-cron expression for pulls (default: the kind's own)")
    .option("--org <id>", "the organisation the account belongs to")
    .option("--update", "replace the config of an existing account of this name")
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (kind: string, flags: AddOptions, command: Command) => {
      const options = globalOptions(command);
      if (!flags.name) throw new CliError("缺少 --name / --name is required");
      // commander leaves the kind and every option it does not know in args: those are the config
      const configArgs = command.args.slice(1);
      let configOptions: Record<string, unknown>;
      try {
        configOptions = readOptionArgs(configArgs);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const orgId = flags.org === undefined ? null : Number(flags.org);
      if (orgId !== null && !Number.isSafeInteger(orgId)) throw new CliError("--org must be an organisation id");
      const result = await withHubOrDatabase(options, (operations) =>
        operations.addChannel({
          kind,
          name: flags.name!,
          options: configOptions,
          schedule: flags.schedule ?? null,
          orgId,
          update: Boolean(flags.update),
        }),
      );
      if (options.json) printJson({ id: result.id });
      else {
        const verb = result.created ? "已添加" : "已更新";
        process.stdout.write(`${verb}渠道账号 #${result.id}（${kind}：${flags.name}）/ account #${result.id}\n`);
      }
    });

  channel
    .command("list")
    .description("every channel account with its health: status, last success, lag, error streak, quota, next run")
    .action(async (_flags, command: Command) => {
      const options = globalOptions(command);
      const accounts = await withHubOrDatabase(options, (operations) => operations.listChannels());
      if (options.json) {
        printJson(accounts);
        return;
      }
      if (accounts.length === 0) {
        process.stdout.write("还没有渠道账号：qnzs channel add KIND --name NAME … / no channel accounts yet\n");
        return;
      }
      const now = Date.now();
      process.stdout.write(`${accounts.map((account) => describeAccount(account, now)).join("\n")}\n`);
    });
}

function describeAccount(account: ChannelAccountView, now: number): string {
  const { health } = account;
  const facts = [
    `状态 ${health.status}${health.running ? "（抓取中）" : ""}`,
    `帖子 ${account.posts}`,
    `上次成功 ${health.lastSuccessAt ? formatAgo(health.lastSuccessAt, now) : "—"}`,
    `延迟 ${health.lagMs === null ? "—" : formatDuration(health.lagMs)}`,
    `连续失败 ${health.errorStreak}`,
    `配额 ${health.quotaLeft ?? "—"}`,
    `下次 ${health.nextRunAt ? formatAgo(health.nextRunAt, now) : "—"}`,
  ];
  const lines = [`#${account.id} [${account.kind}] ${account.name}`, `    ${facts.join("  ")}`];
  if (account.secretsSet.length > 0) lines.push(`    已设置的密钥 secrets set: ${account.secretsSet.join(", ")}`);
  if (health.lastError) {
    const at = health.lastError.at ? ` ${formatAgo(health.lastError.at, now)}` : "";
    lines.push(`    最近错误 last error (${health.lastError.kind}${at}): ${health.lastError.message ?? ""}`);
  }
  return lines.join("\n");
}
