/**
 * How services hand domain refusals to pages and forms: `attempt` turns a typed domain error into a failure the
 * form shows (a sensitive-word block keeps its hits, so the editor sees each word and where); `orNull` turns
 * "not found" and "not yours" into null, so a page shows its 404.
 */
import { CaseError } from "@qnzs/core/cases/errors";
import { type FieldHit, SensitiveWordsFound } from "@qnzs/core/publish/index";

export interface ServiceFailure {
  ok: false;
  status: number;
  message: string;
  /** the words that blocked publishing */
  hits?: FieldHit[];
}

export type ServiceResult<T> = { ok: true; value: T } | ServiceFailure;

export async function attempt<T>(work: () => Promise<T>): Promise<ServiceResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof SensitiveWordsFound) {
      return { ok: false, status: error.status, message: error.message, hits: [...error.hits] };
    }
    if (error instanceof CaseError) return { ok: false, status: error.status, message: error.message };
    throw error;
  }
}

export async function orNull<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CaseError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}
