import Link from "next/link";
import type { CaseQueue } from "../../services/case-services.ts";

export const QUEUE_LABELS: Record<CaseQueue, string> = {
  mine: "我的",
  org: "本组织",
  unassigned: "待分配",
  due_soon: "即将到期",
  overdue: "已超期",
  urgent: "紧急",
  all: "全部",
};

/** Queue tabs with their counts; `orgId` keeps a supervision board's drill-down to one org across tabs. */
export function CaseQueueTabs({
  current,
  counts,
  orgId,
}: {
  current: CaseQueue;
  counts: Record<CaseQueue, number>;
  orgId?: number | undefined;
}) {
  return (
    <nav aria-label="诉求队列" className="tabs">
      {(Object.keys(QUEUE_LABELS) as CaseQueue[]).map((queue) => (
        <Link
          key={queue}
          href={`/console/cases?queue=${queue}${orgId ? `&org=${orgId}` : ""}`}
          aria-current={queue === current ? "page" : undefined}
          className="tab"
        >
          {QUEUE_LABELS[queue]}
          <span className={queue === "overdue" && counts[queue] > 0 ? "count alert" : "count"}>
            {counts[queue]}
            <span className="visually-hidden">件</span>
          </span>
        </Link>
      ))}
    </nav>
  );
}
