/** The worker side of prepare-pool.ts: prepares each batch it is sent and answers with the result. */
import { parentPort } from "node:worker_threads";
import { preparePosts } from "./prepare.ts";
import type { PrepareRequest, PrepareResponse } from "./prepare-pool.ts";

parentPort?.on("message", (request: PrepareRequest) => {
  let response: PrepareResponse;
  try {
    response = { id: request.id, batch: preparePosts(request.items, new Date(request.fetchedAt)) };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
