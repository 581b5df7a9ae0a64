"use server";
import { redirect } from "next/navigation";
import { getServices } from "../../src/hub/context.ts";
import { isCategory } from "../../src/ui/labels.ts";
import { type FormState, readField } from "./form-state.ts";
import { assertSameOrigin } from "./same-origin.ts";

/** A domain refusal reads "中文 / English"; a young person on the portal gets the Chinese half. */
function chineseOnly(message: string): string {
  return message.split(" / ")[0]!.trim();
}

export async function askAction(_previous: FormState, form: FormData): Promise<FormState> {
  await assertSameOrigin();
  if (form.get("consent") !== "yes") return { error: "请先阅读并同意个人信息使用说明。" };
  const description = readField(form, "description");
  if (description.length < 5) return { error: "请把问题写得具体一些（至少 5 个字）。" };
  const title = readField(form, "title");
  const category = readField(form, "category");
  const region = readField(form, "region");
  const phone = readField(form, "phone");
  const email = readField(form, "email");
  const question = {
    description,
    ...(title ? { title } : {}),
    ...(isCategory(category) ? { category } : {}),
    ...(region ? { region } : {}),
    contact: { ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
  };
  const joinCaseId = readField(form, "joinCaseId");
  if (joinCaseId) {
    // 同问: the asker's own case, folded into the open case they chose
    const caseId = Number(joinCaseId);
    if (!Number.isSafeInteger(caseId) || caseId <= 0) return { error: "要同问的问题不存在，请单独提问。" };
    const joined = await getServices().portal.joinCase({ caseId, ...question });
    if (!joined.ok) return { error: chineseOnly(joined.message) };
    redirect(`/cases/${encodeURIComponent(joined.value.code)}?new=1${joined.value.joined ? "&joined=1" : ""}`);
  }
  const result = await getServices().portal.askQuestion({ source: "portal", ...question });
  if (!result.ok) return { error: result.message };
  redirect(`/cases/${encodeURIComponent(result.value)}?new=1`);
}

export async function followAction(form: FormData): Promise<void> {
  const code = readField(form, "code").toUpperCase();
  redirect(code ? `/cases/${encodeURIComponent(code)}` : "/cases");
}

export async function rateAction(_previous: FormState, form: FormData): Promise<FormState> {
  await assertSameOrigin();
  const code = readField(form, "code");
  const rating = Number(readField(form, "rating"));
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { error: "请选择 1 到 5 星。" };
  const solved = readField(form, "solved");
  const comment = readField(form, "comment");
  const result = await getServices().portal.rateCase({
    code,
    rating,
    ...(solved ? { solved: solved === "yes" } : {}),
    ...(comment ? { comment } : {}),
  });
  if (!result.ok) return { error: result.message };
  redirect(`/cases/${encodeURIComponent(code)}?rated=1`);
}
