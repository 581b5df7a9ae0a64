/**
 * `qnzs org import FILE`: adds the organisations a deployment needs beyond the seed tree, from a CSV with the
 * columns name, level, parent, region (and optionally kind, region_code). Rows may come in any order — a row
 * whose parent is further down the file waits for it — and an org that already exists under its parent is
 * left as it is, so the same file can be imported twice.
 */
import type { Db } from "@qnzs/db";
import { ORG_LEVELS, type OrgLevel, orgs } from "@qnzs/db/schema";
import { parseCsv } from "../import/csv.ts";
import { PROVINCES } from "../understand/data/gazetteer-data.ts";
import { CaseError } from "./errors.ts";
import { createOrgNode, type OrgRow } from "./org-tree.ts";

export interface OrgImportReport {
  created: number;
  /** rows naming an org that already exists under the same parent */
  existing: number;
  failed: { line: number; name: string; reason: string }[];
}

const LEVEL_NAMES: Record<string, OrgLevel> = {
  团中央: "central",
  中央: "central",
  省级: "province",
  省: "province",
  地市级: "city",
  市级: "city",
  市: "city",
  县级: "county",
  县: "county",
  区县: "county",
  基层: "grassroots",
};

const PROVINCE_NAMES = new Set(PROVINCES.map((province) => province.name));

interface Row {
  line: number;
  name: string;
  level: string;
  parent: string;
  region: string;
  kind: string;
  regionCode: string;
}

export async function importOrgs(db: Db, csv: string): Promise<OrgImportReport> {
  const rows: Row[] = parseCsv(csv).map(({ line, values }) => ({
    line,
    name: (values.name ?? "").trim(),
    level: (values.level ?? "").trim(),
    parent: (values.parent ?? "").trim(),
    region: (values.region ?? "").trim(),
    kind: (values.kind ?? "").trim(),
    regionCode: (values.region_code ?? "").trim(),
  }));
  const report: OrgImportReport = { created: 0, existing: 0, failed: [] };
  const known: OrgRow[] = await db.select().from(orgs);

  let pending = rows;
  // Each pass places the rows whose parent is known; a pass that places nothing leaves only unresolvable rows.
  while (pending.length > 0) {
    const waiting: Row[] = [];
    const blocked = new Map<Row, string>();
    for (const row of pending) {
      const outcome = await importRow(db, row, known);
      if (outcome.kind === "created") {
        known.push(outcome.org);
        report.created++;
      } else if (outcome.kind === "existing") report.existing++;
      else if (outcome.kind === "waiting") {
        waiting.push(row);
        blocked.set(row, outcome.reason);
      } else report.failed.push({ line: row.line, name: row.name, reason: outcome.reason });
    }
    if (waiting.length === pending.length) {
      for (const row of waiting) report.failed.push({ line: row.line, name: row.name, reason: blocked.get(row)! });
      break;
    }
    pending = waiting;
  }
  report.failed.sort((a, b) => a.line - b.line);
  return report;
}

type Outcome =
  | { kind: "created"; org: OrgRow }
  | { kind: "existing" }
  | { kind: "waiting"; reason: string }
  | { kind: "failed"; reason: string };

async function importRow(db: Db, row: Row, known: OrgRow[]): Promise<Outcome> {
  if (!row.name) return { kind: "failed", reason: "缺少名称 / missing name" };
  const level = parseLevel(row.level);
  if (!level) return { kind: "failed", reason: `未知层级 / unknown level "${row.level}"` };

  let parent: OrgRow | null = null;
  if (level !== "central" || row.parent) {
    if (!row.parent) return { kind: "failed", reason: "缺少上级组织 / missing parent" };
    const found = findParent(row.parent, known);
    if (found.kind === "ambiguous") {
      return { kind: "failed", reason: `上级组织"${row.parent}"不唯一，请写成路径或 #编号 / ambiguous parent` };
    }
    if (found.kind === "missing") return { kind: "waiting", reason: `找不到上级组织 / unknown parent "${row.parent}"` };
    parent = found.org;
  }
  if (known.some((org) => org.name === row.name && org.parentId === (parent?.id ?? null))) return { kind: "existing" };

  const place = parsePlace(row.region, parent);
  try {
    const org = await db.transaction((tx) =>
      createOrgNode(tx as unknown as Db, {
        name: row.name,
        level,
        kind: row.kind || inferKind(row.name),
        parentId: parent?.id ?? null,
        regionCode: row.regionCode || null,
        ...place,
      }),
    );
    return { kind: "created", org };
  } catch (error) {
    if (error instanceof CaseError) return { kind: "failed", reason: error.message };
    throw error;
  }
}

function parseLevel(value: string): OrgLevel | null {
  const lower = value.toLowerCase();
  if ((ORG_LEVELS as readonly string[]).includes(lower)) return lower as OrgLevel;
  return LEVEL_NAMES[value] ?? null;
}

/** A parent is named by id (#12), by a path of names (共青团四川省委员会/共青团成都市委员会) or by a unique name. */
function findParent(
  reference: string,
  known: OrgRow[],
): { kind: "found"; org: OrgRow } | { kind: "missing" } | { kind: "ambiguous" } {
  const byId = /^#(\d+)$/.exec(reference);
  if (byId) {
    const org = known.find((candidate) => candidate.id === Number(byId[1]));
    return org ? { kind: "found", org } : { kind: "missing" };
  }
  const names = reference
    .split("/")
    .map((part) => part.trim())
    .filter(Boolean);
  let candidates = known.filter((org) => org.name === names[names.length - 1]);
  if (names.length > 1) {
    candidates = candidates.filter((org) => {
      let current: OrgRow | undefined = org;
      for (let i = names.length - 1; i >= 0; i--) {
        if (!current || current.name !== names[i]) return false;
        const parentId: number | null = current.parentId;
        current = parentId === null ? undefined : known.find((candidate) => candidate.id === parentId);
      }
      return true;
    });
  }
  if (candidates.length === 0) return { kind: "missing" };
  if (candidates.length > 1) return { kind: "ambiguous" };
  return { kind: "found", org: candidates[0]! };
}

/**
 * "四川省/成都市/武侯区" (or space-separated) is a whole place; a place that does not start with a province
 * ("武侯区") continues the parent's ("四川省/成都市"). An empty place is the parent's.
 */
function parsePlace(
  value: string,
  parent: OrgRow | null,
): { region: string | null; city: string | null; county: string | null } {
  const parts = value
    .split(/[/\s>]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  const inherited = [parent?.region, parent?.city, parent?.county].filter((part): part is string => Boolean(part));
  const full = parts.length > 0 && PROVINCE_NAMES.has(parts[0]!) ? parts : [...inherited, ...parts];
  return { region: full[0] ?? null, city: full[1] ?? null, county: full[2] ?? null };
}

function inferKind(name: string): string {
  if (/12355|服务台|服务中心/.test(name)) return "service";
  if (/大学|学院|学校/.test(name)) return "university";
  if (/公司|集团|企业/.test(name)) return "enterprise";
  return "committee";
}
