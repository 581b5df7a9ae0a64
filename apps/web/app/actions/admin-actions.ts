"use server";
/**
 * The admin area's server actions. Each checks the origin, the session and the admin area's role here, and the
 * services check again that the actor administers exactly what is touched (org subtree, site-wide settings).
 */
import type { Actor } from "@qnzs/core/cases/access";
import type { CasePriority, Category, OrgLevel, Role } from "@qnzs/db/schema";
import { revalidatePath } from "next/cache";
import { getServices } from "../../src/hub/context.ts";
import type { AdminResult, AdminServices } from "../../src/services/admin-services.ts";
import { GRANTABLE_ROLES, type GrantableRole } from "../../src/services/grantable-roles.ts";
import { isCategory, LEVEL_CODES, PRIORITY_CODES, ROLE_CODES } from "../../src/ui/labels.ts";
import { mayUse, readActor } from "../../src/ui/request-actor.ts";
import { type FormState, readField } from "./form-state.ts";
import { assertSameOrigin } from "./same-origin.ts";

async function runAdmin<T>(
  path: string,
  work: (admin: AdminServices, actor: Actor) => Promise<AdminResult<T>>,
  notice: (value: T) => string,
): Promise<FormState> {
  await assertSameOrigin();
  const actor = await readActor();
  if (!actor || !mayUse(actor, "admin")) return { error: "无权执行此操作。请重新登录，或联系上级管理员开通权限。" };
  const result = await work(getServices().admin, actor);
  if (!result.ok) return { error: result.message };
  revalidatePath(path);
  return { notice: notice(result.value) };
}

