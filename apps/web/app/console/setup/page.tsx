import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServices } from "../../../src/hub/context.ts";
import { FirstAdminForm } from "../../../src/ui/forms/first-admin-form.tsx";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "创建管理员", robots: { index: false } };

/** The first visit to an empty hub: there is no account yet, so the first visitor creates the site admin. */
export default async function SetupPage() {
  if (!(await getServices().auth.needsFirstAdmin())) redirect("/console/login");
  return (
    <main id="main" className="auth-page">
      <section className="panel stack auth-card" aria-labelledby="setup-title">
        <p className="brand">青年之声 · 工作台</p>
        <h1 id="setup-title">创建首个管理员</h1>
        <p>系统中还没有任何账号。请为本平台创建第一个管理员账号，之后可由管理员添加其他用户。</p>
        <FirstAdminForm />
      </section>
    </main>
  );
}
