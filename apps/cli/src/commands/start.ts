import { ensureCaseSeeds } from "@qnzs/core/cases/seed";
import { portalAnswerUrl } from "@qnzs/core/publish/index";
import { createLogger, startScheduler } from "@qnzs/crawlers";
import { createOutboxWorker } from "@qnzs/crawlers/outbox/index";
import { openDatabase, resolveDataDir } from "@qnzs/db";
import { buildWebApp, createHubRuntime, isWebBuildStale, type RunningHub, startHub } from "@qnzs/web";
import type { Command } from "commander";
import { CliError, type GlobalOptions, globalOptions, printJson, untilStopped } from "../context.ts";

interface StartOptions {
  port: string;
  host: string;
  scheduler: boolean;
  web: boolean;
  dev?: boolean;
}

export interface HubProcess {
  hub: RunningHub;
  stop(): Promise<void>;
}

export function parsePort(value: string, flag: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`${flag} must be a port number, got ${value}`);
  return port;
}

/** Opens the database and runs the hub on it; hub.json tells other commands to go through it until stop(). */
export async function startHubProcess(
  options: GlobalOptions,
  flags: { port: number; host: string; scheduler: boolean; web?: { dev: boolean } | false },
): Promise<HubProcess> {
  if (flags.web && !flags.web.dev && isWebBuildStale()) {
    // a fresh clone (or changed pages): build the console and portal once, before taking the database
    process.stderr.write(
      "正在构建控制台和门户（首次启动或页面有改动，约需一分钟）/ building the console and portal …\n",
    );
    await buildWebApp();
  }
  const database = await openDatabase(options.data ? { dataDir: options.data } : {});
  let hub: RunningHub;
  try {
    hub = await startHub({
      database,
      port: flags.port,
      host: flags.host,
      scheduler: flags.scheduler,
      // approved answers go out even when nothing is crawled on schedule
      outbox: true,
      web: flags.web ?? false,
      hubFileDir: database.dataDir ?? resolveDataDir(options.data),
    });
  } catch (error) {
    await database.close();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new CliError(`端口 ${flags.port} 已被占用，请用 --port 换一个 / port ${flags.port} is in use`, 1);
    }
    throw error;
  }
  return {
    hub,
    async stop() {
      await hub.close();
      await database.close();
    },
  };
}

export function registerStart(program: Command): void {
  program
    .command("start")
    .description("run the hub: HTTP API, push callbacks and the crawl scheduler (what `npm start` runs)")
    .option("--port <port>", "port to listen on", process.env.PORT ?? "3000")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--no-scheduler", "crawl nothing on schedule (push callbacks and the publishing outbox still run)")
    .option("--no-web", "serve no console and portal pages (API and callbacks only)")
    .option("--dev", "serve the console and portal with next dev (compiled on request, reloaded on change)")
    .action(async (flags: StartOptions, command: Command) => {
      const options = globalOptions(command);
      const running = await startHubProcess(options, {
        port: parsePort(flags.port, "--port"),
        host: flags.host,
        scheduler: flags.scheduler,
        web: flags.web ? { dev: flags.dev ?? false } : false,
      });
      const { hub } = running;
      if (options.json) printJson({ url: hub.url, pid: process.pid });
      else {
        process.stdout.write(
          `青年之声 hub 已启动 hub listening on ${hub.url}\n` +
            (flags.web ? `控制台 console: ${hub.url}/console  门户 portal: ${hub.url}/\n` : "") +
            `推送回调 push callbacks: ${hub.url}/api/channels/{accountId}/callback\n` +
            "其他命令（channel、crawl、import、search、stats）将通过它执行 / other commands now go through it\n" +
            "按 Ctrl-C 停止 press Ctrl-C to stop\n",
        );
      }
      await untilStopped();
      await running.stop();
    });
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description(
      "crawl on schedule and send the publishing outbox, without serving HTTP (server mode: run as many as you like on one DATABASE_URL)",
    )
    .action(async (_flags, command: Command) => {
      const options = globalOptions(command);
      const database = await openDatabase(options.data ? { dataDir: options.data } : {});
      await ensureCaseSeeds(database.db);
      // crawled batches open cases for urgent posts here as in the hub; supervision runs in the hub
      const runtime = createHubRuntime(database, { logger: createLogger() });
      const scheduler = startScheduler(runtime);
      // publishing: the outbox and webhook deliveries, shared with the hub and other workers through row leases
      const publicUrl = process.env.QNZS_PUBLIC_URL;
      const outbox = createOutboxWorker(runtime, {
        portalUrlFor: (answerId) => (publicUrl ? portalAnswerUrl(publicUrl, answerId) : null),
      });
      outbox.start();
      process.stdout.write(`抓取进程已启动 worker ${runtime.workerId} started; Ctrl-C to stop\n`);
      await untilStopped();
      await scheduler.stop();
      await outbox.stop();
      await database.close();
    });
}
