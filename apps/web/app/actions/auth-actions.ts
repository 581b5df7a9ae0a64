"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, sessionCookieOptions } from "../../src/auth/cookie.ts";
import { getServices } from "../../src/hub/context.ts";
import { type FormState, readField } from "./form-state.ts";
import { assertSameOrigin } from "./same-origin.ts";

/** Only our own console pages are places to return to after signing in. */
function safeNext(value: string): string {
  return /^\/console(\/[\w\-/?=&%.]*)?$/.test(value) ? value : "/console";
}

async function startSession(username: string, password: string): Promise<FormState | null> {
  const list = await headers();
  const result = await getServices().auth.signIn({
    username,
    password,
    clientAddress: list.get("x-qnzs-client-address") ?? "unknown",
    userAgent: list.get("user-agent"),
  });
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      const minutes = Math.max(1, Math.ceil(result.retryAfterMs / 60_000));
      return { error: `登录失败次数过多，请 ${minutes} 分钟后再试。` };
    }
    return { error: "用户名或密码不正确。" };
  }
  (await cookies()).set(
    SESSION_COOKIE,
    result.token,
    sessionCookieOptions(result.expiresAt, list.get("x-forwarded-proto")),
  );
  return null;
}

export async function signInAction(_previous: FormState, form: FormData): Promise<FormState> {
  await assertSameOrigin();
  const username = readField(form, "username");
  const password = typeof form.get("password") === "string" ? (form.get("password") as string) : "";
  if (!username || !password) return { error: "请填写用户名和密码。" };
  const failure = await startSession(username, password);
  if (failure) return failure;
  redirect(safeNext(readField(form, "next")));
}

export async function signOutAction(): Promise<void> {
  await assertSameOrigin();
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) await getServices().auth.signOut(token);
  jar.delete(SESSION_COOKIE);
  redirect("/console/login");
}

export async function createFirstAdminAction(_previous: FormState, form: FormData): Promise<FormState> {
  await assertSameOrigin();
  const services = getServices();
  if (!(await services.auth.needsFirstAdmin())) redirect("/console/login");
  const username = readField(form, "username");
  const displayName = readField(form, "displayName");
  const password = typeof form.get("password") === "string" ? (form.get("password") as string) : "";
  const confirm = typeof form.get("confirm") === "string" ? (form.get("confirm") as string) : "";
  if (!username) return { error: "请填写用户名。" };
  if (password.length < 8) return { error: "密码至少 8 位。" };
  if (password !== confirm) return { error: "两次输入的密码不一致。" };
  const created = await services.auth.createFirstAdmin({ username, password, ...(displayName ? { displayName } : {}) });
  if (!created.ok) return { error: created.message };
  const failure = await startSession(username, password);
  if (failure) return failure;
  redirect("/console");
}
