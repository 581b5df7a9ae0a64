/**
 * A case as an Open311 GeoReport v2 service request: what anyone holding its code may read. Only public facts —
 * status, the org handling it, times, the public timeline and the approved answer — with personal data masked by
 * the publishing mask (the stronger one: bank cards, 15-digit IDs and the asker's own name too). Contact fields
 * are never part of it.
 */
import { OPEN_STATUSES } from "@qnzs/core/cases/case-store";
import { normalizeCaseCode } from "@qnzs/core/cases/codes";
import { findPublicCase } from "@qnzs/core/cases/queries";
import type { CaseEventType } from "@qnzs/core/cases/timeline";
import { maskPersonalData } from "@qnzs/core/text/mask";
import type { Db } from "@qnzs/db";
import { type Category, cases, orgs } from "@qnzs/db/schema";
import { eq, type SQL } from "drizzle-orm";

export const SERVICE_NAMES: Record<Category, { name: string; description: string; keywords: string }> = {
  study: { name: "学习成才", description: "升学、考试、培训、学业困难", keywords: "考研,专升本,奖学金,学业" },
  employment: { name: "创业就业", description: "求职、实习、创业扶持与贷款", keywords: "就业,实习,创业,贷款" },
  rights: { name: "权益维护", description: "劳动、消费、校园等权益受损", keywords: "欠薪,维权,劳动合同,校园欺凌" },
  relationships: { name: "情感婚恋", description: "情感、婚恋、人际与心理困扰", keywords: "恋爱,婚恋,交友,心理" },
  other: { name: "其他", description: "其他需要共青团帮助的问题", keywords: "其他" },
};

export interface Open311ServiceRequest {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string | null;
  service_code: Category | null;
  service_name: string | null;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  /** the place the case is routed by (province, city, county), never the street address as written */
  address: string | null;
}

type CaseRow = typeof cases.$inferSelect;

const EVENT_NOTES: Partial<Record<CaseEventType, (org: string | null) => string>> = {
  created: () => "已受理",
  routed: (org) => (org ? `已交${org}办理` : "已受理"),
  referred_12355: (org) => (org ? `紧急诉求，已转介${org}` : "紧急诉求，已转介12355青少年服务台"),
  transferred: (org) => (org ? `已转至${org}办理` : "已转办"),
  reassignment_approved: (org) => (org ? `已改派至${org}办理` : "已改派"),
  assigned: () => "已安排专人办理",
  claimed: () => "已安排专人办理",
  answer_approved: () => "已答复",
  rated: () => "已收到您的评价",
  reopened: () => "已重新办理",
  closed: () => "已办结",
  archived: () => "已办结归档",
  merged_into: () => "已与相同诉求合并办理",
};

const OPEN = new Set<string>(OPEN_STATUSES);

/** Beijing time as Open311 clients read it: 2025-09-01T10:00:00+08:00. */
export function formatBeijing(instant: Date): string {
  return `${new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

async function loadCase(db: Db, where: SQL): Promise<{ row: CaseRow; orgName: string | null } | null> {
  const [found] = await db
    .select({ row: cases, orgName: orgs.name })
    .from(cases)
    .leftJoin(orgs, eq(orgs.id, cases.orgId))
    .where(where);
  return found ?? null;
}

function contactName(row: CaseRow): string | null {
  const contact = row.contact as Record<string, unknown> | null;
  return typeof contact?.name === "string" ? contact.name : null;
}

/** The request for a case code; null when no case has it. */
export async function describeServiceRequest(db: Db, code: string): Promise<Open311ServiceRequest | null> {
  const normalized = normalizeCaseCode(code);
  if (!normalized) return null;
  const original = await loadCase(db, eq(cases.code, normalized));
  if (!original) return null;
  // a merged request is handled, and so followed, through the case it was merged into
  let followed = original;
  for (let depth = 0; depth < 10 && followed.row.status === "merged" && followed.row.mergedInto; depth++) {
    const next = await loadCase(db, eq(cases.id, followed.row.mergedInto));
    if (!next) break;
    followed = next;
  }
  const names = [contactName(original.row), contactName(followed.row)].filter((name): name is string => !!name);
  const mask = (text: string) => maskPersonalData(text, { names }).text;

  const page = await findPublicCase(db, followed.row.code);
  const last = page.timeline.at(-1);
  const note = last ? EVENT_NOTES[last.type]?.(last.orgName) : undefined;
  const row = followed.row;
  const open = OPEN.has(row.status);
  return {
    service_request_id: original.row.code,
    status: open ? "open" : "closed",
    status_notes: page.answer ? mask(page.answer) : (note ?? null),
    service_code: original.row.category,
    service_name: original.row.category ? SERVICE_NAMES[original.row.category].name : null,
    description: mask(original.row.description),
    agency_responsible: followed.orgName,
    service_notice:
      open && row.dueAt
        ? `${row.urgent ? "紧急诉求，优先办理；" : ""}预计 ${formatBeijing(row.dueAt).slice(0, 16).replace("T", " ")} 前答复`
        : null,
    requested_datetime: formatBeijing(original.row.createdAt),
    updated_datetime: formatBeijing(new Date(Math.max(row.updatedAt.getTime(), original.row.updatedAt.getTime()))),
    expected_datetime: row.dueAt ? formatBeijing(row.dueAt) : null,
    address: [row.region, row.city !== row.region ? row.city : null, row.county].filter(Boolean).join("") || null,
  };
}
