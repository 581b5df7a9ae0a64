"use client";
import { useActionState } from "react";
import { signInAction } from "../../../app/actions/auth-actions.ts";
import { EMPTY_FORM_STATE } from "../../../app/actions/form-state.ts";
import { FormError } from "./form-error.tsx";
import { SubmitButton } from "./submit-button.tsx";

export function LoginForm({ next }: { next: string }) {
  const [state, action] = useActionState(signInAction, EMPTY_FORM_STATE);
  return (
    <form action={action} className="stack">
      <input type="hidden" name="next" value={next} />
      <label className="field">
        <span>用户名</span>
        <input name="username" autoComplete="username" required maxLength={64} />
      </label>
      <label className="field">
        <span>密码</span>
        <input name="password" type="password" autoComplete="current-password" required maxLength={256} />
      </label>
      <FormError message={state.error} />
      <SubmitButton label="登录" pendingLabel="正在登录…" />
    </form>
  );
}
