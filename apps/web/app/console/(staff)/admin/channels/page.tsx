import type { Metadata } from "next";
import { getServices } from "../../../../../src/hub/context.ts";
import type { AdminChannelAccount } from "../../../../../src/services/admin-services.ts";
import { AdminTabs } from "../../../../../src/ui/admin/admin-tabs.tsx";
import { ConfigFieldInput } from "../../../../../src/ui/admin/config-field-input.tsx";
import { OrgOptions } from "../../../../../src/ui/admin/org-options.tsx";
import { formatTime } from "../../../../../src/ui/format.ts";
import { ActionForm } from "../../../../../src/ui/forms/action-form.tsx";
import { ACCOUNT_STATUS_LABELS } from "../../../../../src/ui/labels.ts";
import { NoAccess } from "../../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../../src/ui/request-actor.ts";
import {
  addChannelAction,
  checkChannelAction,
  setChannelPausedAction,
  setChannelScheduleAction,
} from "../../../../actions/admin-actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "渠道账号" };

interface Props {
  searchParams: Promise<{ kind?: string }>;
}

function AccountRow({ account }: { account: AdminChannelAccount }) {
  const paused = account.health.status === "paused";
  return (
    <tr>
      <td>
        <strong>{account.name}</strong>
        <div className="meta">
          #{account.id} · {account.kindName}
        </div>
        {account.secretsSet.length > 0 ? <div className="meta">已设置密钥：{account.secretsSet.join("、")}</div> : null}
      </td>
      <td>{account.orgName ?? "（全站）"}</td>
      <td className={`status-${account.health.status}`}>
        {ACCOUNT_STATUS_LABELS[account.health.status] ?? account.health.status}
        {account.health.lastError ? <div className="meta error-text">{account.health.lastError.message}</div> : null}
      </td>
      <td>{formatTime(account.health.lastSuccessAt)}</td>
      <td>
        {account.pulls ? (
          <ActionForm
            action={setChannelScheduleAction}
            submitLabel="保存"
            pendingLabel="…"
            variant="secondary"
            className="inline-form"
            submitTitle={`保存 ${account.name} 的抓取计划`}
          >
            <input type="hidden" name="accountId" value={account.id} />
            <label className="field">
              <span className="visually-hidden">{account.name} 的抓取计划（cron）</span>
              <input
                name="schedule"
                defaultValue={account.schedule ?? ""}
                placeholder={account.defaultSchedule ? `默认 ${account.defaultSchedule}` : "cron 表达式"}
                spellCheck={false}
              />
            </label>
          </ActionForm>
        ) : (
          <span className="meta">推送接收</span>
        )}
      </td>
      <td>
        <div className="row-actions">
          <ActionForm
            action={checkChannelAction}
            submitLabel="测试连接"
            pendingLabel="正在测试…"
            variant="secondary"
            submitTitle={`测试连接 ${account.name}`}
          >
            <input type="hidden" name="accountId" value={account.id} />
          </ActionForm>
          <ActionForm
            action={setChannelPausedAction}
            submitLabel={paused ? "恢复抓取" : "暂停"}
            pendingLabel="…"
            variant={paused ? "secondary" : "danger"}
            submitTitle={`${paused ? "恢复抓取" : "暂停"} ${account.name}`}
          >
            <input type="hidden" name="accountId" value={account.id} />
            <input type="hidden" name="paused" value={paused ? "no" : "yes"} />
          </ActionForm>
        </div>
      </td>
    </tr>
  );
}

export default async function ChannelsPage({ searchParams }: Props) {
  const actor = await requireActor("/console/admin/channels");
  if (!mayUse(actor, "admin")) return <NoAccess area="系统管理" />;
  const params = await searchParams;
  const admin = getServices().admin;
  const kinds = admin.channels.listKinds();
  const kind = kinds.find((candidate) => candidate.kind === params.kind) ?? null;
  const fields = kind ? (admin.channels.describeForm(kind.kind) ?? []) : [];
  const [accounts, orgs] = await Promise.all([admin.channels.list(actor), admin.orgs.list(actor)]);
  const required = fields.filter((field) => field.required);
  const optional = fields.filter((field) => !field.required);
  return (
    <section className="stack" aria-labelledby="channels-title">
      <h1 id="channels-title">渠道账号</h1>
      <AdminTabs current="channels" />
      <article className="panel stack" aria-labelledby="add-channel-title">
        <h2 id="add-channel-title">接入渠道账号</h2>
        <form action="/console/admin/channels" method="get" className="inline-form kind-picker">
          <label className="field">
            <span>渠道类型</span>
            <select name="kind" defaultValue={kind?.kind ?? ""}>
              <option value="" disabled>
                请选择
              </option>
              {kinds.map((candidate) => (
                <option key={candidate.kind} value={candidate.kind}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button secondary">
            填写配置
          </button>
        </form>
        {kind ? (
          <ActionForm action={addChannelAction} submitLabel="添加账号" pendingLabel="正在添加…" resetOnSuccess>
            <p className="meta">{kind.description}</p>
            <input type="hidden" name="kind" value={kind.kind} />
            <div className="form-grid">
              <label className="field">
                <span>账号名称 *</span>
                <input name="name" required maxLength={100} placeholder="如 四川共青团" />
              </label>
              <label className="field">
                <span>所属组织</span>
                <select name="orgId" required={!actor.isAdmin} defaultValue="">
                  <option value="" disabled={!actor.isAdmin}>
                    {actor.isAdmin ? "（全站）" : "请选择组织"}
                  </option>
                  <OrgOptions orgs={orgs} />
                </select>
              </label>
              {kind.pulls ? (
                <label className="field">
                  <span>抓取计划（cron）</span>
                  <input
                    name="schedule"
                    placeholder={kind.defaultSchedule ? `默认 ${kind.defaultSchedule}` : ""}
                    spellCheck={false}
                  />
                </label>
              ) : null}
              {required.map((field) => (
                <ConfigFieldInput key={field.name} field={field} />
              ))}
            </div>
            {optional.length > 0 ? (
              <details>
                <summary>高级选项（{optional.length} 项，留空使用默认值）</summary>
                <div className="form-grid">
                  {optional.map((field) => (
                    <ConfigFieldInput key={field.name} field={field} />
                  ))}
                </div>
              </details>
            ) : null}
          </ActionForm>
        ) : (
          <p className="meta">先选择渠道类型，再按该渠道的要求填写配置。密钥类字段加密保存，保存后不再显示。</p>
        )}
      </article>
      <h2>已接入的账号</h2>
      {accounts.length === 0 ? (
        <p className="empty">您管理的组织还没有渠道账号。</p>
      ) : (
        <div className="table-wrap">
          <table className="cases">
            <thead>
              <tr>
                <th scope="col">账号</th>
                <th scope="col">所属组织</th>
                <th scope="col">状态</th>
                <th scope="col">上次成功</th>
                <th scope="col">抓取计划</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <AccountRow key={account.id} account={account} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
