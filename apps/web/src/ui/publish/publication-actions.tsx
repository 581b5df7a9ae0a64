"use client";
import { useActionState } from "react";
import { EMPTY_FORM_STATE } from "../../../app/actions/form-state.ts";
import { publicationAction } from "../../../app/actions/publish-actions.ts";

const RETRYABLE = ["failed", "dead", "parked", "waiting_auth"];
const CANCELLABLE = ["pending", "waiting_auth", "parked", "failed", "dead"];

/** A person's decision on one target: send again, stop, or confirm a parked send found on the platform. */
export function PublicationActions({ id, status, label }: { id: number; status: string; label: string }) {
  const [state, action, pending] = useActionState(publicationAction, EMPTY_FORM_STATE);
  const buttons = [
    RETRYABLE.includes(status) ? { action: "retry", text: "重新发送" } : null,
    status === "parked" ? { action: "confirm", text: "确认已发出" } : null,
    CANCELLABLE.includes(status) ? { action: "cancel", text: "取消" } : null,
  ].filter((entry) => entry !== null);
  if (buttons.length === 0 && !state.error && !state.notice) return null;
  return (
    <form action={action} className="row-actions">
      <input type="hidden" name="id" value={id} />
      {buttons.map((button) => (
        <button
          key={button.action}
          type="submit"
          name="action"
          value={button.action}
          className="button small"
          disabled={pending}
          aria-label={`${button.text}：${label}`}
        >
          {button.text}
        </button>
      ))}
      {state.error ? (
        <span role="alert" className="error-text">
          {state.error}
        </span>
      ) : null}
      {state.notice ? <span role="status">{state.notice}</span> : null}
    </form>
  );
}
