import { accounts, startSimulator } from "@qnzs/simulator";
import type { Command } from "commander";
import { CliError, globalOptions, printJson, untilStopped } from "../context.ts";

interface SimulateOptions {
  port: string;
  rate: string;
  seed?: string;
}

function nonNegative(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${flag} must be a non-negative integer, got ${value}`);
  return n;
}

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description("run the channel simulator: Weibo, WeChat, Weibang, two GBK portals and RSS feeds on localhost")
    .option("--port <port>", "port to listen on", "4100")
    .option("--rate <n>", "new posts a minute (0 keeps counts deterministic)", "0")
    .option("--seed <n>", "seed for the generated data")
    .action(async (flags: SimulateOptions, command: Command) => {
      const options = globalOptions(command);
      const simulator = await startSimulator({
        port: nonNegative(flags.port, "--port"),
        rate: nonNegative(flags.rate, "--rate"),
        seed: flags.seed === undefined ? undefined : nonNegative(flags.seed, "--seed"),
      });
      const credentials = accounts(simulator.state);
      if (options.json) printJson({ url: simulator.url, accounts: credentials });
      else {
        process.stdout.write(`模拟器已启动 simulator listening on ${simulator.url}\n`);
        process.stdout.write(
          `凭据 credentials (${simulator.url}/_sim/accounts):\n${JSON.stringify(credentials, null, 2)}\n`,
        );
        process.stdout.write("按 Ctrl-C 停止 press Ctrl-C to stop\n");
      }
      await untilStopped();
      await simulator.close();
    });
}
