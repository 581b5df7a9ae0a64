"use client";
import type { PublishFormState } from "../../../app/actions/publish-actions.ts";
import { FormError } from "../forms/form-error.tsx";
import { useKeptForm } from "../forms/use-kept-form.ts";
import { WordFindings } from "./word-findings.tsx";

export interface ExtraAccount {
  id: number;
  label: string;
}

interface Props {
  answerId: number;
  action: (previous: PublishFormState, form: FormData) => Promise<PublishFormState>;
  /** accounts an approver may add (a case answer also posted as news); none for a cross-post */
  extraAccounts?: readonly ExtraAccount[];
  /** offer "show on the portal" (case answers) */
  portalChoice?: boolean;
}

/** Approve (with the targets to add) or send back with a reason; a refusal shows its words inline. */
export function ReviewForm({ answerId, action, extraAccounts = [], portalChoice = false }: Props) {
  const [state, onSubmit, pending] = useKeptForm(action, {} as PublishFormState);
  return (
    <form onSubmit={onSubmit} className="stack review-form">
      <input type="hidden" name="answerId" value={answerId} />
      {portalChoice ? (
        <label className="check">
          <input type="checkbox" name="portal" value="yes" defaultChecked />
          <span>在门户公开此答复（涉及个人隐私时取消）</span>
        </label>
      ) : null}
      {extraAccounts.length > 0 ? (
        <fieldset className="choices">
          <legend>同时发布为新内容（可选）</legend>
          {extraAccounts.map((account) => (
            <label key={account.id} className="check">
              <input type="checkbox" name="added" value={account.id} />
              <span>{account.label}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <label className="field">
        <span>审核意见（退回时必填）</span>
        <textarea name="note" rows={2} maxLength={1000} />
      </label>
      <FormError message={state.error} />
      {state.hits ? <WordFindings hits={state.hits} kind="blocked" /> : null}
      <div className="row-actions">
        <button type="submit" name="decision" value="approve" className="button primary" disabled={pending}>
          {pending ? "正在提交…" : "审核通过并发布"}
        </button>
        <button type="submit" name="decision" value="reject" className="button" disabled={pending}>
          退回修改
        </button>
      </div>
    </form>
  );
}
