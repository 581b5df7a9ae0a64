import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getServices } from "../../../../../src/hub/context.ts";
import { CaseActionsPanel } from "../../../../../src/ui/console/case-actions-panel.tsx";
import { CaseTimeline } from "../../../../../src/ui/console/case-timeline.tsx";
import { DueCountdown } from "../../../../../src/ui/console/due-countdown.tsx";
import { formatTime } from "../../../../../src/ui/format.ts";
import { CATEGORY_LABELS, labelChannel, STATUS_LABELS } from "../../../../../src/ui/labels.ts";
import { NoAccess } from "../../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "诉求详情" };

const ANSWER_STATUS_LABELS: Record<string, string> = {
  draft: "草稿",
  in_review: "待审核",
  approved: "已通过",
  rejected: "已退回",
  published: "已发布",
};

export default async function CaseDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/console/cases/${id}`);
  if (!mayUse(actor, "cases")) return <NoAccess area="诉求办理" />;
  if (!/^\d{1,15}$/.test(id)) notFound();
  const view = await getServices().cases.getCaseView(actor, Number(id));
  if (!view) notFound();
  const { detail, timeline } = view;
  const row = detail.case;
  const open = ["new", "routed", "assigned", "answering"].includes(row.status);
  return (
    <article className="stack" aria-labelledby="case-title">
      <p className="meta">
        <Link href="/console/cases">← 返回诉求列表</Link>
      </p>
      <h1 id="case-title">
        {row.urgent ? <span className="tag danger">紧急</span> : null}
        {row.title}
      </h1>
      <dl className="facts">
        <div>
          <dt>编号</dt>
          <dd className="code">{row.code}</dd>
        </div>
        <div>
          <dt>状态</dt>
          <dd>
            <span className={`status status-${row.status}`}>{STATUS_LABELS[row.status]}</span>
          </dd>
        </div>
        <div>
          <dt>类别</dt>
          <dd>{row.category ? CATEGORY_LABELS[row.category] : "—"}</dd>
        </div>
        <div>
          <dt>承办单位</dt>
          <dd>{detail.org?.name ?? "—"}</dd>
        </div>
        <div>
          <dt>帮扶者</dt>
          <dd>{detail.assignee?.displayName ?? "未指派"}</dd>
        </div>
        <div>
          <dt>办理时限</dt>
          <dd>
            {formatTime(row.dueAt)}
            {open && row.dueAt ? (
              <>
                {" "}
                <DueCountdown dueAt={row.dueAt.toISOString()} serverNow={view.now.toISOString()} />
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>地区</dt>
          <dd>{[row.region, row.city, row.county].filter(Boolean).join(" ") || "—"}</dd>
        </div>
        <div>
          <dt>督办</dt>
          <dd>{detail.supervisor ? `${detail.supervisor.name}（第 ${row.escalationLevel} 级）` : "—"}</dd>
        </div>
      </dl>
      <section className="panel" aria-labelledby="case-question">
        <h2 id="case-question">诉求内容</h2>
        <p className="prose">{row.description}</p>
      </section>
      <section className="panel" aria-labelledby="case-sources">
        <h2 id="case-sources">来源</h2>
        <ul className="links">
          {detail.sources.posts.map((post) => (
            <li key={post.postId}>
              {labelChannel(post.channel)} · {post.authorName ?? "匿名"} · {formatTime(post.publishedAt)}
            </li>
          ))}
          {detail.sources.contacts.map((contact) => (
            <li key={contact.caseId}>
              {contact.source === "portal" ? "门户提问" : contact.source} ·{" "}
              {Object.values(contact.contact).join(" / ") || "未留联系方式"}
            </li>
          ))}
          {detail.sources.posts.length + detail.sources.contacts.length === 0 ? (
            <li>{row.source === "portal" ? "门户提问（未留联系方式）" : row.source}</li>
          ) : null}
        </ul>
      </section>
      {detail.answers.length > 0 ? (
        <section className="panel" aria-labelledby="case-answers">
          <h2 id="case-answers">答复</h2>
          {detail.answers.map((answer) => (
            <div key={answer.id} className="stack">
              <p className="meta">
                {ANSWER_STATUS_LABELS[answer.status] ?? answer.status} · {formatTime(answer.updatedAt)}
              </p>
              <p className="prose">{answer.body}</p>
            </div>
          ))}
        </section>
      ) : null}
      {view.pendingReassignment ? (
        <p className="panel notice" role="note">
          {view.pendingReassignment.fromOrgName}已申请改派
          {view.pendingReassignment.suggestedOrgName
            ? `（建议改派至${view.pendingReassignment.suggestedOrgName}）`
            : ""}
          ：{view.pendingReassignment.reason}，等待上级组织审批。
        </p>
      ) : null}
      <section aria-labelledby="case-actions" className="stack">
        <h2 id="case-actions">办理</h2>
        <CaseActionsPanel
          caseId={row.id}
          permissions={view.permissions}
          routeTargets={view.routeTargets}
          transferTargets={view.transferTargets}
          sender={view.sender}
          pendingReassignment={view.pendingReassignment}
          reassignTargets={view.reassignTargets}
          helpers={view.helpers}
          mergeCandidates={view.mergeCandidates}
          myAnswer={view.myAnswer}
          answerChannels={view.answerChannels}
          assigneeName={detail.assignee?.displayName ?? null}
        />
      </section>
      <section aria-labelledby="case-timeline">
        <h2 id="case-timeline">办理时间线</h2>
        <CaseTimeline entries={timeline} />
      </section>
    </article>
  );
}
