import Link from "next/link";
import { notFound } from "next/navigation";
import { getServices } from "../../../../src/hub/context.ts";
import { formatTime } from "../../../../src/ui/format.ts";
import { CATEGORY_LABELS } from "../../../../src/ui/labels.ts";

export const dynamic = "force-dynamic";

export default async function AnswerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const portal = getServices().portal;
  const answer = /^\d{1,15}$/.test(id) ? await portal.findAnswer(Number(id)) : null;
  if (!answer) notFound();
  const similar = await portal.listSimilarAnswers(answer);
  return (
    <article className="stack" aria-labelledby="answer-title">
      <p className="meta">
        <Link href="/">← 返回答复列表</Link>
      </p>
      <h1 id="answer-title">{answer.title || "青年之声答复"}</h1>
      <section className="panel" aria-label="问题">
        <h2>问题</h2>
        <p className="prose">{answer.question}</p>
        {answer.category ? <span className="tag">{CATEGORY_LABELS[answer.category]}</span> : null}
      </section>
      <section className="panel answer" aria-label="答复">
        <h2>答复</h2>
        {/* the portal rendering fixed at approval, masked; shown as text, so no markup from anyone reaches the page */}
        <p className="prose preview-text">{answer.text}</p>
        <p className="meta">
          {answer.orgName ? `${answer.orgName} 答复于 ` : "答复于 "}
          <time dateTime={answer.publishedAt.toISOString()}>{formatTime(answer.publishedAt)}</time>
        </p>
      </section>
      {similar.length > 0 ? (
        <section aria-labelledby="similar-title">
          <h2 id="similar-title">相似问题</h2>
          <ul className="links">
            {similar.map((item) => (
              <li key={item.answerId}>
                <Link href={`/answers/${item.answerId}`}>{item.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        没有解决您的问题？<Link href="/ask">我要提问</Link>
      </p>
    </article>
  );
}
