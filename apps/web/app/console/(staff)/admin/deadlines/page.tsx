import type { Metadata } from "next";
import { getServices } from "../../../../../src/hub/context.ts";
import { AdminTabs } from "../../../../../src/ui/admin/admin-tabs.tsx";
import { ActionForm } from "../../../../../src/ui/forms/action-form.tsx";
import { CATEGORY_CODES, CATEGORY_LABELS, PRIORITY_CODES, PRIORITY_LABELS } from "../../../../../src/ui/labels.ts";
import { NoAccess } from "../../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../../src/ui/request-actor.ts";
import { removeDeadlineAction, setDeadlineAction } from "../../../../actions/admin-actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办理时限" };

const WORKING_DAY = 8 * 60;

/** Working time reads in working days (8 hours) or working hours; wall-clock time in minutes, hours or days. */
function formatSpan(minutes: number, clock: "working" | "wall"): string {
  if (clock === "working") {
    if (minutes % WORKING_DAY === 0) return `${minutes / WORKING_DAY} 个工作日`;
    if (minutes % 60 === 0) return `${minutes / 60} 个工作小时`;
    return `${minutes} 个工作分钟`;
  }
  if (minutes % 1440 === 0) return `${minutes / 1440} 天`;
  if (minutes % 60 === 0) return `${minutes / 60} 小时`;
  return `${minutes} 分钟`;
}

export default async function DeadlinesPage() {
  const actor = await requireActor("/console/admin/deadlines");
  if (!mayUse(actor, "admin")) return <NoAccess area="系统管理" />;
  const policies = await getServices().admin.deadlines.list();
  return (
    <section className="stack" aria-labelledby="deadlines-title">
      <h1 id="deadlines-title">办理时限</h1>
      <AdminTabs current="deadlines" />
      <p className="meta">
        诉求的督办时限按类别和优先级确定，条件越具体的规则越优先；工作时间按工作日 9:00–12:00、13:00–18:00
        计算，并扣除节假日。紧急诉求按自然时间计算。
      </p>
      {actor.isAdmin ? (
        <article className="panel stack" aria-labelledby="set-deadline-title">
          <h2 id="set-deadline-title">设置时限</h2>
          <ActionForm action={setDeadlineAction} submitLabel="保存时限" pendingLabel="正在保存…">
            <div className="form-grid">
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
                <span>优先级</span>
                <select name="priority" defaultValue="">
                  <option value="">任意优先级</option>
                  {PRIORITY_CODES.map((priority) => (
                    <option key={priority} value={priority}>
                      {PRIORITY_LABELS[priority]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>计时方式</span>
                <select name="clock" defaultValue="working">
                  <option value="working">工作时间</option>
                  <option value="wall">自然时间（含夜间和节假日）</option>
                </select>
              </label>
              <label className="check">
                <input type="checkbox" name="urgent" value="yes" />
                <span>紧急诉求</span>
              </label>
              <label className="field">
                <span>办理时限（分钟）</span>
                <input name="dueMinutes" type="number" min={1} required placeholder="如 2400 = 5 个工作日" />
              </label>
              <label className="field">
                <span>到期前预警（分钟）</span>
                <input name="warnMinutes" type="number" min={0} required placeholder="如 480 = 1 个工作日" />
              </label>
              <label className="field">
                <span>超期后每隔多久升级（分钟）</span>
                <input name="escalateEveryMinutes" type="number" min={1} required placeholder="如 480" />
              </label>
            </div>
            <p className="meta">
              1 个工作日 = 8 个工作小时 = 480 分钟。同一类别、优先级和紧急程度只保留一条，再次保存即覆盖。
            </p>
          </ActionForm>
        </article>
      ) : (
        <p className="notice">办理时限对全站生效，由站点管理员设置；这里仅供查看。</p>
      )}
      <div className="table-wrap">
        <table className="cases">
          <thead>
            <tr>
              <th scope="col">类别</th>
              <th scope="col">优先级</th>
              <th scope="col">紧急</th>
              <th scope="col">办理时限</th>
              <th scope="col">预警</th>
              <th scope="col">升级间隔</th>
              <th scope="col">来源</th>
              {actor.isAdmin ? <th scope="col">操作</th> : null}
            </tr>
          </thead>
          <tbody>
            {policies.map((policy) => (
              <tr
                key={policy.id ?? `default-${policy.category}-${policy.priority}-${policy.urgent}`}
                className={policy.overridden ? "overridden" : undefined}
              >
                <td>{policy.category ? CATEGORY_LABELS[policy.category] : "任意"}</td>
                <td>{policy.priority ? PRIORITY_LABELS[policy.priority] : "任意"}</td>
                <td>{policy.urgent ? <span className="tag danger">紧急</span> : "—"}</td>
                <td>{formatSpan(policy.dueMinutes, policy.clock)}</td>
                <td>提前 {formatSpan(policy.warnMinutes, policy.clock)}</td>
                <td>每 {formatSpan(policy.escalateEveryMinutes, policy.clock)}</td>
                <td>{policy.id !== null ? "已配置" : policy.overridden ? <s>默认（已被覆盖）</s> : "默认"}</td>
                {actor.isAdmin ? (
                  <td>
                    {policy.id !== null ? (
                      <ActionForm
                        action={removeDeadlineAction}
                        submitLabel="删除"
                        pendingLabel="…"
                        variant="danger"
                        submitTitle={`删除时限规则 #${policy.id}`}
                      >
                        <input type="hidden" name="policyId" value={policy.id} />
                      </ActionForm>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
