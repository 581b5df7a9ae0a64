"use client";
import { EMPTY_FORM_STATE } from "../../../app/actions/form-state.ts";
import { addWordsAction } from "../../../app/actions/publish-actions.ts";
import { FormError } from "../forms/form-error.tsx";
import { useKeptForm } from "../forms/use-kept-form.ts";

/** Site admins add words: several at once, one a line (or separated by commas), with an optional category. */
export function AddWordsForm({ list }: { list: "blocked" | "watched" }) {
  const [state, onSubmit, pending] = useKeptForm(addWordsAction, EMPTY_FORM_STATE);
  return (
    <form onSubmit={onSubmit} className="stack panel">
      <input type="hidden" name="list" value={list} />
      <label className="field">
        <span>添加词语（每行一个，或用逗号分隔）</span>
        <textarea name="words" rows={3} required />
      </label>
      <label className="field">
        <span>类别（可选，如：诈骗、广告、涉政）</span>
        <input name="category" maxLength={20} />
      </label>
      <FormError message={state.error} />
      {state.notice ? <p role="status">{state.notice}</p> : null}
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? "正在添加…" : "添加"}
      </button>
    </form>
  );
}
