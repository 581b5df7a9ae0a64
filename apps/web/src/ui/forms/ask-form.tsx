"use client";
import { useActionState } from "react";
import { EMPTY_FORM_STATE } from "../../../app/actions/form-state.ts";
import { askAction } from "../../../app/actions/portal-actions.ts";
import { CATEGORY_CODES, CATEGORY_LABELS } from "../labels.ts";
import { FormError } from "./form-error.tsx";
import { SubmitButton } from "./submit-button.tsx";

export function AskForm() {
  const [state, action] = useActionState(askAction, EMPTY_FORM_STATE);
  return (
    <form action={action} className="stack">
      <label className="field">
        <span>标题（可选）</span>
        <input name="title" maxLength={100} placeholder="一句话概括您的问题" />
      </label>
      <label className="field">
        <span>您的问题</span>
        <textarea name="description" required minLength={5} maxLength={5000} rows={6} />
      </label>
      <label className="field">
        <span>问题类别（可选）</span>
        <select name="category" defaultValue="">
          <option value="">不确定，由我们判断</option>
          {CATEGORY_CODES.map((code) => (
            <option key={code} value={code}>
              {CATEGORY_LABELS[code]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>所在地区（可选，如：四川省成都市）</span>
        <input name="region" maxLength={50} autoComplete="address-level1" />
      </label>
      <fieldset className="stack">
        <legend>联系方式（可选，仅办理人员可见）</legend>
        <label className="field">
          <span>手机号</span>
          <input name="phone" type="tel" inputMode="tel" maxLength={30} autoComplete="tel" />
        </label>
        <label className="field">
          <span>电子邮箱</span>
          <input name="email" type="email" maxLength={100} autoComplete="email" />
        </label>
      </fieldset>
      <label className="check">
        <input type="checkbox" name="consent" value="yes" required />
        <span>我同意青年之声为办理本诉求使用我提交的信息；公开答复时，个人信息将被隐去。</span>
      </label>
      <FormError message={state.error} />
      <SubmitButton label="提交问题" pendingLabel="正在提交…" />
    </form>
  );
}
