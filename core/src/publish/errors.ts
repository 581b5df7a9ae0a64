/**
 * Typed errors of publishing. They extend the case errors' base (status + code), so the HTTP API maps both the
 * same way: 403 for a refused approval, 409 for a publication in the wrong state, 404 for one that does not exist.
 */
import { CaseError } from "../cases/errors.ts";
import type { SensitiveWordHit } from "./sensitive-words.ts";

/** 403: the author of a text may not approve it. */
export class SelfApproval extends CaseError {
  readonly status = 403;
  readonly code = "self_approval";
  constructor(message = "不能审核自己撰写的内容 / nobody approves their own text") {
    super(message);
  }
}

/** 403: the approver's level is below what the answer's risk tier requires. */
export class InsufficientLevel extends CaseError {
  readonly status = 403;
  readonly code = "insufficient_level";
  constructor(
    message: string,
    /** the lowest org level that may approve this answer */
    readonly requiredLevel: string,
  ) {
    super(message);
  }
}

/** 409: the text contains words from the managed sensitive-word list; nothing was published. */
export class SensitiveWordsFound extends CaseError {
  readonly status = 409;
  readonly code = "sensitive_words";
  constructor(readonly hits: readonly (SensitiveWordHit & { field: string })[]) {
    const words = [...new Set(hits.map((hit) => hit.word))].join("、");
    super(`内容含有敏感词：${words}，不能发布 / sensitive words found: ${words}`);
  }
}

/** 404: no such publication row. */
export class PublicationNotFound extends CaseError {
  readonly status = 404;
  readonly code = "not_found";
  constructor(id: number) {
    super(`发布记录 #${id} 不存在 / publication ${id} not found`);
  }
}

/** 409: the publication is not in a state that allows this action (cancelling a row being sent, retrying a sent one). */
export class PublicationConflict extends CaseError {
  readonly status = 409;
  readonly code = "conflict";
}
