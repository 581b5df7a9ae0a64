import { type Clock, createClock } from "./clock.ts";
import { FaultBoard } from "./faults.ts";
import { PublishRecord } from "./publish-record.ts";
import { type SeededWorld, seedWorld } from "./seed/index.ts";
import { ServedStats } from "./stats.ts";

export type WechatMode = "plaintext" | "compat" | "aes";

/** What the hub tells the simulator through `POST /_sim/config`. */
export interface SimConfig {
  wechat: { callbackUrl: string | null; mode: WechatMode; timeoutMs: number; retries: number };
  weibang: { callbackUrl: string | null; timeoutMs: number; retries: number; retryDelayMs: number };
  weibo: { hourlyLimit: number; safeDomains: string[] };
}

export function defaultConfig(): SimConfig {
  return {
    // WeChat waits 5 s for an answer and retries three times.
    wechat: { callbackUrl: null, mode: "plaintext", timeoutMs: 5000, retries: 3 },
    weibang: { callbackUrl: null, timeoutMs: 5000, retries: 3, retryDelayMs: 500 },
    weibo: { hourlyLimit: 1000, safeDomains: ["qnzs.youth.cn", "youth.cn", "127.0.0.1", "localhost"] },
  };
}

export interface SimStateOptions {
  seed?: number;
  corpusPath?: string;
  now?: () => Date;
}

/** The whole simulated world plus what the simulator observed: one object the handlers share. */
export interface SimState extends SeededWorld {
  /** `http://127.0.0.1:<port>`, known once the server listens */
  baseUrl: string;
  seed: number;
  corpusPath: string | undefined;
  clock: Clock;
  stats: ServedStats;
  record: PublishRecord;
  faults: FaultBoard;
  config: SimConfig;
  /** aborted on close, so in-flight pushes stop */
  lifecycle: AbortController;
  /** how many new posts the producer made: it rotates over the platforms */
  producerTurn: number;
}

/** 青年之声 went live on 2015-04-28. */
export const DEFAULT_SEED = 20150428;

export function createState(options: SimStateOptions = {}): SimState {
  const seed = options.seed ?? DEFAULT_SEED;
  const clock = createClock(options.now);
  return {
    ...seedWorld(seed, clock.now(), options.corpusPath),
    baseUrl: "http://127.0.0.1",
    seed,
    corpusPath: options.corpusPath,
    clock,
    stats: new ServedStats(),
    record: new PublishRecord(),
    faults: new FaultBoard(),
    config: defaultConfig(),
    lifecycle: new AbortController(),
    producerTurn: 0,
  };
}

/** Back to the seeded world: data, stats, record and faults; the push config, clock and address stay. */
export function resetState(state: SimState): void {
  Object.assign(state, seedWorld(state.seed, state.clock.now(), state.corpusPath));
  state.stats = new ServedStats();
  state.record = new PublishRecord();
  state.faults.clear();
  state.producerTurn = 0;
}
