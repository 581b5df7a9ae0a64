import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getServices } from "../../../../../../src/hub/context.ts";
import { formatTime } from "../../../../../../src/ui/format.ts";
import { labelChannel } from "../../../../../../src/ui/labels.ts";
import { NoAccess } from "../../../../../../src/ui/no-access.tsx";
import { toComposerAccounts } from "../../../../../../src/ui/publish/composer-accounts.ts";
import { CrossPostForm } from "../../../../../../src/ui/publish/cross-post-form.tsx";
import { OutboxTable } from "../../../../../../src/ui/publish/outbox-table.tsx";
import { PreviewPanel } from "../../../../../../src/ui/publish/preview-panel.tsx";
import { ANSWER_STATUS_LABELS } from "../../../../../../src/ui/publish/publish-labels.ts";
import { ReviewForm } from "../../../../../../src/ui/publish/review-form.tsx";
import { mayUse, requireActor } from "../../../../../../src/ui/request-actor.ts";
import { reviewCrossPostAction } from "../../../../../actions/publish-actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "一键多发" };

/** "YYYY-MM-DDTHH:mm" in Beijing time, for a datetime-local field. */
function toBeijingInput(value: Date | null): string | undefined {
  if (!value) return undefined;
  return new Date(value.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

/** What the last step did, said while the post is still in the state it left (a later visit says nothing). */
const SAVED_NOTICES: Record<string, { text: string; status: string[] }> = {
  submitted: { text: "已提交审核。", status: ["in_review"] },
  draft: { text: "草稿已保存。", status: ["draft"] },
  approved: { text: "已审核通过，将按时发往各账号。", status: ["approved", "published"] },
  rejected: { text: "已退回作者修改。", status: ["rejected"] },
};

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}

export default async function CrossPostPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { saved } = await searchParams;
  const actor = await requireActor(`/console/publish/posts/${id}`);
  if (!mayUse(actor, "publish")) return <NoAccess area="发布管理" />;
  if (!/^\d{1,15}$/.test(id)) notFound();
  const services = getServices().publish;
  const detail = await services.getCrossPost(actor, Number(id));
  if (!detail) notFound();
  const { post, preview, publications } = detail;
  const isAuthor = post.authorId === actor.userId;
  const editable = isAuthor && (post.status === "draft" || post.status === "rejected");
  const [accounts, orgs] = editable
    ? await Promise.all([services.listPostableAccounts(actor), services.listPublishingOrgs(actor)])
    : [[], []];
  return (
    <article className="stack" aria-labelledby="post-title">
      <p className="meta">
        <Link href="/console/publish">← 返回发布管理</Link>
      </p>
      {saved && SAVED_NOTICES[saved]?.status.includes(post.status) ? (
        <p className="notice" role="status">
          {SAVED_NOTICES[saved].text}
        </p>
      ) : null}
      <h1 id="post-title">一键多发：{post.title ?? post.body.slice(0, 30)}</h1>
      <dl className="facts">
        <div>
          <dt>状态</dt>
          <dd>
            <span className="status">{ANSWER_STATUS_LABELS[post.status]}</span>
          </dd>
        </div>
        <div>
          <dt>组织</dt>
          <dd>{detail.orgName ?? "—"}</dd>
        </div>
        <div>
          <dt>发布时间</dt>
          <dd>{post.scheduledAt ? `定时 ${formatTime(post.scheduledAt)}` : "审核通过后立即发布"}</dd>
        </div>
        {post.reviewNote ? (
          <div className="wide">
            <dt>审核意见</dt>
            <dd>{post.reviewNote}</dd>
          </div>
        ) : null}
      </dl>
      {editable ? (
        <section aria-labelledby="edit-title" className="stack">
          <h2 id="edit-title">{post.status === "rejected" ? "按审核意见修改" : "编辑草稿"}</h2>
          <CrossPostForm
            orgs={orgs}
            accounts={toComposerAccounts(accounts, labelChannel)}
            initial={{
              answerId: post.id,
              orgId: post.orgId,
              title: post.title,
              body: post.body,
              variants: post.variants,
              accountIds: (post.targets ?? []).map((target) => target.accountId),
              ...(post.scheduledAt ? { scheduledAt: toBeijingInput(post.scheduledAt) } : {}),
            }}
          />
        </section>
      ) : (
        <section aria-labelledby="body-title" className="panel">
          <h2 id="body-title">正文</h2>
          <p className="preview-text">{post.body}</p>
        </section>
      )}
      {post.status === "in_review" ? (
        isAuthor ? (
          <p className="notice">这是您撰写的内容，须由其他审核人审核。</p>
        ) : (
          <section aria-labelledby="decide-title" className="stack">
            <h2 id="decide-title">审核</h2>
            <ReviewForm answerId={post.id} action={reviewCrossPostAction} />
          </section>
        )
      ) : null}
      <PreviewPanel preview={preview} />
      <section aria-labelledby="outbox-title" className="stack">
        <h2 id="outbox-title">各账号发布状态</h2>
        <OutboxTable caption="此内容的发布记录" rows={publications} />
      </section>
    </article>
  );
}
