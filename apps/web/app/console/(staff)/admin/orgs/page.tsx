import type { OrgRow } from "@qnzs/core/cases/org-tree";
import type { Metadata } from "next";
import Link from "next/link";
import { getServices } from "../../../../../src/hub/context.ts";
import { AdminTabs } from "../../../../../src/ui/admin/admin-tabs.tsx";
import { ActionForm } from "../../../../../src/ui/forms/action-form.tsx";
import { LEVEL_CODES, ORG_KIND_LABELS, ORG_LEVEL_LABELS } from "../../../../../src/ui/labels.ts";
import { NoAccess } from "../../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../../src/ui/request-actor.ts";
import { addOrgAction, renameOrgAction, setOrgRegionAction } from "../../../../actions/admin-actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "组织机构" };

interface Props {
  searchParams: Promise<{ q?: string; org?: string }>;
}

function orgHref(id: number, q: string): string {
  return `/console/admin/orgs?org=${id}${q ? `&q=${encodeURIComponent(q)}` : ""}`;
}

function describePlace(org: OrgRow): string {
  return [org.region, org.city !== org.region ? org.city : null, org.county].filter(Boolean).join(" · ") || "—";
}

function OrgTree({ orgs, selected }: { orgs: OrgRow[]; selected: OrgRow | null }) {
  const ids = new Set(orgs.map((org) => org.id));
  const children = new Map<number, OrgRow[]>();
  for (const org of orgs) {
    if (org.parentId === null || !ids.has(org.parentId)) continue;
    children.set(org.parentId, [...(children.get(org.parentId) ?? []), org]);
  }
  const roots = orgs.filter((org) => org.parentId === null || !ids.has(org.parentId));
  const openPath = selected?.path ?? "";
  const renderNode = (org: OrgRow, depth: number) => {
    const link = (
      <>
        <Link href={orgHref(org.id, "")} aria-current={org.id === selected?.id ? "true" : undefined}>
          {org.name}
        </Link>
        <span className="level">{ORG_LEVEL_LABELS[org.level]}</span>
      </>
    );
    const below = children.get(org.id);
    if (!below) {
      return (
        <li key={org.id} className="leaf">
          {link}
        </li>
      );
    }
    return (
      <li key={org.id}>
        <details open={depth === 0 || (openPath.startsWith(org.path) && openPath !== org.path) || undefined}>
          <summary>
            {link}
            <span className="level">（{below.length}）</span>
          </summary>
          <ul>{below.map((child) => renderNode(child, depth + 1))}</ul>
        </details>
      </li>
    );
  };
  return <ul className="org-tree">{roots.map((org) => renderNode(org, 0))}</ul>;
}

