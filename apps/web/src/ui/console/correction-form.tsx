"use client";
/** A person's correction of what the understanding decided about a post (category, question, urgency, region). */
import { useActionState } from "react";
import { EMPTY_FORM_STATE } from "../../../app/actions/form-state.ts";
import { correctPostAction } from "../../../app/actions/monitor-actions.ts";
import { FormError } from "../forms/form-error.tsx";
import { SubmitButton } from "../forms/submit-button.tsx";
import { CATEGORY_CODES, CATEGORY_LABELS } from "../labels.ts";

interface Props {
  postId: number;
  /** province-level names (services.monitor.listRegions) */
  regions: readonly string[];
  current: { isQuestion: boolean | null; category: string | null; urgent: boolean | null; region: string | null };
}

export function CorrectionForm({ postId, regions, current }: Props) {
  const [state, action] = useActionState(correctPostAction, EMPTY_FORM_STATE);
  return (
    <form action={action} className="stack correction" aria-labelledby="correction-title">
      <h3 id="correction-title">更正理解结果</h3>
      <input type="hidden" name="postId" value={postId} />
      <div className="filters">
        <label className="field">
          <span>类别</span>
          <select name="category" defaultValue={current.category ?? ""}>
            <option value="">未分类</option>
            {CATEGORY_CODES.map((code) => (
              <option key={code} value={code}>
                {CATEGORY_LABELS[code]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>是否提问</span>
          <select name="isQuestion" defaultValue={current.isQuestion ? "yes" : "no"}>
            <option value="yes">是提问</option>
            <option value="no">不是提问</option>
          </select>
        </label>
        <label className="field">
          <span>地区（省级）</span>
          <select name="region" defaultValue={current.region ?? ""}>
            <option value="">未识别</option>
            {regions.map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input name="urgent" type="checkbox" value="1" defaultChecked={current.urgent === true} />
          <span>紧急</span>
        </label>
      </div>
      <div className="selection-bar">
        <SubmitButton label="保存更正" pendingLabel="正在保存…" />
        <FormError message={state.error} />
      </div>
      {state.notice ? (
        <p className="notice ok" role="status">
          {state.notice}
        </p>
      ) : null}
    </form>
  );
}
