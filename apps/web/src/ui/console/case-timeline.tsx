import type { TimelineEntry } from "@qnzs/core/cases/timeline";
import { formatTime } from "../format.ts";
import { EVENT_LABELS } from "../labels.ts";

function describeActor(entry: TimelineEntry): string {
  if (entry.actorName) return entry.actorName;
  if (entry.actorKind === "public") return "提问人";
  return "系统";
}

export function CaseTimeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol className="timeline">
      {entries.map((entry) => (
        <li key={entry.id}>
          <time dateTime={entry.at.toISOString()}>{formatTime(entry.at)}</time>
          <span>
            <strong>{EVENT_LABELS[entry.type]}</strong> · {describeActor(entry)}
            {entry.fromOrgName && entry.toOrgName ? ` · ${entry.fromOrgName} → ${entry.toOrgName}` : ""}
            {!entry.fromOrgName && (entry.toOrgName ?? entry.orgName) ? ` · ${entry.toOrgName ?? entry.orgName}` : ""}
            {entry.reason ? <span className="reason">：{entry.reason}</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
