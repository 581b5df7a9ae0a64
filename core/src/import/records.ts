import type { InboundItem, ItemKind } from "@qnzs/adapters/contract";
import { parseCsv } from "./csv.ts";

/** One record of an export file, mapped, or the reason it could not be. */
export type ImportRecord =
  | { ok: true; channel: string; item: InboundItem }
  | { ok: false; channel: string | null; raw: unknown; reason: string };

const CHANNEL_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
const ITEM_KINDS = new Set<string>(["post", "comment", "message", "article", "form"]);

export type ImportFormat = "json" | "jsonl" | "csv";

export function detectFormat(fileName: string, content: string): ImportFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".json")) return content.trimStart().startsWith("[") ? "json" : "jsonl";
  const start = content.trimStart()[0];
  return start === "[" ? "json" : start === "{" ? "jsonl" : "csv";
}

/**
 * Reads an export of posts: JSON (an array), JSON Lines or CSV, with fields `channel`, `external_id` or `id`,
 * `author`, `text`, `published_at`, `url` (and optionally `title`, `item_kind`, `author_location`, `thread_id`,
 * `parent_id`). Every field is kept in the raw payload.
 */
export function readImportRecords(content: string, format: ImportFormat): ImportRecord[] {
  if (format === "csv") {
    return parseCsv(content).map((row) => mapRecord(row.values, `line ${row.line}`));
  }
  if (format === "json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch (error) {
      return [{ ok: false, channel: null, raw: content.slice(0, 2000), reason: `invalid JSON: ${messageOf(error)}` }];
    }
    if (!Array.isArray(parsed)) {
      return [{ ok: false, channel: null, raw: parsed, reason: "a JSON export must be an array of posts" }];
    }
    return parsed.map((value, index) => mapRecord(value, `item ${index + 1}`));
  }
  const records: ImportRecord[] = [];
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      records.push({
        ok: false,
        channel: null,
        raw: { line: i + 1, text: line.slice(0, 2000) },
        reason: `line ${i + 1}: invalid JSON: ${messageOf(error)}`,
      });
      continue;
    }
    records.push(mapRecord(value, `line ${i + 1}`));
  }
  return records;
}

function mapRecord(value: unknown, where: string): ImportRecord {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, channel: null, raw: value, reason: `${where}: not an object` };
  }
  const record = value as Record<string, unknown>;
  const channel = text(record.channel)?.toLowerCase() ?? null;
  const fail = (reason: string): ImportRecord => ({ ok: false, channel, raw: record, reason: `${where}: ${reason}` });
  if (!channel) return fail("missing channel");
  if (!CHANNEL_PATTERN.test(channel)) return fail(`channel ${JSON.stringify(channel)} is not a channel kind`);
  const externalId = text(record.external_id) ?? text(record.id);
  if (!externalId) return fail("missing external_id or id");
  const body = record.text;
  if (typeof body !== "string" || body.trim() === "") return fail("missing text");
  const kind = text(record.item_kind) ?? "post";
  if (!ITEM_KINDS.has(kind)) return fail(`unknown item_kind ${JSON.stringify(kind)}`);
  const author = record.author;
  const authorRecord = author && typeof author === "object" ? (author as Record<string, unknown>) : null;
  return {
    ok: true,
    channel,
    item: {
      externalId,
      itemKind: kind as ItemKind,
      threadId: text(record.thread_id),
      parentId: text(record.parent_id),
      author: {
        id: text(authorRecord?.id) ?? text(record.author_id),
        name: authorRecord ? text(authorRecord.name) : text(author),
        location: text(authorRecord?.location) ?? text(record.author_location),
      },
      title: text(record.title),
      text: body,
      format: record.format === "html" ? "html" : "text",
      url: text(record.url),
      publishedAt: text(record.published_at) ?? "",
      raw: record,
    },
  };
}

function text(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