export default async function OrgsPage({ searchParams }: Props) {
  const actor = await requireActor("/console/admin/orgs");
  if (!mayUse(actor, "admin")) return <NoAccess area="系统管理" />;
  const params = await searchParams;
  const q = (params.q ?? "").trim().slice(0, 50);
  const admin = getServices().admin;
  const all = await admin.orgs.list(actor);
  const matches = q ? await admin.orgs.list(actor, { q }) : null;
  const selected = all.find((org) => String(org.id) === params.org) ?? matches?.[0] ?? all[0] ?? null;
  const chain = selected ? await admin.orgs.listAncestorNames(selected) : [];
  const mayChange = selected ? admin.orgs.mayChange(actor, selected) : false;
  const levelsBelow = selected
    ? LEVEL_CODES.filter(
        (level) => level === "grassroots" || LEVEL_CODES.indexOf(level) > LEVEL_CODES.indexOf(selected.level),
      )
    : [];
  const nextLevel = levelsBelow[0];
  return (
    <section className="stack" aria-labelledby="orgs-title">
      <h1 id="orgs-title">组织机构</h1>
      <AdminTabs current="orgs" />
      <div className="admin-grid">
        <div className="panel stack">
          <search>
            <form action="/console/admin/orgs" method="get" className="search-row">
              <label htmlFor="orgs-q" className="visually-hidden">
                按名称或行政区划代码搜索组织
              </label>
              <input id="orgs-q" name="q" type="search" defaultValue={q} placeholder="组织名称或区划代码，如 510107" />
              <button type="submit" className="button primary">
                搜索
              </button>
            </form>
          </search>
          {matches ? (
            <>
              <p className="meta" role="status">
                找到 {matches.length} 个组织 · <Link href="/console/admin/orgs">返回组织树</Link>
              </p>
              <ul className="links">
                {matches.map((org) => (
                  <li key={org.id}>
                    <Link href={orgHref(org.id, q)} aria-current={org.id === selected?.id ? "true" : undefined}>
                      {org.name}
                    </Link>{" "}
                    <span className="meta">
                      {ORG_LEVEL_LABELS[org.level]} · {org.regionCode ?? "无区划代码"}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <div className="tree-scroll">
              <OrgTree orgs={all} selected={selected} />
            </div>
          )}
        </div>
        {selected ? (
          <div className="stack">
            <article className="panel stack" aria-labelledby="org-name">
              <h2 id="org-name">{selected.name}</h2>
              <dl className="facts">
                <div>
                  <dt>级别</dt>
                  <dd>{ORG_LEVEL_LABELS[selected.level]}</dd>
                </div>
                <div>
                  <dt>类型</dt>
                  <dd>{ORG_KIND_LABELS[selected.kind] ?? selected.kind}</dd>
                </div>
                <div>
                  <dt>行政区划代码</dt>
                  <dd>{selected.regionCode ?? "—"}</dd>
                </div>
                <div>
                  <dt>负责地区</dt>
                  <dd>{describePlace(selected)}</dd>
                </div>
              </dl>
              <p className="meta">上级：{chain.length > 0 ? chain.join(" › ") : "无（组织树的根）"}</p>
              {mayChange ? (
                <>
                  <h3>重命名</h3>
                  <ActionForm
                    action={renameOrgAction}
                    submitLabel="保存名称"
                    pendingLabel="正在保存…"
                    variant="secondary"
                  >
                    <input type="hidden" name="orgId" value={selected.id} />
                    <label className="field">
                      <span>组织名称</span>
                      <input name="name" required minLength={2} maxLength={100} defaultValue={selected.name} />
                    </label>
                  </ActionForm>
                  <h3>行政区划</h3>
                  <ActionForm
                    action={setOrgRegionAction}
                    submitLabel="保存区划"
                    pendingLabel="正在保存…"
                    variant="secondary"
                  >
                    <input type="hidden" name="orgId" value={selected.id} />
                    <div className="form-grid">
                      <label className="field">
                        <span>区划代码（6 位）</span>
                        <input
                          name="regionCode"
                          inputMode="numeric"
                          pattern="\d{6}"
                          defaultValue={selected.regionCode ?? ""}
                        />
                      </label>
                      <label className="field">
                        <span>省份</span>
                        <input name="region" maxLength={50} defaultValue={selected.region ?? ""} />
                      </label>
                      <label className="field">
                        <span>城市</span>
                        <input name="city" maxLength={50} defaultValue={selected.city ?? ""} />
                      </label>
                      <label className="field">
                        <span>区县</span>
                        <input name="county" maxLength={50} defaultValue={selected.county ?? ""} />
                      </label>
                    </div>
                    <p className="meta">诉求按省份、城市、区县属地转办：这里的地区决定哪些诉求默认由本组织办理。</p>
                  </ActionForm>
                </>
              ) : (
                <p className="meta">本组织的名称和区划由上级管理员维护。</p>
              )}
            </article>
            {nextLevel ? (
              <article className="panel stack" aria-labelledby="add-org-title">
                <h2 id="add-org-title">添加下级组织</h2>
                <ActionForm action={addOrgAction} submitLabel="添加组织" pendingLabel="正在添加…" resetOnSuccess>
                  <input type="hidden" name="parentId" value={selected.id} />
                  <p className="meta">上级组织：{selected.name}</p>
                  <div className="form-grid">
                    <label className="field wide">
                      <span>组织名称</span>
                      <input
                        name="name"
                        required
                        minLength={2}
                        maxLength={100}
                        placeholder="如 共青团成都市新津区委员会"
                      />
                    </label>
                    <label className="field">
                      <span>级别</span>
                      <select name="level" defaultValue={nextLevel}>
                        {levelsBelow.map((level) => (
                          <option key={level} value={level}>
                            {ORG_LEVEL_LABELS[level]}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label className="field">
                      <span>类型</span>
                      <select name="kind" defaultValue="committee">
                        {Object.entries(ORG_KIND_LABELS).map(([kind, label]) => (
                          <option key={kind} value={kind}>
                            {label}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label className="field">
                      <span>区划代码（6 位）</span>
                      <input name="regionCode" inputMode="numeric" pattern="\d{6}" placeholder="如 510118" />
                    </label>
                    <label className="field">
                      <span>区县</span>
                      <input name="county" maxLength={50} placeholder={selected.county ?? "如 新津区"} />
                    </label>
                    <label className="field">
                      <span>城市</span>
                      <input name="city" maxLength={50} placeholder={selected.city ?? "同上级"} />
                    </label>
                    <label className="field">
                      <span>省份</span>
                      <input name="region" maxLength={50} placeholder={selected.region ?? "同上级"} />
                    </label>
                  </div>
                  <p className="meta">省份、城市留空时沿用上级组织的。</p>
                </ActionForm>
              </article>
            ) : null}
          </div>
        ) : (
          <p className="empty">没有可管理的组织。</p>
        )}
      </div>
    </section>
  );
}
