import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { accounts } from "./control.ts";
import { type Producer, startProducer } from "./producer.ts";
import { createSimServer } from "./server.ts";
import { createState, type SimState, type SimStateOptions } from "./state.ts";

export type { PublishedEntry } from "./publish-record.ts";
export type { PushReport } from "./push-report.ts";
export type { SimConfig, SimState } from "./state.ts";
export type { StatsReport } from "./stats.ts";
export { decryptMessage, encryptMessage, signParts } from "./wechat-crypto.ts";

export interface SimulatorOptions extends SimStateOptions {
  /** 0 (the default) picks a free port */
  port?: number;
  host?: "127.0.0.1" | (string & {});
  /** new posts a minute; 0 (the default) keeps counts deterministic */
  rate?: number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  state: SimState;
  close(): Promise<void>;
}

/** Starts the simulator on localhost: every platform under its prefix, control under `/_sim`. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  const state = createState(options);
  const server = createSimServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  let producer: Producer | null = options.rate && options.rate > 0 ? startProducer(state, options.rate) : null;
  return {
    url: state.baseUrl,
    port,
    state,
    close: async () => {
      producer?.stop();
      producer = null;
      state.lifecycle.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { accounts };

function readFlag(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  if (index >= 0) return argv[index + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function numberFlag(argv: string[], name: string): number | undefined {
  const raw = readFlag(argv, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
  return value;
}

/** Runs until SIGINT or SIGTERM. Flags: --port P (default 4100), --rate N, --seed S, --corpus file.jsonl. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const simulator = await startSimulator({
    port: numberFlag(argv, "port") ?? 4100,
    rate: numberFlag(argv, "rate") ?? 0,
    seed: numberFlag(argv, "seed"),
    corpusPath: readFlag(argv, "corpus"),
  });
  process.stdout.write(
    `simulator listening on ${simulator.url}\n${JSON.stringify(accounts(simulator.state), null, 2)}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await simulator.close();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
