/**
 * Preparing posts on a worker thread. Segmentation, understanding and signatures take about a third of an
 * import's time and need no database: on a worker they run on the second core while the main thread stores the
 * previous batch (PGlite runs its queries on the main thread). Where no worker can start (a bundler moved the
 * files, a runtime without threads), batches are prepared inline: slower, never different.
 */
import { Worker } from "node:worker_threads";
import type { InboundItem } from "@qnzs/adapters/contract";
import { type PreparedBatch, preparePosts } from "./prepare.ts";

export interface PreparePool {
  prepare(items: readonly InboundItem[], fetchedAt: Date): Promise<PreparedBatch>;
  /** whether batches go to a worker thread (false once it failed, or where none could start) */
  readonly threaded: boolean;
  close(): Promise<void>;
}

/** What the worker is sent and answers; see prepare-worker.ts. */
export interface PrepareRequest {
  id: number;
  items: readonly InboundItem[];
  fetchedAt: number;
}
export type PrepareResponse = { id: number; batch: PreparedBatch } | { id: number; error: string };

const WORKER_FILE = new URL("./prepare-worker.mjs", import.meta.url);

export function createPreparePool(): PreparePool {
  let worker: Worker | null = null;
  let broken = false;
  let nextId = 0;
  const waiting = new Map<
    number,
    { items: readonly InboundItem[]; fetchedAt: Date; settle(batch: PreparedBatch): void }
  >();

  // a worker that fails hands its batches back to be prepared inline: the import goes on either way
  const giveUp = () => {
    broken = true;
    const pending = [...waiting.values()];
    waiting.clear();
    for (const entry of pending) entry.settle(preparePosts(entry.items, entry.fetchedAt));
    void worker?.terminate();
    worker = null;
  };

  const start = (): Worker | null => {
    if (broken) return null;
    if (worker) return worker;
    try {
      worker = new Worker(WORKER_FILE);
    } catch {
      broken = true;
      return null;
    }
    worker.unref();
    worker.on("message", (response: PrepareResponse) => {
      const entry = waiting.get(response.id);
      if (!entry) return;
      waiting.delete(response.id);
      entry.settle("batch" in response ? response.batch : preparePosts(entry.items, entry.fetchedAt));
    });
    worker.on("error", giveUp);
    worker.on("exit", () => {
      if (waiting.size > 0) giveUp();
      worker = null;
    });
    return worker;
  };

  return {
    prepare(items, fetchedAt) {
      const thread = start();
      if (!thread) return Promise.resolve(preparePosts(items, fetchedAt));
      return new Promise<PreparedBatch>((settle) => {
        const id = nextId++;
        waiting.set(id, { items, fetchedAt, settle });
        try {
          thread.postMessage({ id, items, fetchedAt: fetchedAt.getTime() } satisfies PrepareRequest);
        } catch {
          // a payload that cannot be copied to a thread (it holds a function, say) is prepared here
          waiting.delete(id);
          settle(preparePosts(items, fetchedAt));
        }
      });
    },
    get threaded() {
      return !broken;
    },
    async close() {
      const thread = worker;
      worker = null;
      broken = true;
      if (thread) await thread.terminate();
    },
  };
}
