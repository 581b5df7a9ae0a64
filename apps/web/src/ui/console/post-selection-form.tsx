"use client";
/** The monitor's list as a form: tick posts, turn them into one case, then open it. */
import Link from "next/link";
import { type ReactNode, useActionState } from "react";
import { type ConvertState, convertPostsAction } from "../../../app/actions/monitor-actions.ts";
import { FormError } from "../forms/form-error.tsx";
import { SubmitButton } from "../forms/submit-button.tsx";

const EMPTY: ConvertState = {};

export function PostSelectionForm({ children }: { children: ReactNode }) {
  const [state, action] = useActionState(convertPostsAction, EMPTY);
  return (
    <form action={action} className="stack" aria-label="选择帖子转为诉求">
      <div className="selection-bar">
        <SubmitButton label="转为诉求" pendingLabel="正在创建…" />
        <span className="meta">勾选同一问题的帖子，合并为一个诉求</span>
        <FormError message={state.error} />
      </div>
      {state.created ? (
        <p className="notice" role="status">
          {state.notice}：<Link href={`/console/cases/${state.created.id}`}>查看诉求 {state.created.code}</Link>
        </p>
      ) : null}
      {children}
    </form>
  );
}
