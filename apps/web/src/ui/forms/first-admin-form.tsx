"use client";
import { useActionState } from "react";
import { createFirstAdminAction } from "../../../app/actions/auth-actions.ts";
import { EMPTY_FORM_STATE } from "../../../app/actions/form-state.ts";
import { FormError } from "./form-error.tsx";
import { SubmitButton } from "./submit-button.tsx";

export function FirstAdminForm() {
  const [state, action] = useActionState(createFirstAdminAction, EMPTY_FORM_STATE);
  return (
    <form action={action} className="stack">
      <label className="field">
        <span>用户名</span>
        <input name="username" autoComplete="username" required maxLength={64} />
      </label>
      <label className="field">
        <span>姓名（显示在办理记录中，可选）</span>
        <input name="displayName" autoComplete="name" maxLength={100} />
      </label>
      <label className="field">
        <span>密码（至少 8 位）</span>
        <input name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={256} />
      </label>
      <label className="field">
        <span>再次输入密码</span>
        <input name="confirm" type="password" autoComplete="new-password" required minLength={8} maxLength={256} />
      </label>
      <FormError message={state.error} />
      <SubmitButton label="创建管理员并登录" pendingLabel="正在创建…" />
    </form>
  );
}
