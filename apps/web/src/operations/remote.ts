/** The operations over a running hub's API (Bearer admin token from hub.json). */
import type { ImportTotals } from "@qnzs/core/import/index";
import type { CrawlEvent, CrawlSummary } from "@qnzs/crawlers";
import { type HubOperations, OperationError } from "./types.ts";

/** Records per import request: small enough for a quick request, large enough to keep batches efficient. */
export const IMPORT_CHUNK = 1000;

export function createRemoteOperations(url: string, token: string): HubOperations {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await send(url, token, method, path, body);
    return (await response.json()) as T;
  };
  return {
    via: `hub ${url}`,
    addChannel: (input) => call("POST", "/api/channels", input),
    listChannels: () => call("GET", "/api/channels"),
    async crawl(input, onEvent) {
      const response = await send(url, token, "POST", "/api/crawl", input);
      let summary: CrawlSummary | null = null;
      for await (const line of readLines(response)) {
        const message = JSON.parse(line) as {
          event?: CrawlEvent;
          summary?: CrawlSummary;
          error?: string;
          status?: number;
        };
        if (message.event) onEvent?.(message.event);
        if (message.summary) summary = message.summary;
        if (message.error) throw new OperationError(message.error, message.status ?? 500);
      }
      if (!summary) throw new Error("hub 未返回抓取结果 / the hub ended the crawl without a summary");
      return summary;
    },
    async importRecords(records, onProgress) {
      const totals: ImportTotals = { new: 0, updated: 0, duplicates: 0, failed: 0 };
      for (let start = 0; start < records.length; start += IMPORT_CHUNK) {
        const chunk = records.slice(start, start + IMPORT_CHUNK);
        const result = await call<ImportTotals>("POST", "/api/import", { records: chunk });
        totals.new += result.new;
        totals.updated += result.updated;
        totals.duplicates += result.duplicates;
        totals.failed += result.failed;
        onProgress?.(start + chunk.length, records.length);
      }
      return totals;
    },
    search: (request) => call("POST", "/api/search", request),
    stats: () => call("GET", "/api/stats"),
    importOrgs: (csv) => call("POST", "/api/admin/orgs/import", { csv }),
    addUser: (input) => call("POST", "/api/admin/users", input),
    createApiToken: (input) => call("POST", "/api/admin/tokens", input),
    importHotlineRecords: (csv) => call("POST", "/api/admin/hotline/import", { csv }),
    buildAssessmentReport: (request) => call("POST", "/api/admin/reports/assessment", request),
  };
}

async function send(url: string, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(new URL(path, url), {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const text = await response.text();
    let message = text;
    try {
      // the CLI's routes answer {error: "…"}, the JSON API {error: {code, message}}
      const error = (JSON.parse(text) as { error?: string | { message?: string } }).error;
      message = (typeof error === "string" ? error : error?.message) ?? text;
    } catch {
      // not JSON: show the text as it came
    }
    throw new OperationError(message || `HTTP ${response.status}`, response.status);
  }
  return response;
}

async function* readLines(response: Response): AsyncGenerator<string> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield line;
      newline = buffered.indexOf("\n");
    }
  }
  const rest = buffered.trim();
  if (rest) yield rest;
}
