"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getServices } from "../../src/hub/context.ts";
import { isCategory } from "../../src/ui/labels.ts";
import { mayUse, readActor } from "../../src/ui/request-actor.ts";
import { type FormState, readField } from "./form-state.ts";
import { assertSameOrigin } from "./same-origin.ts";

/** What the "转为诉求" form shows after a conversion: the new case to open. */
export interface ConvertState extends FormState {
  created?: { id: number; code: string };
}

function readId(form: FormData, name: string): number | null {
  const value = Number(readField(form, name));
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

async function requireMonitorActor() {
  const actor = await readActor();
  return actor && mayUse(actor, "monitor") ? actor : null;
}

export async function correctPostAction(_previous: FormState, form: FormData): Promise<FormState> {
  await assertSameOrigin();
  const actor = await requireMonitorActor();
  if (!actor) return { error: "登录已失效或无权操作，请重新登录。" };
  const postId = readId(form, "postId");
  if (!postId) return { error: "帖子不存在。" };
  const category = readField(form, "category");
  const result = await getServices().monitor.correctPost(actor, postId, {
    isQuestion: readField(form, "isQuestion") === "yes",
    category: isCategory(category) ? category : null,
    urgent: form.get("urgent") === "1",
    region: readField(form, "region"),
  });
  if (!result.ok) return { error: result.message };
  revalidatePath(`/console/monitor/posts/${postId}`);
  return { notice: "已保存更正，之后重新抓取不会覆盖。" };
}

export async function convertPostsAction(_previous: ConvertState, form: FormData): Promise<ConvertState> {
  await assertSameOrigin();
  const actor = await requireMonitorActor();
  if (!actor) return { error: "登录已失效或无权操作，请重新登录。" };
  const postIds = form
    .getAll("postId")
    .map((value) => Number(value))
    .filter((id) => Number.isSafeInteger(id) && id > 0);
  if (postIds.length === 0) return { error: "请先勾选要转为诉求的帖子。" };
  const result = await getServices().monitor.convertPosts(actor, postIds);
  if (!result.ok) return { error: result.message };
  return { notice: `已创建诉求 ${result.value.code}`, created: result.value };
}

export async function reauthoriseAction(form: FormData): Promise<void> {
  await assertSameOrigin();
  const actor = await requireMonitorActor();
  const accountId = readId(form, "accountId");
  if (!actor || !accountId) redirect("/console/monitor?reauth=denied");
  const result = await getServices().monitor.beginReauthorisation(actor, accountId);
  if (!result.ok) redirect(`/console/monitor?reauth=${result.status === 403 ? "denied" : "invalid"}`);
  redirect(result.value);
}
