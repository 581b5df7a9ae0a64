import type { Metadata } from "next";
import Link from "next/link";
import { getServices } from "../../../../src/hub/context.ts";
import { CaseTable } from "../../../../src/ui/console/case-table.tsx";
import { formatDue } from "../../../../src/ui/format.ts";
import { ORG_LEVEL_LABELS } from "../../../../src/ui/labels.ts";
import { NoAccess } from "../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "督办" };

export default async function SupervisionPage() {
  const actor = await requireActor("/console/supervision");
  if (!mayUse(actor, "supervision")) return <NoAccess area="督办" />;
  const board = await getServices().cases.getSupervisionBoard(actor);
  const totalOverdue = board.byOrg.reduce((sum, row) => sum + row.overdue, 0);
  const totalEscalated = board.byOrg.reduce((sum, row) => sum + row.escalated, 0);
  return (
    <section className="stack" aria-labelledby="supervision-title">
      <h1 id="supervision-title">督办</h1>
      <p className="meta">本辖区内超过办理时限、尚未答复的诉求；逾期后逐级提交上级组织督办。</p>
      <dl className="facts summary">
        <div>
          <dt>超期诉求</dt>
          <dd className={totalOverdue > 0 ? "big error-text" : "big"}>{totalOverdue}</dd>
        </div>
        <div>
          <dt>已升级督办</dt>
          <dd className="big">{totalEscalated}</dd>
        </div>
        <div>
          <dt>涉及组织</dt>
          <dd className="big">{board.byOrg.length}</dd>
        </div>
      </dl>
      <section className="panel" aria-labelledby="by-org-title">
        <h2 id="by-org-title">各组织超期情况</h2>
        {board.byOrg.length === 0 ? (
          <p className="empty">辖区内没有超期诉求。</p>
        ) : (
          <div className="table-wrap">
            <table className="cases">
              <thead>
                <tr>
                  <th scope="col">承办单位</th>
                  <th scope="col">层级</th>
                  <th scope="col" className="number">
                    超期件数
                  </th>
                  <th scope="col" className="number">
                    其中升级督办
                  </th>
                  <th scope="col">最长超期</th>
                </tr>
              </thead>
              <tbody>
                {board.byOrg.map((row) => (
                  <tr key={row.orgId}>
                    <td>
                      <Link href={`/console/cases?queue=overdue&org=${row.orgId}`}>{row.orgName}</Link>
                    </td>
                    <td>{ORG_LEVEL_LABELS[row.orgLevel]}</td>
                    <td className="number">{row.overdue}</td>
                    <td className="number">{row.escalated}</td>
                    <td className="error-text">{formatDue(row.oldestDueAt, board.now).text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="stack" aria-labelledby="escalated-title">
        <h2 id="escalated-title">升级督办的诉求（{board.escalatedTotal} 件）</h2>
        <CaseTable
          items={board.escalated}
          now={board.now}
          supervisorNames={board.supervisorNames}
          empty="没有升级督办的诉求。"
        />
      </section>
      <section className="stack" aria-labelledby="overdue-title">
        <h2 id="overdue-title">全部超期诉求（{board.overdueTotal} 件）</h2>
        <CaseTable items={board.overdue} now={board.now} empty="没有超期诉求。" />
        {board.overdueTotal > board.overdue.length ? (
          <p className="meta">
            <Link href="/console/cases?queue=overdue">查看全部超期诉求</Link>
          </p>
        ) : null}
      </section>
    </section>
  );
}
