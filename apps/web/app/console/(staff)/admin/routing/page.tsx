import type { Metadata } from "next";
import { getServices } from "../../../../../src/hub/context.ts";
import { AdminTabs } from "../../../../../src/ui/admin/admin-tabs.tsx";
import { OrgOptions } from "../../../../../src/ui/admin/org-options.tsx";
import { ActionForm } from "../../../../../src/ui/forms/action-form.tsx";
import { CATEGORY_CODES, CATEGORY_LABELS } from "../../../../../src/ui/labels.ts";
import { NoAccess } from "../../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../../src/ui/request-actor.ts";
import {
  addRoutingRuleAction,
  deleteRoutingRuleAction,
  setRoutingRuleEnabledAction,
} from "../../../../actions/admin-actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "转办规则" };

export default async function RoutingPage() {
  const actor = await requireActor("/console/admin/routing");
  if (!mayUse(actor, "admin")) return <NoAccess area="系统管理" />;
  const admin = getServices().admin;
  const [rules, orgs] = await Promise.all([admin.routing.list(actor), admin.orgs.list(actor)]);
  return (
    <section className="stack" aria-labelledby="routing-title">
      <h1 id="routing-title">转办规则</h1>
      <AdminTabs current="routing" />
      <p className="meta">
        诉求先按规则转办：地区、类别、关键词都符合的规则中，条件最具体的一条生效；没有符合的规则时，按属地转给所在地最基层的团委。
      </p>
      <article className="panel stack" aria-labelledby="add-rule-title">
        <h2 id="add-rule-title">添加规则</h2>
        <ActionForm action={addRoutingRuleAction} submitLabel="添加规则" pendingLabel="正在添加…" resetOnSuccess>
          <div className="form-grid">
            <label className="field">
              <span>省份</span>
              <input name="region" maxLength={50} placeholder="如 四川省" />
            </label>
            <label className="field">
              <span>城市</span>
              <input name="city" maxLength={50} placeholder="如 成都市" />
            </label>
            <label className="field">
              <span>区县</span>
              <input name="county" maxLength={50} placeholder="如 武侯区" />
            </label>
            <label className="field">
              <span>诉求类别</span>
              <select name="category" defaultValue="">
                <option value="">任意类别</option>
                {CATEGORY_CODES.map((category) => (
                  <option key={category} value={category}>
                    {CATEGORY_LABELS[category]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>关键词</span>
              <input name="keyword" maxLength={50} placeholder="如 实习" />
            </label>
            <label className="field">
              <span>转给（承办组织）</span>
              <select name="targetOrgId" required defaultValue="">
                <option value="" disabled>
                  请选择组织
                </option>
                <OrgOptions orgs={orgs} />
              </select>
            </label>
            <label className="field wide">
              <span>备注</span>
              <input name="note" maxLength={500} />
            </label>
          </div>
          <p className="meta">至少填写省份、类别或关键词之一；填写城市须先填省份，填写区县须先填城市。</p>
        </ActionForm>
      </article>
      <h2>现有规则</h2>
      {rules.length === 0 ? (
        <p className="empty">还没有转办规则，诉求全部按属地转办。</p>
      ) : (
        <div className="table-wrap">
          <table className="cases">
            <thead>
              <tr>
                <th scope="col">编号</th>
                <th scope="col">地区</th>
                <th scope="col">类别</th>
                <th scope="col">关键词</th>
                <th scope="col">转给</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.id}>
                  <td className="code">#{rule.id}</td>
                  <td>{[rule.region, rule.city, rule.county].filter(Boolean).join(" · ") || "全国"}</td>
                  <td>{rule.category ? CATEGORY_LABELS[rule.category] : "任意"}</td>
                  <td>{rule.keyword ?? "—"}</td>
                  <td>
                    {rule.targetOrgName}
                    {rule.note ? <div className="meta">{rule.note}</div> : null}
                  </td>
                  <td>{rule.enabled ? "启用" : <span className="status-paused">已停用</span>}</td>
                  <td>
                    <div className="row-actions">
                      <ActionForm
                        action={setRoutingRuleEnabledAction}
                        submitLabel={rule.enabled ? "停用" : "启用"}
                        pendingLabel="…"
                        variant="secondary"
                        submitTitle={`${rule.enabled ? "停用" : "启用"}规则 #${rule.id}`}
                      >
                        <input type="hidden" name="ruleId" value={rule.id} />
                        <input type="hidden" name="enabled" value={rule.enabled ? "no" : "yes"} />
                      </ActionForm>
                      <ActionForm
                        action={deleteRoutingRuleAction}
                        submitLabel="删除"
                        pendingLabel="…"
                        variant="danger"
                        submitTitle={`删除规则 #${rule.id}`}
                      >
                        <input type="hidden" name="ruleId" value={rule.id} />
                      </ActionForm>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
