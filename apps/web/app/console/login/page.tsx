import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServices } from "../../../src/hub/context.ts";
import { LoginForm } from "../../../src/ui/forms/login-form.tsx";
import { readActor } from "../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "登录工作台", robots: { index: false } };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await getServices().auth.needsFirstAdmin()) redirect("/console/setup");
  if (await readActor()) redirect("/console");
  const { next } = await searchParams;
  return (
    <main id="main" className="auth-page">
      <section className="panel stack auth-card" aria-labelledby="login-title">
        <p className="brand">青年之声 · 工作台</p>
        <h1 id="login-title">登录</h1>
        <LoginForm next={next ?? "/console"} />
      </section>
    </main>
  );
}
