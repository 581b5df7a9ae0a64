import type { Metadata } from "next";
import Link from "next/link";
import { getServices } from "../../../../src/hub/context.ts";
import { formatTime } from "../../../../src/ui/format.ts";
import { NoAccess } from "../../../../src/ui/no-access.tsx";
import { OutboxTable } from "../../../../src/ui/publish/outbox-table.tsx";
import { ANSWER_STATUS_LABELS } from "../../../../src/ui/publish/publish-labels.ts";
import { mayUse, requireActor } from "../../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "发布管理" };

/** Where a text under review is read: a case answer on its review page, a cross-post on its own page. */
function reviewHref(item: { answerId: number; caseId: number | null }): string {
  return item.caseId === null ? `/console/publish/posts/${item.answerId}` : `/console/publish/answers/${item.answerId}`;
}

export default async function PublishPage() {
  const actor = await requireActor("/console/publish");
  if (!mayUse(actor, "publish")) return <NoAccess area="发布管理" />;
  const services = getServices().publish;
  const [queue, outbox, posts] = await Promise.all([
    services.listReviewQueue(actor),
    services.listOutboxAttention(actor),
    services.listCrossPosts(actor),
  ]);
  return (
    <div className="stack">
      <div className="title-row">
        <h1>发布管理</h1>
        <div className="row-actions">
          <Link href="/console/admin/words">敏感词库</Link>
          <Link href="/console/publish/posts/new" className="button primary">
            撰写一键多发
          </Link>
        </div>
      </div>

      <section aria-labelledby="queue-title" className="stack">
        <h2 id="queue-title">待审核（{queue.length}）</h2>
        {queue.length === 0 ? (
          <p className="empty">没有等待审核的内容。</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">待审核的答复和一键多发内容</caption>
              <thead>
                <tr>
                  <th scope="col">内容</th>
                  <th scope="col">类型</th>
                  <th scope="col">组织</th>
                  <th scope="col">撰写人</th>
                  <th scope="col">提交时间</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((item) => (
                  <tr key={item.answerId}>
                    <td>
                      <Link href={reviewHref(item)}>{item.title}</Link>
                      <div className="meta">{item.excerpt}</div>
                    </td>
                    <td>{item.caseId === null ? "一键多发" : `诉求答复 ${item.caseCode ?? ""}`}</td>
                    <td>{item.orgName ?? "—"}</td>
                    <td>
                      {item.authorName}
                      {item.own ? <span className="tag muted">本人撰写</span> : null}
                    </td>
                    <td>{formatTime(item.submittedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="outbox-title" className="stack">
        <h2 id="outbox-title">发件箱：需要处理和正在发送的（{outbox.length}）</h2>
        <OutboxTable
          caption="需要处理和正在发送的发布记录"
          rows={outbox.map((row) => ({ ...row, href: reviewHref(row) }))}
        />
      </section>

      <section aria-labelledby="posts-title" className="stack">
        <h2 id="posts-title">一键多发</h2>
        {posts.items.length === 0 ? (
          <p className="empty">还没有一键多发内容。</p>
        ) : (
          <ul className="cards">
            {posts.items.map((post) => (
              <li key={post.id} className="card">
                <h3>
                  <Link href={`/console/publish/posts/${post.id}`}>{post.title ?? post.body.slice(0, 30)}</Link>
                </h3>
                <p className="meta">
                  <span className="status">{ANSWER_STATUS_LABELS[post.status]}</span> {post.orgName ?? ""} ·{" "}
                  {post.targets?.length ?? 0} 个账号 ·{" "}
                  {post.scheduledAt ? `定时 ${formatTime(post.scheduledAt)}` : `更新于 ${formatTime(post.updatedAt)}`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
