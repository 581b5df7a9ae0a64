import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { Platform } from "./platform.ts";

/** A request as the platform handlers see it: fully read, so handlers stay synchronous and easy to test. */
export interface SimRequest {
  method: string;
  url: URL;
  /** the path below the platform prefix, e.g. `/2/statuses/mentions.json` under `/weibo` */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Items a reply carries, counted in `/_sim/stats` only once the reply has been fully written unaltered. */
export interface ServedItems {
  platform: Platform;
  endpoint: string;
  keys: string[];
  /** false for look-ups (statuses/show, comments/by_me) that a crawl does not ingest */
  counted: boolean;
}

export interface SimReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
  served?: ServedItems;
}

export function jsonReply(status: number, value: unknown, contentType = "application/json;charset=UTF-8"): SimReply {
  return { status, headers: { "content-type": contentType }, body: JSON.stringify(value) };
}

export function htmlReply(status: number, html: string | Buffer, contentType = "text/html; charset=utf-8"): SimReply {
  return { status, headers: { "content-type": contentType }, body: html };
}

export function textReply(status: number, text: string): SimReply {
  return { status, headers: { "content-type": "text/plain; charset=utf-8" }, body: text };
}

export function redirectReply(location: string): SimReply {
  return { status: 302, headers: { location }, body: "" };
}

export function notFound(): SimReply {
  return textReply(404, "Not Found");
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

export function contentType(request: SimRequest): string {
  return (request.headers["content-type"] ?? "").toLowerCase();
}

/** Query parameters merged with an urlencoded form body (the body wins), as the Weibo API reads them. */
export function formParams(request: SimRequest): URLSearchParams {
  const params = new URLSearchParams(request.url.searchParams);
  if (contentType(request).includes("application/x-www-form-urlencoded") && request.body.length > 0) {
    for (const [key, value] of new URLSearchParams(request.body.toString("utf8"))) params.set(key, value);
  }
  return params;
}

/** The body parsed as JSON; undefined when it is not JSON. */
export function jsonBody(request: SimRequest): unknown {
  if (request.body.length === 0) return undefined;
  try {
    return JSON.parse(request.body.toString("utf8"));
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** CDATA cannot hold `]]>`; split it across two sections as XML writers do. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}
