import type { PostSummary } from "@qnzs/core/monitor/posts";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getServices } from "../../../../../../src/hub/context.ts";
import { CorrectionForm } from "../../../../../../src/ui/console/correction-form.tsx";
import { safeUrl } from "../../../../../../src/ui/console/post-list.tsx";
import { formatTime } from "../../../../../../src/ui/format.ts";
import { CATEGORY_LABELS, labelChannel } from "../../../../../../src/ui/labels.ts";
import { NoAccess } from "../../../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "帖子详情" };

const FIELD_LABELS: Record<string, string> = {
  is_question: "是否提问",
  category: "类别",
  urgent: "紧急",
  region: "地区",
  city: "城市",
};

const SOURCE_LABELS: Record<string, string> = {
  model: "模型",
  rules: "规则词表",
  lexicon: "词表",
  gazetteer: "地名库",
  profile: "用户资料",
};

const ITEM_KIND_LABELS: Record<string, string> = {
  post: "帖子",
  comment: "评论",
  message: "私信/留言",
  article: "文章",
  form: "表单",
};

function yesNo(value: boolean | null, yes: string, no: string): string {
  return value === null ? "未判断" : value ? yes : no;
}

function ThreadEntry({ post, current, parentId }: { post: PostSummary; current: number; parentId: number | null }) {
  const isCurrent = post.id === current;
  return (
    <li className={isCurrent ? "thread-item current" : "thread-item"} aria-current={isCurrent ? "true" : undefined}>
      <p className="meta">
        <span>{ITEM_KIND_LABELS[post.itemKind] ?? post.itemKind}</span>
        <span>{post.authorName ?? "匿名"}</span>
        <time dateTime={post.publishedAt.toISOString()}>{formatTime(post.publishedAt)}</time>
        {isCurrent ? <span className="tag">当前帖子</span> : null}
        {post.id === parentId ? <span className="tag muted">所回复的帖子</span> : null}
      </p>
      {isCurrent ? (
        <p className="prose">{post.text}</p>
      ) : (
        <p className="prose">
          <Link href={`/console/monitor/posts/${post.id}`}>{post.text}</Link>
        </p>
      )}
    </li>
  );
}