function readId(form: FormData, name: string): number | null {
  const value = Number(readField(form, name));
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

function readOptional(form: FormData, name: string): string | null {
  return readField(form, name) || null;
}

/** A password as typed: passwords are never trimmed. */
function readPassword(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function readMinutes(form: FormData, name: string): number {
  const value = Number(readField(form, name));
  return Number.isFinite(value) ? Math.round(value) : Number.NaN;
}

const MISSING = { error: "请完整填写表单。" };

// ---- organisations

export async function addOrgAction(_previous: FormState, form: FormData): Promise<FormState> {
  const parentId = readId(form, "parentId");
  const level = readField(form, "level") as OrgLevel;
  if (parentId === null || !LEVEL_CODES.includes(level)) return MISSING;
  const kind = readField(form, "kind") || "committee";
  return runAdmin(
    "/console/admin/orgs",
    (admin, actor) =>
      admin.orgs.add(actor, {
        parentId,
        name: readField(form, "name"),
        level,
        kind: kind as "committee",
        regionCode: readOptional(form, "regionCode"),
        region: readOptional(form, "region"),
        city: readOptional(form, "city"),
        county: readOptional(form, "county"),
      }),
    (org) => `已添加「${org.name}」。`,
  );
}

export async function renameOrgAction(_previous: FormState, form: FormData): Promise<FormState> {
  const orgId = readId(form, "orgId");
  if (orgId === null) return MISSING;
  return runAdmin(
    "/console/admin/orgs",
    (admin, actor) => admin.orgs.rename(actor, { orgId, name: readField(form, "name") }),
    (org) => `已改名为「${org.name}」。`,
  );
}

export async function setOrgRegionAction(_previous: FormState, form: FormData): Promise<FormState> {
  const orgId = readId(form, "orgId");
  if (orgId === null) return MISSING;
  return runAdmin(
    "/console/admin/orgs",
    (admin, actor) =>
      admin.orgs.setRegion(actor, {
        orgId,
        regionCode: readOptional(form, "regionCode"),
        region: readOptional(form, "region"),
        city: readOptional(form, "city"),
        county: readOptional(form, "county"),
      }),
    () => "区划信息已保存。",
  );
}

// ---- users and roles

function readGrantableRole(form: FormData): GrantableRole | null {
  const role = readField(form, "role");
  return GRANTABLE_ROLES.find((candidate) => candidate === role) ?? null;
}

export async function addUserAction(_previous: FormState, form: FormData): Promise<FormState> {
  const username = readField(form, "username");
  const password = readPassword(form, "password");
  if (!username || !password) return { error: "请填写用户名和初始密码。" };
  if (password.length < 8) return { error: "初始密码至少 8 位。" };
  const displayName = readField(form, "displayName");
  return runAdmin(
    "/console/admin/users",
    (admin, actor) =>
      admin.users.add(actor, {
        username,
        ...(displayName ? { displayName } : {}),
        password,
        orgId: readId(form, "orgId"),
        role: readGrantableRole(form),
        isAdmin: form.get("isAdmin") === "yes",
      }),
    (user) => `已添加用户「${user.displayName}」（${user.username}）。`,
  );
}

function readRoleGrant(form: FormData): { userId: number; orgId: number; role: Role } | null {
  const userId = readId(form, "userId");
  const orgId = readId(form, "orgId");
  const role = readField(form, "role") as Role;
  return userId === null || orgId === null || !ROLE_CODES.includes(role) ? null : { userId, orgId, role };
}

export async function grantRoleAction(_previous: FormState, form: FormData): Promise<FormState> {
  const grant = readRoleGrant(form);
  if (!grant) return MISSING;
  return runAdmin(
    "/console/admin/users",
    (admin, actor) => admin.users.grant(actor, grant),
    () => "已授予角色。",
  );
}

export async function revokeRoleAction(_previous: FormState, form: FormData): Promise<FormState> {
  const grant = readRoleGrant(form);
  if (!grant) return MISSING;
  return runAdmin(
    "/console/admin/users",
    (admin, actor) => admin.users.revoke(actor, grant),
    () => "已撤销角色。",
  );
}

export async function setUserDisabledAction(_previous: FormState, form: FormData): Promise<FormState> {
  const userId = readId(form, "userId");
  if (userId === null) return MISSING;
  const disabled = readField(form, "disabled") === "yes";
  return runAdmin(
    "/console/admin/users",
    (admin, actor) => admin.users.setDisabled(actor, { userId, disabled }),
    () => (disabled ? "账号已停用，该用户已无法登录。" : "账号已启用。"),
  );
}

export async function resetPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const userId = readId(form, "userId");
  const password = readPassword(form, "password");
  if (userId === null || !password) return { error: "请填写新密码。" };
  return runAdmin(
    "/console/admin/users",
    (admin, actor) => admin.users.resetPassword(actor, { userId, password }),
    () => "密码已重置，请通过线下方式告知本人。",
  );
}

// ---- channel accounts

export async function addChannelAction(_previous: FormState, form: FormData): Promise<FormState> {
  const kind = readField(form, "kind");
  const name = readField(form, "name");
  if (!kind || !name) return { error: "请选择渠道类型并填写账号名称。" };
  return runAdmin(
    "/console/admin/channels",
    (admin, actor) =>
      admin.channels.add(actor, {
        kind,
        name,
        orgId: readId(form, "orgId"),
        schedule: readOptional(form, "schedule"),
        read: (field) => form.getAll(`config.${field}`).filter((value): value is string => typeof value === "string"),
      }),
    (result) => `已添加渠道账号 #${result.id}「${name}」。可在下方列表中测试连接。`,
  );
}

export async function checkChannelAction(_previous: FormState, form: FormData): Promise<FormState> {
  const accountId = readId(form, "accountId");
  if (accountId === null) return MISSING;
  await assertSameOrigin();
  const actor = await readActor();
  if (!actor || !mayUse(actor, "admin")) return { error: "无权执行此操作。" };
  const result = await getServices().admin.channels.checkConnection(actor, accountId);
  if (!result.ok) return { error: result.message };
  const check = result.value;
  switch (check.outcome) {
    case "ok":
      return { notice: `连接正常：本次读取到 ${check.items} 条内容（仅测试，未入库）。` };
    case "push":
      return { notice: `推送渠道无需抓取：请在平台上把回调地址设为本站的 ${check.callbackPath}` };
    default:
      return { error: `连接失败（${check.errorKind}）：${check.message}` };
  }
}

export async function setChannelScheduleAction(_previous: FormState, form: FormData): Promise<FormState> {
  const accountId = readId(form, "accountId");
  if (accountId === null) return MISSING;
  const schedule = readOptional(form, "schedule");
  return runAdmin(
    "/console/admin/channels",
    (admin, actor) => admin.channels.setSchedule(actor, { accountId, schedule }),
    () => (schedule ? `抓取计划已改为 ${schedule}。` : "已恢复该渠道类型的默认抓取计划。"),
  );
}

export async function setChannelPausedAction(_previous: FormState, form: FormData): Promise<FormState> {
  const accountId = readId(form, "accountId");
  if (accountId === null) return MISSING;
  const paused = readField(form, "paused") === "yes";
  return runAdmin(
    "/console/admin/channels",
    (admin, actor) => admin.channels.setPaused(actor, { accountId, paused }),
    () => (paused ? "已暂停抓取。" : "已恢复抓取，将尽快运行一次。"),
  );
}

// ---- routing rules

export async function addRoutingRuleAction(_previous: FormState, form: FormData): Promise<FormState> {
  const targetOrgId = readId(form, "targetOrgId");
  if (targetOrgId === null) return { error: "请选择承办组织。" };
  const category = readField(form, "category");
  return runAdmin(
    "/console/admin/routing",
    (admin, actor) =>
      admin.routing.add(actor, {
        region: readOptional(form, "region"),
        city: readOptional(form, "city"),
        county: readOptional(form, "county"),
        category: isCategory(category) ? (category as Category) : null,
        keyword: readOptional(form, "keyword"),
        note: readOptional(form, "note"),
        targetOrgId,
      }),
    (rule) => `已添加转办规则 #${rule.id}。`,
  );
}

export async function setRoutingRuleEnabledAction(_previous: FormState, form: FormData): Promise<FormState> {
  const ruleId = readId(form, "ruleId");
  if (ruleId === null) return MISSING;
  const enabled = readField(form, "enabled") === "yes";
  return runAdmin(
    "/console/admin/routing",
    (admin, actor) => admin.routing.setEnabled(actor, { ruleId, enabled }),
    () => (enabled ? "规则已启用。" : "规则已停用。"),
  );
}

export async function deleteRoutingRuleAction(_previous: FormState, form: FormData): Promise<FormState> {
  const ruleId = readId(form, "ruleId");
  if (ruleId === null) return MISSING;
  return runAdmin(
    "/console/admin/routing",
    (admin, actor) => admin.routing.remove(actor, ruleId),
    () => "规则已删除。",
  );
}

// ---- deadlines and the calendar

export async function setDeadlineAction(_previous: FormState, form: FormData): Promise<FormState> {
  const category = readField(form, "category");
  const priority = readField(form, "priority");
  const urgent = form.get("urgent") === "yes";
  return runAdmin(
    "/console/admin/deadlines",
    (admin, actor) =>
      admin.deadlines.set(actor, {
        category: isCategory(category) ? (category as Category) : null,
        priority: PRIORITY_CODES.includes(priority as CasePriority) ? (priority as CasePriority) : null,
        urgent,
        clock: readField(form, "clock") === "wall" ? "wall" : "working",
        dueMinutes: readMinutes(form, "dueMinutes"),
        warnMinutes: readMinutes(form, "warnMinutes"),
        escalateEveryMinutes: readMinutes(form, "escalateEveryMinutes"),
      }),
    () => "时限规则已保存，新受理和重新计时的诉求按新规则计算。",
  );
}

export async function removeDeadlineAction(_previous: FormState, form: FormData): Promise<FormState> {
  const policyId = readId(form, "policyId");
  if (policyId === null) return MISSING;
  return runAdmin(
    "/console/admin/deadlines",
    (admin, actor) => admin.deadlines.remove(actor, policyId),
    () => "已删除，该类诉求恢复默认时限。",
  );
}

export async function setCalendarDayAction(_previous: FormState, form: FormData): Promise<FormState> {
  const day = readField(form, "day");
  const kind = readField(form, "kind") === "workday" ? "workday" : "holiday";
  const name = readField(form, "name");
  if (!day || !name) return { error: "请选择日期并填写名称。" };
  return runAdmin(
    "/console/admin/calendar",
    (admin, actor) => admin.calendar.set(actor, { day, kind, name }),
    () => `已将 ${day} 设为${kind === "holiday" ? "节假日" : "调休工作日"}（${name}）。`,
  );
}

export async function removeCalendarDayAction(_previous: FormState, form: FormData): Promise<FormState> {
  const day = readField(form, "day");
  return runAdmin(
    "/console/admin/calendar",
    (admin, actor) => admin.calendar.remove(actor, day),
    () => `${day} 已恢复为普通日期。`,
  );
}
