import type { Metadata } from "next";
import Link from "next/link";
import { getServices } from "../../../../../../src/hub/context.ts";
import { labelChannel } from "../../../../../../src/ui/labels.ts";
import { NoAccess } from "../../../../../../src/ui/no-access.tsx";
import { toComposerAccounts } from "../../../../../../src/ui/publish/composer-accounts.ts";
import { CrossPostForm } from "../../../../../../src/ui/publish/cross-post-form.tsx";
import { mayUse, requireActor } from "../../../../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "撰写一键多发" };

export default async function NewCrossPostPage() {
  const actor = await requireActor("/console/publish/posts/new");
  if (!mayUse(actor, "publish")) return <NoAccess area="发布管理" />;
  const services = getServices().publish;
  const [accounts, orgs] = await Promise.all([
    services.listPostableAccounts(actor),
    services.listPublishingOrgs(actor),
  ]);
  return (
    <section className="stack" aria-labelledby="compose-title">
      <p className="meta">
        <Link href="/console/publish">← 返回发布管理</Link>
      </p>
      <h1 id="compose-title">撰写一键多发</h1>
      <p className="meta">写一次，发往多个账号；可为各渠道写不同版本。提交后经审核通过才会发出。</p>
      <CrossPostForm orgs={orgs} accounts={toComposerAccounts(accounts, labelChannel)} />
    </section>
  );
}
