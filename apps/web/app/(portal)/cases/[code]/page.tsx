import type { Metadata } from "next";
import Link from "next/link";
import { getServices } from "../../../../src/hub/context.ts";
import { formatTime } from "../../../../src/ui/format.ts";
import { RateForm } from "../../../../src/ui/forms/rate-form.tsx";
import { CATEGORY_LABELS, EVENT_LABELS, STATUS_LABELS } from "../../../../src/ui/labels.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办理进度", robots: { index: false } };

interface Props {
  params: Promise<{ code: string }>;
  searchParams: Promise<{ new?: string; rated?: string; joined?: string }>;
}

export default async function CasePage({ params, searchParams }: Props) {
  const { code } = await params;
  const flags = await searchParams;
  const found = await getServices().portal.findCase(decodeURIComponent(code).slice(0, 40));
  if (!found) {
    return (
      <section className="stack narrow" aria-labelledby="case-missing">
        <h1 id="case-missing">没有找到这个诉求编号</h1>
        <p>请检查编号是否输入正确（形如 QN260101-ABCDEF）。</p>
        <Link href="/cases" className="button secondary">
          重新查询
        </Link>
      </section>
    );
  }
  return (
    <article className="stack" aria-labelledby="case-title">
      {flags.new ? (
        <div className="notice" role="status">
          <p>{flags.joined ? "同问成功！您的诉求编号是" : "提交成功！您的诉求编号是"}</p>
          <p className="case-code" data-testid="case-code">
            {found.code}
          </p>
          <p>请记下这个编号，凭它查询进度、查看答复并评价。</p>
        </div>
      ) : null}
      {flags.rated ? (
        <p className="notice" role="status">
          感谢您的评价！
        </p>
      ) : null}
      <h1 id="case-title">{found.title}</h1>
      <dl className="facts">
        <div className="wide">
          <dt>诉求编号</dt>
          <dd className="code">{found.code}</dd>
        </div>
        <div>
          <dt>办理状态</dt>
          <dd>
            <span className={`status status-${found.status}`}>{STATUS_LABELS[found.status]}</span>
          </dd>
        </div>
        <div>
          <dt>类别</dt>
          <dd>{found.category ? CATEGORY_LABELS[found.category] : "—"}</dd>
        </div>
        <div>
          <dt>承办单位</dt>
          <dd>{found.orgName ?? "正在分派"}</dd>
        </div>
        <div>
          <dt>提交时间</dt>
          <dd>{formatTime(found.createdAt)}</dd>
        </div>
      </dl>
      {found.merged ? (
        <p className="notice">
          {flags.joined ? "您已加入同问：" : ""}
          这个问题与其他青年提出的相同问题合并办理，这里显示的是合并办理的进度和答复。
        </p>
      ) : null}
      {found.answer ? (
        <section className="panel answer" aria-labelledby="case-answer">
          <h2 id="case-answer">答复</h2>
          <p className="prose">{found.answer}</p>
          {found.answeredAt ? <p className="meta">答复于 {formatTime(found.answeredAt)}</p> : null}
        </section>
      ) : (
        <p className="panel">正在办理中，答复后会显示在这里。</p>
      )}
      {found.awaitingRating ? (
        <section className="panel" aria-labelledby="case-rate">
          <h2 id="case-rate">评价答复</h2>
          <RateForm code={found.code} />
        </section>
      ) : found.rating ? (
        <p className="meta">您的评价：{"★".repeat(found.rating)}</p>
      ) : null}
      <section aria-labelledby="case-timeline">
        <h2 id="case-timeline">办理过程</h2>
        <ol className="timeline">
          {found.timeline.map((entry) => (
            <li key={`${entry.type}-${entry.at.toISOString()}`}>
              <time dateTime={entry.at.toISOString()}>{formatTime(entry.at)}</time>
              <span>
                {EVENT_LABELS[entry.type]}
                {entry.orgName ? ` · ${entry.orgName}` : ""}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
