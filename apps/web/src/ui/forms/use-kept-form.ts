"use client";
import { type FormEvent, useActionState, useTransition } from "react";

/**
 * A server action bound to a form that keeps what was typed: React resets a form after its `action` runs, which
 * would wipe a long text on a refusal or a preview. Submitting by hand (with the pressed button's name and value,
 * as a normal submit sends them) leaves the fields alone.
 */
export function useKeptForm<State>(
  action: (previous: State, form: FormData) => Promise<State>,
  initial: State,
): [Awaited<State>, (event: FormEvent<HTMLFormElement>) => void, boolean] {
  // the states here are plain objects, so Awaited<State> is State
  const [state, dispatch, running] = useActionState<State, FormData>(
    action as (previous: Awaited<State>, form: FormData) => Promise<State>,
    initial as Awaited<State>,
  );
  const [starting, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const form = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(form));
  };
  return [state, onSubmit, running || starting];
}
