"use server";
import type { Actor } from "@qnzs/core/cases/access";
import { revalidatePath } from "next/cache";
import { getServices } from "../../src/hub/context.ts";
import type { CaseActionResult } from "../../src/services/case-services.ts";
import { mayUse, readActor } from "../../src/ui/request-actor.ts";
import { type FormState, readField } from "./form-state.ts";
import { assertSameOrigin } from "./same-origin.ts";

/** A case form's state: the outcome, and on a refusal what was typed, so the form shows it again. */
export interface CaseFormState extends FormState {
  values?: Record<string, string>;
}

const SIGNED_OUT: CaseFormState = { error: "登录已过期，请重新登录后再试。" };
const NO_ROLE: CaseFormState = { error: "您的账号没有办理诉求的权限。" };

function readValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" && !name.startsWith("$")) values[name] = value;
  }
  return values;
}

function readId(form: FormData, name: string): number | null {
  const value = readField(form, name);
  return /^\d{1,15}$/.test(value) ? Number(value) : null;
}

/** Every case action: same origin, a signed-in staff member, then the service (core checks access again). */
async function runCaseAction(
  form: FormData,
  work: (actor: Actor, caseId: number) => Promise<CaseActionResult | CaseFormState>,
): Promise<CaseFormState> {
  await assertSameOrigin();
  const values = readValues(form);
  const actor = await readActor();
  if (!actor) return { ...SIGNED_OUT, values };
  if (!mayUse(actor, "cases")) return { ...NO_ROLE, values };
  const caseId = readId(form, "caseId");
  if (caseId === null) return { error: "缺少诉求编号，请刷新页面后重试。", values };
  const result = await work(actor, caseId);
  if ("ok" in result) {
    if (!result.ok) return { error: result.message, values };
    revalidatePath(`/console/cases/${caseId}`);
    revalidatePath("/console/cases");
    return result.notice ? { notice: result.notice } : {};
  }
  return result.error ? { ...result, values } : result;
}

function needReason(form: FormData, what: string): { reason: string } | CaseFormState {
  const reason = readField(form, "reason");
  if (reason.length < 2) return { error: `请填写${what}（至少 2 个字）。` };
  if (reason.length > 500) return { error: `${what}最多 500 字。` };
  return { reason };
}

export async function routeCaseAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, async (actor, caseId) => {
    const toOrgId = readId(form, "toOrgId");
    if (toOrgId === null) return { error: "请选择要分派到的下级组织。" };
    const reason = readField(form, "reason") || "分派至下级组织办理";
    return getServices().cases.route(actor, { caseId, toOrgId, reason });
  });
}

export async function transferCaseAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, async (actor, caseId) => {
    const toOrgId = readId(form, "toOrgId");
    if (toOrgId === null) return { error: "请选择要转办到的组织。" };
    const reason = needReason(form, "转办理由");
    if (!("reason" in reason)) return reason;
    return getServices().cases.transfer(actor, { caseId, toOrgId, reason: reason.reason });
  });
}

export async function sendBackCaseAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, async (actor, caseId) => {
    const reason = needReason(form, "退回理由");
    if (!("reason" in reason)) return reason;
    return getServices().cases.sendBack(actor, { caseId, reason: reason.reason });
  });
}

export async function requestReassignmentAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, async (actor, caseId) => {
    const reason = needReason(form, "改派理由");
    if (!("reason" in reason)) return reason;
    const suggestedOrgId = readId(form, "suggestedOrgId");
    return getServices().cases.requestReassignment(actor, {
      caseId,
      reason: reason.reason,
      ...(suggestedOrgId !== null ? { suggestedOrgId } : {}),
    });
  });
}

export async function decideReassignmentAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, async (actor) => {
    const requestId = readId(form, "requestId");
    if (requestId === null) return { error: "缺少改派申请编号，请刷新页面后重试。" };
    const approve = readField(form, "decision") === "approve";
    const note = readField(form, "note");
    if (!approve && note.length < 2) return { error: "驳回改派申请须说明理由（至少 2 个字）。" };
    const toOrgId = readId(form, "toOrgId");
    if (approve && toOrgId === null) return { error: "请选择改派到的组织。" };
    return getServices().cases.decideReassignment(actor, {
      requestId,
      approve,
      ...(approve && toOrgId !== null ? { toOrgId } : {}),
      ...(note ? { note } : {}),
    });
  });
}

export async function assignCaseAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, async (actor, caseId) => {
    const helper = readField(form, "helperId");
    const helperId = readId(form, "helperId");
    if (helper && helper !== "auto" && helperId === null) return { error: "请选择帮扶者。" };
    return getServices().cases.assign(actor, { caseId, ...(helperId !== null ? { helperId } : {}) });
  });
}

export async function claimCaseAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, (actor, caseId) => getServices().cases.claim(actor, { caseId }));
}

export async function mergeCasesAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, async (actor, caseId) => {
    const sourceCaseIds = form
      .getAll("sourceCaseId")
      .filter((value): value is string => typeof value === "string" && /^\d{1,15}$/.test(value))
      .map(Number);
    const codes = readField(form, "codes");
    if (sourceCaseIds.length === 0 && !codes) return { error: "请勾选或填写要并入本诉求的诉求。" };
    const reason = readField(form, "reason");
    return getServices().cases.merge(actor, {
      targetCaseId: caseId,
      sourceCaseIds,
      codes,
      ...(reason ? { reason } : {}),
    });
  });
}

export async function saveAnswerAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, async (actor, caseId) => {
    const body = readField(form, "body");
    if (body.length < 2) return { error: "请填写答复内容。" };
    const variants: Record<string, string> = {};
    for (const [name, value] of form.entries()) {
      const channel = /^variant:([a-z0-9_]{1,20})$/.exec(name)?.[1];
      if (channel && typeof value === "string" && value.trim()) variants[channel] = value.trim();
    }
    const answerId = readId(form, "answerId");
    return getServices().cases.saveAnswer(actor, {
      caseId,
      body,
      ...(answerId !== null ? { answerId } : {}),
      ...(Object.keys(variants).length > 0 ? { variants } : {}),
    });
  });
}

export async function submitAnswerAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, async (actor) => {
    const answerId = readId(form, "answerId");
    if (answerId === null) return { error: "请先保存答复草稿。" };
    return getServices().cases.submitAnswer(actor, { answerId });
  });
}

export async function closeCaseAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, async (actor, caseId) => {
    const reason = needReason(form, "办结说明");
    if (!("reason" in reason)) return reason;
    return getServices().cases.close(actor, { caseId, reason: reason.reason });
  });
}

export async function reopenCaseAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, async (actor, caseId) => {
    const reason = needReason(form, "重新办理的理由");
    if (!("reason" in reason)) return reason;
    return getServices().cases.reopen(actor, { caseId, reason: reason.reason });
  });
}

export async function archiveCaseAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  return runCaseAction(form, (actor, caseId) => getServices().cases.archive(actor, { caseId }));
}
