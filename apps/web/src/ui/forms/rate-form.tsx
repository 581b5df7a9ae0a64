"use client";
import { useActionState } from "react";
import { EMPTY_FORM_STATE } from "../../../app/actions/form-state.ts";
import { rateAction } from "../../../app/actions/portal-actions.ts";
import { FormError } from "./form-error.tsx";
import { SubmitButton } from "./submit-button.tsx";

const STARS = [5, 4, 3, 2, 1] as const;
const STAR_WORDS: Record<(typeof STARS)[number], string> = {
  5: "非常满意",
  4: "满意",
  3: "一般",
  2: "不满意",
  1: "非常不满意",
};

export function RateForm({ code }: { code: string }) {
  const [state, action] = useActionState(rateAction, EMPTY_FORM_STATE);
  return (
    <form action={action} className="stack">
      <input type="hidden" name="code" value={code} />
      <fieldset className="choices">
        <legend>您对这次答复满意吗？</legend>
        {STARS.map((stars) => (
          <label key={stars} className="check">
            <input type="radio" name="rating" value={stars} required />
            <span>
              {"★".repeat(stars)} {STAR_WORDS[stars]}
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choices">
        <legend>问题解决了吗？</legend>
        <label className="check">
          <input type="radio" name="solved" value="yes" />
          <span>已解决</span>
        </label>
        <label className="check">
          <input type="radio" name="solved" value="no" />
          <span>未解决</span>
        </label>
      </fieldset>
      <label className="field">
        <span>留言（可选）</span>
        <textarea name="comment" maxLength={1000} rows={3} />
      </label>
      <FormError message={state.error} />
      <SubmitButton label="提交评价" pendingLabel="正在提交…" />
    </form>
  );
}
