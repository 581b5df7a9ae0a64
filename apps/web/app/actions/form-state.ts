/** What a server action hands back to its form: an error to show, or a notice. */
export interface FormState {
  error?: string;
  notice?: string;
}

export const EMPTY_FORM_STATE: FormState = {};

export function readField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}
