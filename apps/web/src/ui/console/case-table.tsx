import type { CaseListItem } from "@qnzs/core/cases/queries";
import Link from "next/link";
import { formatTime } from "../format.ts";
import { CATEGORY_LABELS, STATUS_LABELS } from "../labels.ts";
import { DueCountdown } from "./due-countdown.tsx";

interface Props {
  items: CaseListItem[];
  now: Date;
  /** shown as a 督办单位 column when given: the supervising org of escalated cases */
  supervisorNames?: Record<number, string>;
  empty?: string;
}

export function CaseTable({ items, now, supervisorNames, empty = "这个队列里没有诉求。" }: Props) {
  if (items.length === 0) return <p className="empty">{empty}</p>;
  const serverNow = now.toISOString();
  return (
    <div className="table-wrap">
      <table className="cases">
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">诉求</th>
            <th scope="col">类别</th>
            <th scope="col">状态</th>
            <th scope="col">承办单位</th>
            {supervisorNames ? <th scope="col">督办单位</th> : null}
            <th scope="col">时限</th>
            <th scope="col">更新</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} className={item.urgent ? "urgent" : undefined}>
              <td className="code">{item.code}</td>
              <td>
                {item.urgent ? <span className="tag danger">紧急</span> : null}
                {item.escalationLevel > 0 && !supervisorNames ? <span className="tag">督办</span> : null}
                <Link href={`/console/cases/${item.id}`}>{item.title}</Link>
              </td>
              <td className="nowrap">{item.category ? CATEGORY_LABELS[item.category] : "—"}</td>
              <td className="nowrap">
                <span className={`status status-${item.status}`}>{STATUS_LABELS[item.status]}</span>
              </td>
              <td>{item.orgName ?? "—"}</td>
              {supervisorNames ? (
                <td>
                  {item.supervisorOrgId ? (supervisorNames[item.supervisorOrgId] ?? "—") : "—"}
                  {item.escalationLevel > 0 ? <span className="meta">（第 {item.escalationLevel} 级）</span> : null}
                </td>
              ) : null}
              <td>
                {["new", "routed", "assigned", "answering"].includes(item.status) ? (
                  <DueCountdown dueAt={item.dueAt?.toISOString() ?? null} serverNow={serverNow} />
                ) : (
                  "—"
                )}
              </td>
              <td>{formatTime(item.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
