"use client";
import { type ReactNode, startTransition, useActionState, useEffect, useRef } from "react";
import { EMPTY_FORM_STATE, type FormState } from "../../../app/actions/form-state.ts";
import { FormError } from "./form-error.tsx";

interface Props {
  action: (previous: FormState, form: FormData) => Promise<FormState>;
  submitLabel: string;
  pendingLabel: string;
  children?: ReactNode;
  className?: string;
  /** "primary" for the form's main button, "secondary" for row actions, "danger" for removals, "link" inside text */
  variant?: "primary" | "secondary" | "danger" | "link";
  /** clear the fields after a success (forms that add something) */
  resetOnSuccess?: boolean;
  /** an accessible name for the button when its label alone is ambiguous in a list ("停用 张三") */
  submitTitle?: string;
}

/**
 * A form bound to a server action that answers with an error or a notice, shown next to the button. Submitting
 * does not clear the fields (an error keeps what was typed); a success clears them when asked.
 */
export function ActionForm({
  action,
  submitLabel,
  pendingLabel,
  children,
  className,
  variant = "primary",
  resetOnSuccess = false,
  submitTitle,
}: Props) {
  const [state, formAction, pending] = useActionState(action, EMPTY_FORM_STATE);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (resetOnSuccess && state.notice) form.current?.reset();
  }, [state, resetOnSuccess]);
  return (
    <form
      ref={form}
      action={formAction}
      className={className ?? "stack"}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
    >
      {children}
      <div className="form-actions">
        <button
          type="submit"
          className={`button ${variant}`}
          disabled={pending}
          aria-disabled={pending}
          aria-label={submitTitle}
        >
          {pending ? pendingLabel : submitLabel}
        </button>
        {state.notice ? (
          <output className="form-notice" aria-live="polite">
            {state.notice}
          </output>
        ) : null}
      </div>
      {state.error ? <FormError message={state.error} /> : null}
    </form>
  );
}
