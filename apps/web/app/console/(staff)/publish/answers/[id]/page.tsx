import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getServices } from "../../../../../../src/hub/context.ts";
import { labelChannel } from "../../../../../../src/ui/labels.ts";
import { NoAccess } from "../../../../../../src/ui/no-access.tsx";
import { OutboxTable } from "../../../../../../src/ui/publish/outbox-table.tsx";
import { PreviewPanel } from "../../../../../../src/ui/publish/preview-panel.tsx";
import { ANSWER_STATUS_LABELS } from "../../../../../../src/ui/publish/publish-labels.ts";
import { ReviewForm } from "../../../../../../src/ui/publish/review-form.tsx";
import { mayUse, requireActor } from "../../../../../../src/ui/request-actor.ts";
import { reviewAnswerAction } from "../../../../../actions/publish-actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "审核答复" };

const DECIDED_NOTICES: Record<string, string> = {
  approved: "已审核通过，正在发往各渠道。",
  rejected: "已退回作者修改。",
};

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ decided?: string }>;
}

export default async function AnswerReviewPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { decided } = await searchParams;
  const actor = await requireActor(`/console/publish/answers/${id}`);
  if (!mayUse(actor, "publish")) return <NoAccess area="发布管理" />;
  if (!/^\d{1,15}$/.test(id)) notFound();
  const services = getServices().publish;
  const review = await services.getAnswerReview(actor, Number(id));
  if (!review) notFound();
  const { answer, preview, publications } = review;
  const accounts =
    answer.status === "in_review" && answer.authorId !== actor.userId
      ? await services.listPostableAccounts(actor, "approve")
      : [];
  return (
    <article className="stack" aria-labelledby="answer-title">
      <p className="meta">
        <Link href="/console/publish">← 返回发布管理</Link>
      </p>
      {decided && DECIDED_NOTICES[decided] ? (
        <p className="notice" role="status">
          {DECIDED_NOTICES[decided]}
        </p>
      ) : null}
      <h1 id="answer-title">审核答复：{review.case.title}</h1>
      <dl className="facts">
        <div>
          <dt>诉求</dt>
          <dd>
            <Link href={`/console/cases/${review.case.id}`}>{review.case.code}</Link>
          </dd>
        </div>
        <div>
          <dt>承办单位</dt>
          <dd>{review.org?.name ?? "—"}</dd>
        </div>
        <div>
          <dt>答复状态</dt>
          <dd>
            <span className="status">{ANSWER_STATUS_LABELS[answer.status]}</span>
          </dd>
        </div>
      </dl>
      <section aria-labelledby="body-title" className="panel">
        <h2 id="body-title">答复原文</h2>
        <p className="preview-text">{answer.body}</p>
        {Object.entries(answer.variants ?? {}).map(([channel, text]) => (
          <p key={channel} className="preview-text">
            <strong>{labelChannel(channel)}版本：</strong>
            {text}
          </p>
        ))}
      </section>
      {answer.status === "in_review" ? (
        answer.authorId === actor.userId ? (
          <p className="notice">这是您撰写的答复，须由其他审核人审核。</p>
        ) : (
          <section aria-labelledby="decide-title" className="stack">
            <h2 id="decide-title">审核</h2>
            <ReviewForm
              answerId={answer.id}
              action={reviewAnswerAction}
              portalChoice
              extraAccounts={accounts.map((account) => ({
                id: account.id,
                label: `${labelChannel(account.kind)} · ${account.name}`,
              }))}
            />
          </section>
        )
      ) : null}
      <PreviewPanel preview={preview} />
      <section aria-labelledby="outbox-title" className="stack">
        <h2 id="outbox-title">各目标发布状态</h2>
        <OutboxTable caption="此答复的发布记录" rows={publications} />
      </section>
    </article>
  );
}
