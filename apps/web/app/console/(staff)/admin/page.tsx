import type { Metadata } from "next";
import Link from "next/link";
import { ADMIN_SECTIONS } from "../../../../src/ui/admin/admin-tabs.tsx";
import { NoAccess } from "../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "系统管理" };

export default async function AdminHome() {
  const actor = await requireActor("/console/admin");
  if (!mayUse(actor, "admin")) return <NoAccess area="系统管理" />;
  return (
    <section className="stack" aria-labelledby="admin-title">
      <h1 id="admin-title">系统管理</h1>
      <p className="meta">
        {actor.isAdmin
          ? "您是站点管理员，可以管理全部组织和全站设置。"
          : "您是组织管理员，可以管理本组织及下级组织的用户、渠道账号和转办规则；办理时限和节假日由站点管理员设置。"}
      </p>
      <ul className="cards admin-cards">
        {ADMIN_SECTIONS.map((section) => (
          <li key={section.key} className="card">
            <h2>
              <Link href={section.href}>{section.label}</Link>
            </h2>
            <p>{section.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
