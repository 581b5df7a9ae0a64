import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./http-kit.ts";

/** Small HTTP helpers shared by the simulator's tests. */

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<JsonResponse<T>> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

export function postJson<T>(url: string, body: unknown): Promise<JsonResponse<T>> {
  return getJson<T>(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export function postForm<T>(url: string, params: Record<string, string>): Promise<JsonResponse<T>> {
  return getJson<T>(url, { method: "POST", body: new URLSearchParams(params) });
}

export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ReceiverAnswer {
  status: number;
  body?: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A local stand-in for the hub's callback endpoint that records every delivery. */
export async function startReceiver(
  answer: (request: ReceivedRequest) => ReceiverAnswer | Promise<ReceiverAnswer>,
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((incoming, response) => {
    void (async () => {
      const body = (await readBody(incoming)).toString("utf8");
      const request: ReceivedRequest = {
        method: incoming.method ?? "GET",
        url: new URL(incoming.url ?? "/", "http://127.0.0.1"),
        headers: incoming.headers,
        body,
      };
      requests.push(request);
      const reply = await answer(request);
      if (response.destroyed) return;
      response.writeHead(reply.status, { "content-type": "text/plain" });
      response.end(reply.body ?? "");
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/channels/7/callback`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date("2025-05-12T02:00:00Z")): { now: () => Date; advance(ms: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
  };
}
