import Link from "next/link";
import type { CaseQueue } from "../../services/web-services.ts";

export const QUEUE_LABELS: Record<CaseQueue, string> = {
  org: "本组织待办",
  mine: "我的",
  urgent: "紧急",
  overdue: "已超期",
  all: "全部",
};

export function CaseQueueTabs({ current }: { current: CaseQueue }) {
  return (
    <nav aria-label="诉求队列" className="tabs">
      {(Object.keys(QUEUE_LABELS) as CaseQueue[]).map((queue) => (
        <Link
          key={queue}
          href={`/console/cases?queue=${queue}`}
          aria-current={queue === current ? "page" : undefined}
          className="tab"
        >
          {QUEUE_LABELS[queue]}
        </Link>
      ))}
    </nav>
  );
}
