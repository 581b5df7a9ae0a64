/**
 * Weibang (微邦) has no public API: events come from a signed webhook (an operator bridge or a partner push) and
 * history from the app's CSV/JSON exports. Both map here.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { InboundItem, ItemKind, RejectedPayload } from "../contract.ts";
import { parseChinaDate } from "../shared/china-date.ts";

export const WEIBANG_EVENT_KINDS: Record<string, ItemKind> = {
  "message.created": "message",
  "comment.created": "comment",
  "post.published": "post",
};

export const WeibangEventSchema = z.looseObject({
  event_id: z.string().min(1),
  event_type: z.string().min(1),
  occurred_at: z.string().min(1),
  org: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).nullable().optional(),
  author: z.looseObject({ id: z.string().optional(), display_name: z.string().optional() }).nullable().optional(),
  thread_id: z.string().nullable().optional(),
  parent_id: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  text: z.string(),
  attachments: z.array(z.looseObject({ type: z.string().optional(), url: z.string().optional() })).optional(),
});
export type WeibangEvent = z.infer<typeof WeibangEventSchema>;

export type MapResult = { item: InboundItem } | { rejected: RejectedPayload };

export function mapWeibangEvent(raw: unknown): MapResult {
  const parsed = WeibangEventSchema.safeParse(raw);
  if (!parsed.success)
    return { rejected: { raw, reason: `微邦事件格式不符 / not a Weibang event: ${parsed.error.message}` } };
  const event = parsed.data;
  const itemKind = WEIBANG_EVENT_KINDS[event.event_type];
  if (!itemKind) return { rejected: { raw, reason: `不支持的事件类型 / unsupported event_type: ${event.event_type}` } };
  const publishedAt = readDate(event.occurred_at);
  if (!publishedAt) return { rejected: { raw, reason: `事件时间无效 / invalid occurred_at: ${event.occurred_at}` } };
  const attachments = (event.attachments ?? []).map((a) =>
    `[${a.type === "image" ? "图片" : "附件"}] ${a.url ?? ""}`.trim(),
  );
  return {
    item: {
      externalId: event.event_id,
      itemKind,
      threadId: event.thread_id ?? null,
      parentId: event.parent_id ?? (itemKind === "comment" ? (event.thread_id ?? null) : null),
      author: event.author
        ? { id: event.author.id ?? null, name: event.author.display_name ?? null, location: null }
        : null,
      text: [event.text, ...attachments].filter(Boolean).join("\n"),
      format: "text",
      url: event.url ?? null,
      publishedAt,
      raw,
    },
  };
}

/** ISO 8601 with a zone is exact; "2024-05-01 12:00" style export text is Beijing time */
function readDate(text: string): string | null {
  if (/[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  return parseChinaDate(text);
}

/** column names as the export writes them, in English or Chinese */
const COLUMN_ALIASES: Record<string, keyof ExportRow> = {
  id: "id",
  event_id: "id",
  编号: "id",
  type: "type",
  event_type: "type",
  类型: "type",
  created_at: "createdAt",
  occurred_at: "createdAt",
  time: "createdAt",
  时间: "createdAt",
  发布时间: "createdAt",
  author_id: "authorId",
  作者id: "authorId",
  用户id: "authorId",
  author_name: "authorName",
  author: "authorName",
  display_name: "authorName",
  作者: "authorName",
  昵称: "authorName",
  thread_id: "threadId",
  话题id: "threadId",
  主题id: "threadId",
  text: "text",
  content: "text",
  内容: "text",
  正文: "text",
  url: "url",
  链接: "url",
};

interface ExportRow {
  id?: string;
  type?: string;
  createdAt?: string;
  authorId?: string;
  authorName?: string;
  threadId?: string;
  text?: string;
  url?: string;
}

const TYPE_ALIASES: Record<string, ItemKind> = {
  ...WEIBANG_EVENT_KINDS,
  message: "message",
  私信: "message",
  消息: "message",
  comment: "comment",
  评论: "comment",
  post: "post",
  动态: "post",
  帖子: "post",
};

export interface ExportResult {
  items: InboundItem[];
  rejected: RejectedPayload[];
}

/**
 * Items from a Weibang CSV or JSON export. Rows without an id get a stable one from author, time and text, so
 * importing the same file twice stores nothing new. Bad rows are returned as rejected with their row number.
 */
export function parseWeibangExport(text: string, format: "csv" | "json"): ExportResult {
  const result: ExportResult = { items: [], rejected: [] };
  let records: Array<Record<string, unknown>>;
  try {
    records = format === "csv" ? readCsvRecords(text) : readJsonRecords(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    result.rejected.push({ raw: text.slice(0, 2000), reason: `导出文件无法解析 / unreadable export: ${reason}` });
    return result;
  }
  records.forEach((record, index) => {
    const mapped = mapExportRecord(record);
    if ("item" in mapped) result.items.push(mapped.item);
    else
      result.rejected.push({ raw: record, reason: `第 ${index + 1} 条 / row ${index + 1}: ${mapped.rejected.reason}` });
  });
  return result;
}

function mapExportRecord(record: Record<string, unknown>): MapResult {
  // an export of webhook events: same mapping as a live delivery
  if (typeof record.event_id === "string" && typeof record.event_type === "string") return mapWeibangEvent(record);
  const row = normaliseRow(record);
  const text = row.text?.trim();
  const publishedAt = row.createdAt ? readDate(row.createdAt) : null;
  const itemKind = row.type ? TYPE_ALIASES[row.type.trim().toLowerCase()] : "post";
  if (!text) return { rejected: { raw: record, reason: "缺少内容 / no text" } };
  if (!publishedAt) return { rejected: { raw: record, reason: `时间无效 / invalid time: ${row.createdAt ?? ""}` } };
  if (!itemKind) return { rejected: { raw: record, reason: `未知类型 / unknown type: ${row.type ?? ""}` } };
  return {
    item: {
      externalId: row.id?.trim() || `export:${hashRow(row.authorId ?? row.authorName ?? "", publishedAt, text)}`,
      itemKind,
      threadId: row.threadId || null,
      parentId: itemKind === "comment" ? row.threadId || null : null,
      author:
        row.authorId || row.authorName
          ? { id: row.authorId || null, name: row.authorName || null, location: null }
          : null,
      text,
      format: "text",
      url: row.url || null,
      publishedAt,
      raw: record,
    },
  };
}

function normaliseRow(record: Record<string, unknown>): ExportRow {
  const row: ExportRow = {};
  for (const [key, value] of Object.entries(record)) {
    const field = COLUMN_ALIASES[key.trim().toLowerCase()];
    if (field && (typeof value === "string" || typeof value === "number")) row[field] = String(value);
  }
  return row;
}

function readJsonRecords(text: string): Array<Record<string, unknown>> {
  const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ""));
  const list = Array.isArray(parsed)
    ? parsed
    : typeof parsed === "object" && parsed !== null && Array.isArray((parsed as { items?: unknown }).items)
      ? (parsed as { items: unknown[] }).items
      : null;
  if (!list) throw new Error("期望一个数组或 {items: [...]} / expected an array or {items: [...]}");
  return list.map((entry) =>
    typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>) : { value: entry },
  );
}

/** RFC 4180: quoted fields, doubled quotes, CRLF or LF, newlines inside quotes; a UTF-8 BOM is dropped */
export function readCsvRecords(text: string): Array<Record<string, string>> {
  const rows = parseCsv(text.replace(/^\uFEFF/, ""));
  const [header, ...body] = rows;
  if (!header || header.length === 0) throw new Error("缺少表头 / no header row");
  const names = header.map((name) => name.trim());
  return body
    .filter((cells) => cells.some((cell) => cell.trim() !== ""))
    .map((cells) => Object.fromEntries(names.map((name, i) => [name, cells[i] ?? ""])));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell === "") {
      quoted = true;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new Error("引号未闭合 / unterminated quoted field");
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function hashRow(author: string, publishedAt: string, text: string): string {
  return createHash("sha256").update(`${author}\u0000${publishedAt}\u0000${text}`).digest("hex").slice(0, 24);
}
