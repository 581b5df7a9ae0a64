import type { CaseListItem } from "@qnzs/core/cases/queries";
import Link from "next/link";
import { formatDue, formatTime } from "../format.ts";
import { CATEGORY_LABELS, STATUS_LABELS } from "../labels.ts";

export function CaseTable({ items, now }: { items: CaseListItem[]; now: Date }) {
  if (items.length === 0) return <p className="empty">这个队列里没有诉求。</p>;
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
            <th scope="col">时限</th>
            <th scope="col">更新</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const due = formatDue(item.dueAt, now);
            return (
              <tr key={item.id} className={item.urgent ? "urgent" : undefined}>
                <td className="code">{item.code}</td>
                <td>
                  {item.urgent ? <span className="tag danger">紧急</span> : null}
                  <Link href={`/console/cases/${item.id}`}>{item.title}</Link>
                </td>
                <td>{item.category ? CATEGORY_LABELS[item.category] : "—"}</td>
                <td>
                  <span className={`status status-${item.status}`}>{STATUS_LABELS[item.status]}</span>
                </td>
                <td>{item.orgName ?? "—"}</td>
                <td className={due.overdue ? "error-text" : undefined}>{due.text}</td>
                <td>{formatTime(item.updatedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
