"use client";
import type { ClaimableCase } from "@qnzs/core/cases/assignment";
import { useActionState } from "react";
import { type CaseFormState, claimCaseAction } from "../../../app/actions/case-actions.ts";
import { FormError } from "../forms/form-error.tsx";
import { SubmitButton } from "../forms/submit-button.tsx";
import { CATEGORY_LABELS } from "../labels.ts";
import { DueCountdown } from "./due-countdown.tsx";

const EMPTY: CaseFormState = {};

function ClaimRow({ item, serverNow }: { item: ClaimableCase; serverNow: string }) {
  const [state, action] = useActionState(claimCaseAction, EMPTY);
  return (
    <li className="claimable">
      <p>
        {item.urgent ? <span className="tag danger">紧急</span> : null}
        <span className="code">{item.code}</span> {item.title}
      </p>
      <p className="meta">
        {item.category ? CATEGORY_LABELS[item.category] : "其他"} · {item.orgName} ·{" "}
        <DueCountdown dueAt={item.dueAt ? new Date(item.dueAt).toISOString() : null} serverNow={serverNow} />
      </p>
      <form action={action}>
        <input type="hidden" name="caseId" value={item.id} />
        <SubmitButton label={`认领 ${item.code}`} pendingLabel="正在认领…" />
        <FormError message={state.error} />
        {state.notice ? <p role="status">{state.notice}</p> : null}
      </form>
    </li>
  );
}

/** Unassigned cases a helper may take, shown without contacts until they are theirs. */
export function ClaimableList({ items, now }: { items: ClaimableCase[]; now: Date }) {
  return (
    <section className="panel" aria-labelledby="claimable-title">
      <h2 id="claimable-title">可认领的诉求</h2>
      {items.length === 0 ? (
        <p className="empty">暂无可认领的诉求。</p>
      ) : (
        <ul className="links">
          {items.map((item) => (
            <ClaimRow key={item.id} item={item} serverNow={now.toISOString()} />
          ))}
        </ul>
      )}
    </section>
  );
}
