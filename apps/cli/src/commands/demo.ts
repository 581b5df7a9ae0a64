import { resolveDataDir } from "@qnzs/db";
import { accounts, startSimulator } from "@qnzs/simulator";
import { type DemoSetupResult, findLiveHub, setupDemo } from "@qnzs/web";
import type { Command } from "commander";
import { CliError, globalOptions, printJson, untilStopped, withHubOrDatabase } from "../context.ts";
import { parsePort, startHubProcess } from "./start.ts";

interface SetupOptions {
  simulator: string;
  hub?: string;
  wechatMode: string;
}

interface RunOptions {
  port: string;
  simulatorPort: string;
  rate: string;
}

const WECHAT_MODES = ["aes", "compat", "plaintext"] as const;

export function registerDemo(program: Command): void {
  const demo = program.command("demo").description("the whole loop on localhost: simulator, hub and accounts");

  demo
    .command("setup")
    .description("add one account of every kind against a running simulator, and tell it where to push")
    .requiredOption("--simulator <url>", "the simulator, e.g. http://127.0.0.1:4100")
    .option("--hub <url>", "the hub as the simulator reaches it (default: the running hub)")
    .option("--wechat-mode <mode>", `WeChat push encryption: ${WECHAT_MODES.join(", ")}`, "aes")
    .action(async (flags: SetupOptions, command: Command) => {
      const options = globalOptions(command);
      const wechatMode = readWechatMode(flags.wechatMode);
      const hubUrl = flags.hub ?? (await findLiveHub(resolveDataDir(options.data)))?.url;
      if (!hubUrl) {
        throw new CliError(
          "没有运行中的 hub：先运行 qnzs start，或用 --hub 指定 / no running hub: run `qnzs start` first",
        );
      }
      const result = await withHubOrDatabase(options, (operations) =>
        setupDemo(operations, { simulatorUrl: flags.simulator, hubUrl, wechatMode }),
      );
      if (options.json) printJson(result);
      else process.stdout.write(describeSetup(result));
    });

  demo
    .command("run")
    .description("start the simulator and the hub, set up the accounts, and keep running until Ctrl-C (npm run demo)")
    .option("--port <port>", "hub port", process.env.PORT ?? "3000")
    .option("--simulator-port <port>", "simulator port", "4100")
    .option("--rate <n>", "new posts a minute on the simulator (pushed at once, pulled on schedule)", "6")
    .action(async (flags: RunOptions, command: Command) => {
      const options = globalOptions(command);
      const rate = Number(flags.rate);
      if (!Number.isInteger(rate) || rate < 0) throw new CliError("--rate must be a whole number");
      const simulator = await startSimulator({ port: parsePort(flags.simulatorPort, "--simulator-port"), rate }).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code === "EADDRINUSE") throw new CliError(`模拟器端口 ${flags.simulatorPort} 已被占用 / in use`, 1);
          throw error;
        },
      );
      let running: Awaited<ReturnType<typeof startHubProcess>>;
      try {
        running = await startHubProcess(options, {
          port: parsePort(flags.port, "--port"),
          host: "127.0.0.1",
          scheduler: true,
        });
      } catch (error) {
        await simulator.close();
        throw error;
      }
      try {
        const result = await setupDemo(running.hub.operations, {
          simulatorUrl: simulator.url,
          hubUrl: running.hub.url,
        });
        // what the platforms had queued while no callback was configured goes out now, as they would
        const pushed = Object.fromEntries(
          await Promise.all(
            Object.keys(result.callbacks).map(async (platform) => [
              platform,
              await pushQueued(simulator.url, platform),
            ]),
          ),
        ) as Record<string, number>;
        if (options.json) printJson({ simulator: simulator.url, hub: running.hub.url, ...result, pushed });
        else {
          process.stdout.write(
            `模拟器 simulator: ${simulator.url}  (${JSON.stringify(accounts(simulator.state).h5)})\n` +
              `hub: ${running.hub.url}\n${describeSetup(result)}` +
              `已推送 pushed: ${Object.entries(pushed)
                .map(([platform, count]) => `${platform} ${count}`)
                .join("，")}；调度器正在抓取其余渠道 / the scheduler is pulling the rest\n\n` +
              "在另一个终端试试 try in another terminal:\n" +
              "  node bin/qnzs.mjs channel list\n  node bin/qnzs.mjs crawl\n  node bin/qnzs.mjs search 考研\n" +
              `  curl ${simulator.url}/_sim/stats\n按 Ctrl-C 停止 press Ctrl-C to stop\n`,
          );
        }
        await untilStopped();
      } finally {
        await running.stop();
        await simulator.close();
      }
    });
}

function readWechatMode(value: string): (typeof WECHAT_MODES)[number] {
  const mode = WECHAT_MODES.find((candidate) => candidate === value);
  if (!mode) throw new CliError(`--wechat-mode must be one of ${WECHAT_MODES.join(", ")}`);
  return mode;
}

async function pushQueued(simulatorUrl: string, platform: string): Promise<number> {
  const response = await fetch(new URL("/_sim/push", simulatorUrl), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ platform }),
  });
  if (!response.ok) return 0;
  return ((await response.json()) as { delivered: unknown[] }).delivered.length;
}

function describeSetup(result: DemoSetupResult): string {
  const lines = result.accounts.map(
    (account) => `  #${account.id} [${account.kind}] ${account.name}${account.created ? "" : "（已存在，已更新）"}`,
  );
  const pushes = Object.entries(result.callbacks).map(([platform, url]) => `  ${platform} → ${url}`);
  return `渠道账号 accounts:\n${lines.join("\n")}\n模拟器推送地址 simulator pushes to:\n${pushes.join("\n")}\n`;
}
