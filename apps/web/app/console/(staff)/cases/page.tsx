import type { Metadata } from "next";
import { getServices } from "../../../../src/hub/context.ts";
import type { CaseQueue } from "../../../../src/services/web-services.ts";
import { CaseQueueTabs, QUEUE_LABELS } from "../../../../src/ui/console/case-queue-tabs.tsx";
import { CaseTable } from "../../../../src/ui/console/case-table.tsx";
import { NoAccess } from "../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "诉求办理" };

function readQueue(value: string | undefined): CaseQueue {
  return value && value in QUEUE_LABELS ? (value as CaseQueue) : "org";
}

interface Props {
  searchParams: Promise<{ queue?: string; q?: string }>;
}

export default async function CasesPage({ searchParams }: Props) {
  const actor = await requireActor("/console/cases");
  if (!mayUse(actor, "cases")) return <NoAccess area="诉求办理" />;
  const params = await searchParams;
  const queue = readQueue(params.queue);
  const q = (params.q ?? "").trim().slice(0, 100);
  const { items, total } = await getServices().console.listCaseQueue(actor, queue, q ? { q } : {});
  return (
    <section className="stack" aria-labelledby="cases-title">
      <h1 id="cases-title">诉求办理</h1>
      <CaseQueueTabs current={queue} />
      <search>
        <form action="/console/cases" method="get" className="search-row">
          <input type="hidden" name="queue" value={queue} />
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
        {QUEUE_LABELS[queue]}：共 {total} 件
      </p>
      <CaseTable items={items} now={new Date()} />
    </section>
  );
}
