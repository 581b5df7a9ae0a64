/**
 * A tiny local HTTP server for client tests: each test routes requests to recorded fixtures and can inspect
 * what the adapter sent. Only for tests.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface FixtureReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export type FixtureHandler = (request: RecordedRequest) => FixtureReply | Promise<FixtureReply>;

export interface FixtureServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** "127.0.0.1:<port>", for allowedHosts */
  host: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFixtureServer(handler: FixtureHandler): Promise<FixtureServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fixture.local");
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded))
        .then((reply) => {
          res.writeHead(reply.status ?? 200, reply.headers ?? {});
          res.end(reply.body ?? "");
        })
        .catch((error: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Reads a fixture file next to a test: `readFixture(import.meta.url, "fixtures/x.json")`. */
export function readFixture(base: string, relativePath: string): string {
  return readFileSync(new URL(relativePath, base), "utf8");
}

export function readFixtureBytes(base: string, relativePath: string): Buffer {
  return readFileSync(new URL(relativePath, base));
}

export function json(body: unknown, status = 200): FixtureReply {
  return { status, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(body) };
}

export function text(body: string | Uint8Array, status = 200, contentType = "text/plain; charset=utf-8"): FixtureReply {
  return { status, headers: { "content-type": contentType }, body };
}
