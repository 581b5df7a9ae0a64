import type { ManagedUser } from "@qnzs/core/cases/users";
import type { Metadata } from "next";
import { getServices } from "../../../../../src/hub/context.ts";
import { GRANTABLE_ROLES } from "../../../../../src/services/grantable-roles.ts";
import { AdminTabs } from "../../../../../src/ui/admin/admin-tabs.tsx";
import { OrgOptions } from "../../../../../src/ui/admin/org-options.tsx";
import { ActionForm } from "../../../../../src/ui/forms/action-form.tsx";
import { ROLE_LABELS } from "../../../../../src/ui/labels.ts";
import { NoAccess } from "../../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../../src/ui/request-actor.ts";
import {
  addUserAction,
  grantRoleAction,
  resetPasswordAction,
  revokeRoleAction,
  setUserDisabledAction,
} from "../../../../actions/admin-actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "用户与角色" };

interface Props {
  searchParams: Promise<{ q?: string }>;
}

function RoleSelect({ id }: { id: string }) {
  return (
    <select id={id} name="role" defaultValue="cadre">
      {GRANTABLE_ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}

function UserRow({ user, orgOptions }: { user: ManagedUser; orgOptions: React.ReactNode }) {
  const who = user.displayName;
  return (
    <tr>
      <td className="code">{user.username}</td>
      <td>
        {who}
        {user.isAdmin ? <span className="tag danger">站点管理员</span> : null}
      </td>
      <td>
        {user.roles.length === 0 ? (
          <span className="meta">无角色</span>
        ) : (
          <ul className="user-roles">
            {user.roles.map((role) => (
              <li key={`${role.orgId}-${role.role}`} className="tag muted">
                <ActionForm
                  action={revokeRoleAction}
                  submitLabel="撤销"
                  pendingLabel="…"
                  variant="link"
                  className="inline"
                  submitTitle={`撤销 ${who} 在 ${role.orgName} 的${ROLE_LABELS[role.role]}角色`}
                >
                  <input type="hidden" name="userId" value={user.id} />
                  <input type="hidden" name="orgId" value={role.orgId} />
                  <input type="hidden" name="role" value={role.role} />
                  <span>
                    {role.orgName} · {ROLE_LABELS[role.role]}
                  </span>
                </ActionForm>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className={user.disabled ? "status-disabled" : undefined}>{user.disabled ? "已停用" : "正常"}</td>
      <td>
        <details className="manage">
          <summary>管理 {who}</summary>
          <div className="stack">
            <ActionForm
              action={grantRoleAction}
              submitLabel="授予角色"
              pendingLabel="正在授予…"
              variant="secondary"
              className="inline-form"
            >
              <input type="hidden" name="userId" value={user.id} />
              <label className="field">
                <span>组织</span>
                <select name="orgId" required>
                  {orgOptions}
                </select>
              </label>
              <label className="field" htmlFor={`grant-role-${user.id}`}>
                <span>角色</span>
                <RoleSelect id={`grant-role-${user.id}`} />
              </label>
            </ActionForm>
            <ActionForm
              action={resetPasswordAction}
              submitLabel="重置密码"
              pendingLabel="正在重置…"
              variant="secondary"
              className="inline-form"
              resetOnSuccess
            >
              <input type="hidden" name="userId" value={user.id} />
              <label className="field">
                <span>新密码（至少 8 位）</span>
                <input
                  name="password"
                  type="password"
                  autoComplete="new-password"
                  minLength={8}
                  maxLength={256}
                  required
                />
              </label>
            </ActionForm>
            <ActionForm
              action={setUserDisabledAction}
              submitLabel={user.disabled ? "启用账号" : "停用账号"}
              pendingLabel="正在保存…"
              variant={user.disabled ? "secondary" : "danger"}
            >
              <input type="hidden" name="userId" value={user.id} />
              <input type="hidden" name="disabled" value={user.disabled ? "no" : "yes"} />
            </ActionForm>
          </div>
        </details>
      </td>
    </tr>
  );
}

export default async function UsersPage({ searchParams }: Props) {
  const actor = await requireActor("/console/admin/users");
  if (!mayUse(actor, "admin")) return <NoAccess area="系统管理" />;
  const params = await searchParams;
  const q = (params.q ?? "").trim().slice(0, 50);
  const admin = getServices().admin;
  const [orgs, users] = await Promise.all([admin.orgs.list(actor), admin.users.list(actor, q ? { q } : {})]);
  const orgOptions = <OrgOptions orgs={orgs} />;
  return (
    <section className="stack" aria-labelledby="users-title">
      <h1 id="users-title">用户与角色</h1>
      <AdminTabs current="users" />
      <article className="panel stack" aria-labelledby="add-user-title">
        <h2 id="add-user-title">添加用户</h2>
        <ActionForm action={addUserAction} submitLabel="添加用户" pendingLabel="正在添加…" resetOnSuccess>
          <div className="form-grid">
            <label className="field">
              <span>用户名</span>
              <input name="username" required maxLength={64} autoComplete="off" />
            </label>
            <label className="field">
              <span>姓名</span>
              <input name="displayName" maxLength={100} autoComplete="off" />
            </label>
            <label className="field">
              <span>初始密码（至少 8 位）</span>
              <input
                name="password"
                type="password"
                required
                minLength={8}
                maxLength={256}
                autoComplete="new-password"
              />
            </label>
            <label className="field">
              <span>所属组织</span>
              <select name="orgId" required={!actor.isAdmin} defaultValue="">
                <option value="" disabled={!actor.isAdmin}>
                  {actor.isAdmin ? "（不指定）" : "请选择组织"}
                </option>
                {orgOptions}
              </select>
            </label>
            <label className="field" htmlFor="add-user-role">
              <span>角色</span>
              <RoleSelect id="add-user-role" />
            </label>
            {actor.isAdmin ? (
              <label className="check wide">
                <input type="checkbox" name="isAdmin" value="yes" />
                <span>站点管理员（可管理全部组织和全站设置）</span>
              </label>
            ) : null}
          </div>
          <p className="meta">
            帮扶者（团帮青、专帮青等）需要帮扶类型和容量，请用命令行 qnzs user add --helper-type 添加。
          </p>
        </ActionForm>
      </article>
      <search>
        <form action="/console/admin/users" method="get" className="search-row">
          <label htmlFor="users-q" className="visually-hidden">
            搜索用户
          </label>
          <input id="users-q" name="q" type="search" defaultValue={q} placeholder="用户名或姓名" />
          <button type="submit" className="button primary">
            搜索
          </button>
        </form>
      </search>
      <p className="meta" role="status">
        {actor.isAdmin ? "全部用户" : "在您管理的组织中担任角色的用户"}：{users.length} 人
      </p>
      {users.length === 0 ? (
        <p className="empty">没有找到用户。</p>
      ) : (
        <div className="table-wrap">
          <table className="cases">
            <thead>
              <tr>
                <th scope="col">用户名</th>
                <th scope="col">姓名</th>
                <th scope="col">组织与角色</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <UserRow key={user.id} user={user} orgOptions={orgOptions} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
