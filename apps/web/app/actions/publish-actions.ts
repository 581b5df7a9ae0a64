"use server";
/**
 * The publish area's forms: review a case answer or a cross-post, act on one outbox row, write a cross-post
 * (preview, save, submit) and edit the word lists. Each checks the origin and the session here, and core checks
 * the rights; a refusal comes back to the form with its message (and a sensitive-word block with its hits).
 */
import type { AnswerPreview, FieldHit } from "@qnzs/core/publish/index";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getServices } from "../../src/hub/context.ts";
import type { CrossPostInput } from "../../src/services/publish-services.ts";
import { readActor } from "../../src/ui/request-actor.ts";
import { type FormState, readField } from "./form-state.ts";
import { assertSameOrigin } from "./same-origin.ts";

export interface PublishFormState extends FormState {
  hits?: FieldHit[];
  preview?: AnswerPreview;
}

async function signedIn() {
  await assertSameOrigin();
  const actor = await readActor();
  if (!actor) redirect("/console/login");
  return actor;
}

function readId(form: FormData, name = "id"): number | null {
  const value = Number(readField(form, name));
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

export async function reviewAnswerAction(_previous: PublishFormState, form: FormData): Promise<PublishFormState> {
  const actor = await signedIn();
  const answerId = readId(form, "answerId");
  if (!answerId) return { error: "缺少答复编号。" };
  const note = readField(form, "note");
  const services = getServices().publish;
  if (readField(form, "decision") === "reject") {
    if (note.length < 2) return { error: "退回修改时请写明理由。" };
    const result = await services.rejectAnswer(actor, { answerId, note });
    if (!result.ok) return { error: result.message };
  } else {
    const added = form
      .getAll("added")
      .map((value) => Number(value))
      .filter((id) => Number.isSafeInteger(id) && id > 0)
      .map((accountId) => ({ accountId, kind: "post" as const }));
    const result = await services.approveAnswer(actor, {
      answerId,
      ...(note ? { note } : {}),
      added,
      portal: form.get("portal") === "yes",
    });
    if (!result.ok) return { error: result.message, ...(result.hits ? { hits: result.hits } : {}) };
  }
  // the page no longer shows the form once decided: it says what happened
  redirect(
    `/console/publish/answers/${answerId}?decided=${readField(form, "decision") === "reject" ? "rejected" : "approved"}`,
  );
}

export async function publicationAction(_previous: FormState, form: FormData): Promise<FormState> {
  const actor = await signedIn();
  const id = readId(form);
  const action = readField(form, "action");
  if (!id || (action !== "retry" && action !== "cancel" && action !== "confirm")) return { error: "无效的操作。" };
  const remoteUrl = readField(form, "remoteUrl");
  const result = await getServices().publish.decidePublication(actor, {
    id,
    action,
    ...(remoteUrl ? { remoteUrl } : {}),
  });
  if (!result.ok) return { error: result.message };
  revalidatePath("/console/publish", "layout");
  return { notice: { retry: "已重新排队发送。", cancel: "已取消发送。", confirm: "已确认发出。" }[action] };
}

/** The composer's fields as the domain takes them; Beijing time for the schedule. */
function readCrossPost(form: FormData): CrossPostInput {
  const variants: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith("variant:") && typeof value === "string" && value.trim()) {
      variants[name.slice("variant:".length)] = value.trim();
    }
  }
  const schedule = readField(form, "scheduledAt");
  const orgId = readId(form, "orgId");
  return {
    title: readField(form, "title") || null,
    body: readField(form, "body"),
    variants,
    targets: form
      .getAll("accounts")
      .map((value) => Number(value))
      .filter((id) => Number.isSafeInteger(id) && id > 0)
      .map((accountId) => ({ accountId, kind: "post" as const })),
    scheduledAt: schedule ? new Date(`${schedule}:00+08:00`) : null,
    ...(orgId ? { orgId } : {}),
  };
}

export async function crossPostAction(_previous: PublishFormState, form: FormData): Promise<PublishFormState> {
  const actor = await signedIn();
  const input = readCrossPost(form);
  const services = getServices().publish;
  const intent = readField(form, "intent");
  if (intent === "preview") {
    const preview = await services.previewCrossPostDraft(actor, input);
    if (!preview.ok) return { error: preview.message };
    return { preview: preview.value, hits: preview.value.sensitiveWords };
  }
  const answerId = readId(form, "answerId");
  const saved = await services.saveCrossPost(actor, {
    ...input,
    ...(answerId ? { answerId } : {}),
    submit: intent === "submit",
  });
  if (!saved.ok) return { error: saved.message };
  redirect(`/console/publish/posts/${saved.value.id}?saved=${intent === "submit" ? "submitted" : "draft"}`);
}

export async function reviewCrossPostAction(_previous: PublishFormState, form: FormData): Promise<PublishFormState> {
  const actor = await signedIn();
  const answerId = readId(form, "answerId");
  if (!answerId) return { error: "缺少内容编号。" };
  const note = readField(form, "note");
  const services = getServices().publish;
  const reject = readField(form, "decision") === "reject";
  if (reject) {
    if (note.length < 2) return { error: "退回修改时请写明理由。" };
    const result = await services.rejectCrossPost(actor, { answerId, note });
    if (!result.ok) return { error: result.message };
  } else {
    const result = await services.approveCrossPost(actor, { answerId, ...(note ? { note } : {}) });
    if (!result.ok) return { error: result.message, ...(result.hits ? { hits: result.hits } : {}) };
  }
  redirect(`/console/publish/posts/${answerId}?saved=${reject ? "rejected" : "approved"}`);
}

export async function addWordsAction(_previous: FormState, form: FormData): Promise<FormState> {
  const actor = await signedIn();
  const list = readField(form, "list") === "watched" ? "watched" : "blocked";
  const category = readField(form, "category");
  const words = readField(form, "words")
    .split(/[\n,，、]+/)
    .map((word) => word.trim())
    .filter(Boolean)
    .map((word) => ({ word, category: category || null }));
  if (words.length === 0) return { error: "请输入至少一个词语。" };
  const result = await getServices().publish.addWords(actor, { list, words });
  if (!result.ok) return { error: result.message };
  revalidatePath("/console/admin/words");
  return {
    notice: `已添加 ${result.value.added} 个词语${result.value.added < words.length ? "（其余已在词库中）" : ""}。`,
  };
}

export async function removeWordAction(form: FormData): Promise<void> {
  const actor = await signedIn();
  const id = readId(form);
  if (id) await getServices().publish.removeWord(actor, id);
  revalidatePath("/console/admin/words");
}
