/**
 * `qnzs import-hotline FILE`: 12355 hotline records (a CSV the desk's system exports) become cases. Columns, by
 * English or Chinese header: record_id/工单号, received_at/来电时间, caller/来电人, phone/联系电话,
 * place/所在地, category/类别, title/标题, content/内容. A record already imported (same record id) is skipped,
 * so the same export can be imported again; a bad row is reported with its line and the rest go on.
 */
import type { Db } from "@qnzs/db";
import { CATEGORIES, type Category, cases } from "@qnzs/db/schema";
import { and, eq } from "drizzle-orm";
import { parseCsv } from "../import/csv.ts";
import { understandPost } from "../understand/index.ts";
import { inTransaction } from "./case-store.ts";
import { openCase } from "./intake.ts";
import { resolvePlace } from "./places.ts";
import { SYSTEM } from "./timeline.ts";

export interface HotlineImportReport {
  created: { line: number; recordId: string; caseId: number; code: string }[];
  skipped: { line: number; recordId: string; code: string }[];
  failed: { line: number; reason: string }[];
}

const COLUMNS: Record<string, string[]> = {
  recordId: ["record_id", "id", "工单号", "记录编号", "编号"],
  receivedAt: ["received_at", "time", "来电时间", "时间"],
  caller: ["caller", "name", "来电人", "姓名"],
  phone: ["phone", "联系电话", "电话"],
  place: ["place", "region", "address", "所在地", "地区", "地址"],
  category: ["category", "类别", "诉求类别"],
  title: ["title", "标题", "主题"],
  content: ["content", "summary", "内容", "来电内容", "诉求内容"],
};

const CATEGORY_NAMES: Record<string, Category> = {
  学习成才: "study",
  学业: "study",
  创业就业: "employment",
  就业创业: "employment",
  就业: "employment",
  权益维护: "rights",
  维权: "rights",
  情感婚恋: "relationships",
  婚恋交友: "relationships",
  情感: "relationships",
  其他: "other",
};

function pick(values: Record<string, string>, field: keyof typeof COLUMNS): string {
  for (const name of COLUMNS[field]!) {
    const value = values[name];
    if (value !== undefined && value.trim() !== "") return value.trim();
  }
  return "";
}

function parseCategory(value: string): Category | null | "unknown" {
  if (!value) return null;
  if ((CATEGORIES as readonly string[]).includes(value.toLowerCase())) return value.toLowerCase() as Category;
  return CATEGORY_NAMES[value] ?? "unknown";
}

export async function importHotlineRecords(
  db: Db,
  csv: string,
  options: { now?: Date } = {},
): Promise<HotlineImportReport> {
  const now = options.now ?? new Date();
  const report: HotlineImportReport = { created: [], skipped: [], failed: [] };
  for (const { line, values } of parseCsv(csv)) {
    const recordId = pick(values, "recordId");
    const content = pick(values, "content");
    if (!recordId) {
      report.failed.push({ line, reason: "缺少工单号 / missing record_id" });
      continue;
    }
    if (!content) {
      report.failed.push({ line, reason: "缺少来电内容 / missing content" });
      continue;
    }
    const category = parseCategory(pick(values, "category"));
    if (category === "unknown") {
      report.failed.push({ line, reason: `未知类别 / unknown category "${pick(values, "category")}"` });
      continue;
    }
    const receivedAt = pick(values, "receivedAt");
    // one transaction per record: a failure loses only its own row
    const outcome = await inTransaction(db, async (tx) => {
      const [existing] = await tx
        .select({ code: cases.code })
        .from(cases)
        .where(and(eq(cases.source, "hotline"), eq(cases.externalRef, recordId)));
      if (existing) return { kind: "skipped" as const, code: existing.code };
      const title = pick(values, "title");
      const understanding = understandPost({ text: `${title}\n${content}` });
      const place = await resolvePlace(tx, {
        address: pick(values, "place") || null,
        understood: { region: understanding.region, city: understanding.city },
        text: content,
      });
      const contact = { name: pick(values, "caller"), phone: pick(values, "phone") };
      const row = await openCase(
        tx,
        {
          title: title || content.slice(0, 40),
          description: receivedAt ? `${content}\n\n（12355 来电，${receivedAt}）` : content,
          category: category ?? understanding.category,
          urgent: understanding.urgent,
          priority: "normal",
          place,
          source: "hotline",
          contact: Object.fromEntries(Object.entries(contact).filter(([, value]) => value !== "")),
          externalRef: recordId,
          postIds: [],
        },
        SYSTEM,
        now,
      );
      return { kind: "created" as const, caseId: row.id, code: row.code };
    });
    if (outcome.kind === "skipped") report.skipped.push({ line, recordId, code: outcome.code });
    else report.created.push({ line, recordId, caseId: outcome.caseId, code: outcome.code });
  }
  return report;
}