export default async function PostDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/console/monitor/posts/${id}`);
  if (!mayUse(actor, "monitor")) return <NoAccess area="舆情监测" />;
  if (!/^\d{1,15}$/.test(id)) notFound();
  const services = getServices().monitor;
  const detail = await services.getPost(actor, Number(id));
  if (!detail) notFound();
  const { post, understanding } = detail;
  const url = safeUrl(post.url);
  const counters = Object.entries(post.counters);
  return (
    <article className="stack post-detail" aria-labelledby="post-title">
      <p className="meta">
        <Link href="/console/monitor">← 返回舆情监测</Link>
      </p>
      <h1 id="post-title">
        {understanding.urgent ? <span className="tag danger">紧急</span> : null}
        {post.title ?? `${post.authorName ?? "匿名"} 的${ITEM_KIND_LABELS[post.itemKind] ?? "帖子"}`}
      </h1>
      <dl className="facts">
        <div>
          <dt>渠道</dt>
          <dd>
            {labelChannel(detail.account.kind)} · {detail.account.name}
          </dd>
        </div>
        <div>
          <dt>作者</dt>
          <dd>
            {post.authorName ?? "匿名"}
            {post.authorLocation ? `（${post.authorLocation}）` : ""}
          </dd>
        </div>
        <div>
          <dt>发布时间</dt>
          <dd>{formatTime(post.publishedAt)}</dd>
        </div>
        <div>
          <dt>抓取时间</dt>
          <dd>{formatTime(post.fetchedAt)}</dd>
        </div>
        <div>
          <dt>平台编号</dt>
          <dd className="code">{post.externalId}</dd>
        </div>
        {counters.length > 0 ? (
          <div>
            <dt>互动</dt>
            <dd>{counters.map(([name, value]) => `${name} ${value}`).join(" · ")}</dd>
          </div>
        ) : null}
      </dl>
      <section className="panel" aria-labelledby="text-title">
        <h2 id="text-title">内容</h2>
        <p className="prose">{post.text}</p>
        {url ? (
          <p className="meta">
            <a href={url} target="_blank" rel="noopener noreferrer nofollow">
              在平台上查看原帖
            </a>
          </p>
        ) : null}
        {detail.cases.length > 0 ? (
          <p className="meta">
            已转为诉求：
            {detail.cases.map((item) => (
              <Link key={item.id} href={`/console/cases/${item.id}`}>
                {item.code}
              </Link>
            ))}
          </p>
        ) : null}
        {detail.duplicateOf ? (
          <p className="meta">
            与较早的帖子相似：
            <Link href={`/console/monitor/posts/${detail.duplicateOf.id}`}>
              {detail.duplicateOf.authorName ?? "匿名"}，{formatTime(detail.duplicateOf.publishedAt)}
            </Link>
          </p>
        ) : null}
      </section>

      <section className="panel stack" aria-labelledby="understanding-title">
        <h2 id="understanding-title">理解结果</h2>
        <dl className="facts">
          <div>
            <dt>是否提问</dt>
            <dd>{yesNo(understanding.isQuestion, "是提问", "不是提问")}</dd>
          </div>
          <div>
            <dt>类别</dt>
            <dd>{understanding.category ? CATEGORY_LABELS[understanding.category] : "未分类"}</dd>
          </div>
          <div>
            <dt>紧急</dt>
            <dd>{yesNo(understanding.urgent, "紧急", "不紧急")}</dd>
          </div>
          <div>
            <dt>地区</dt>
            <dd>{[understanding.region, understanding.city].filter(Boolean).join(" ") || "未识别"}</dd>
          </div>
        </dl>
        {detail.correction ? (
          <p className="meta">
            已由 {detail.correction.by ?? "工作人员"} 于 {formatTime(detail.correction.at)}{" "}
            人工更正；下列依据是系统最初的判断。
          </p>
        ) : null}
        <h3>判断依据</h3>
        {understanding.reasons.length === 0 ? (
          <p className="empty">没有记录依据。</p>
        ) : (
          <ul className="reasons">
            {understanding.reasons.map((reason, index) => (
              // reasons have no identity of their own; their order is fixed once stored
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={index}>
                <span className="tag muted">{FIELD_LABELS[reason.field] ?? reason.field}</span> {reason.evidence}
                <span className="reason-source">
                  （{SOURCE_LABELS[reason.source] ?? reason.source}
                  {reason.weight !== undefined ? `，权重 ${reason.weight.toFixed(2)}` : ""}）
                </span>
              </li>
            ))}
          </ul>
        )}
        <CorrectionForm postId={post.id} regions={services.listRegions()} current={understanding} />
      </section>

      <section className="panel" aria-labelledby="thread-title">
        <h2 id="thread-title">所在会话（{detail.thread.length} 条）</h2>
        <ol className="thread">
          {detail.thread.map((entry) => (
            <ThreadEntry key={entry.id} post={entry} current={post.id} parentId={detail.parent?.id ?? null} />
          ))}
        </ol>
      </section>

      {detail.duplicates.count > 0 ? (
        <section className="panel" aria-labelledby="repeats-title">
          <h2 id="repeats-title">相似帖子（{detail.duplicates.count} 条）</h2>
          <ul className="links">
            {detail.duplicates.posts.map((repeat) => (
              <li key={repeat.id}>
                <span className="meta">
                  {labelChannel(repeat.channel)} · {repeat.authorName ?? "匿名"} · {formatTime(repeat.publishedAt)}
                </span>
                <Link href={`/console/monitor/posts/${repeat.id}`}>{repeat.text}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="raw-title">
        <h2 id="raw-title">原始数据</h2>
        <p className="meta">平台返回的原始内容，仅作文本显示。</p>
        <pre className="raw" data-testid="raw-payload">
          <code>{JSON.stringify(post.raw, null, 2)}</code>
        </pre>
      </section>
    </article>
  );
}
