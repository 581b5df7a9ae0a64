import type { PublicationView } from "@qnzs/core/publish/index";
import Link from "next/link";
import { formatTime } from "../format.ts";
import { labelChannel } from "../labels.ts";
import { PublicationActions } from "./publication-actions.tsx";
import { PUBLISH_KIND_LABELS } from "./publish-labels.ts";

export interface OutboxRow extends PublicationView {
  /** where the row belongs, in a list across answers */
  title?: string;
  href?: string;
}

const STATUS_CLASS: Record<string, string> = {
  sent: "status-answered",
  cancelled: "status-archived",
  failed: "status-failed",
  dead: "status-failed",
  parked: "status-warn",
  waiting_auth: "status-warn",
};

/** The outbox per target: state, attempts, why it failed, where it went; and what a person may do. */
export function OutboxTable({ rows, caption }: { rows: readonly OutboxRow[]; caption: string }) {
  if (rows.length === 0) return <p className="empty">暂无发布记录。</p>;
  const withTitles = rows.some((row) => row.title);
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {withTitles ? <th scope="col">内容</th> : null}
            <th scope="col">目标</th>
            <th scope="col">状态</th>
            <th scope="col">尝试</th>
            <th scope="col">说明</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const label = `${labelChannel(row.channel)}${row.kind ? (PUBLISH_KIND_LABELS[row.kind as keyof typeof PUBLISH_KIND_LABELS] ?? "") : ""}`;
            return (
              <tr key={row.id} data-status={row.status}>
                {withTitles ? <td>{row.href ? <Link href={row.href}>{row.title}</Link> : row.title}</td> : null}
                <td>
                  {label}
                  <div className="meta">{row.target}</div>
                </td>
                <td>
                  <span className={`status ${STATUS_CLASS[row.status] ?? ""}`}>{row.statusName}</span>
                  <div className="meta">
                    {row.sentAt ? `发出于 ${formatTime(row.sentAt)}` : `计划 ${formatTime(row.nextAttemptAt)}`}
                  </div>
                </td>
                <td>{row.attempts}</td>
                <td>
                  {row.lastError ?? ""}
                  {row.remoteUrl ? (
                    <div>
                      <a href={row.remoteUrl} target="_blank" rel="noopener noreferrer">
                        查看
                      </a>
                    </div>
                  ) : null}
                </td>
                <td>
                  <PublicationActions id={row.id} status={row.status} label={label} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
