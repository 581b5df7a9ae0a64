import type { Metadata } from "next";
import { getServices } from "../../../../src/hub/context.ts";
import type { CaseQueue } from "../../../../src/services/case-services.ts";
import { CaseQueueTabs, QUEUE_LABELS } from "../../../../src/ui/console/case-queue-tabs.tsx";
import { CaseTable } from "../../../../src/ui/console/case-table.tsx";
import { ClaimableList } from "../../../../src/ui/console/claimable-list.tsx";
import { NoAccess } from "../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "诉求办理" };

function readQueue(value: string | undefined, fallback: CaseQueue): CaseQueue {
  return value && value in QUEUE_LABELS ? (value as CaseQueue) : fallback;
}

interface Props {
  searchParams: Promise<{ queue?: string; q?: string; org?: string }>;
}

export default async function CasesPage({ searchParams }: Props) {
  const actor = await requireActor("/console/cases");
  if (!mayUse(actor, "cases")) return <NoAccess area="诉求办理" />;
  const params = await searchParams;
  const onlyHelps = !actor.isAdmin && actor.roles.every((role) => role.role === "helper");
  const queue = readQueue(params.queue, onlyHelps ? "mine" : "org");
  const q = (params.q ?? "").trim().slice(0, 100);
  const orgId = params.org && /^\d{1,15}$/.test(params.org) ? Number(params.org) : undefined;
  const services = getServices().cases;
  const [{ items, total, counts, now }, claimable] = await Promise.all([
    services.listQueue(actor, queue, { ...(q ? { q } : {}), ...(orgId ? { orgId } : {}) }),
    actor.helper ? services.listClaimable(actor) : Promise.resolve([]),
  ]);
  return (
    <section className="stack" aria-labelledby="cases-title">
      <h1 id="cases-title">诉求办理</h1>
      <CaseQueueTabs current={queue} counts={counts} orgId={orgId} />
      <search>
        <form action="/console/cases" method="get" className="search-row">
          <input type="hidden" name="queue" value={queue} />
          {orgId ? <input type="hidden" name="org" value={orgId} /> : null}
          <label htmlFor="cases-q" className="visually-hidden">
            搜索诉求
          </label>
          <input id="cases-q" name="q" type="search" defaultValue={q} placeholder="编号、标题或内容" />
          <button type="submit" className="button primary">
            搜索
          </button>
        </form>
      </search>
      <p className="meta" role="status">
        {QUEUE_LABELS[queue]}
        {orgId && items[0]?.orgId === orgId ? `（${items[0].orgName}及下级）` : orgId ? "（指定组织及下级）" : ""}
        ：共 {total} 件{total > items.length ? `，显示前 ${items.length} 件` : ""}
      </p>
      <CaseTable items={items} now={now} />
      {actor.helper ? <ClaimableList items={claimable} now={now} /> : null}
    </section>
  );
}
