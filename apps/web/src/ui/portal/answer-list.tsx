import type { KnowledgeEntry } from "@qnzs/core/cases/queries";
import Link from "next/link";
import { formatTime } from "../format.ts";
import { CATEGORY_LABELS } from "../labels.ts";

function excerpt(text: string, length = 80): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

export function AnswerList({ answers }: { answers: KnowledgeEntry[] }) {
  if (answers.length === 0) {
    return (
      <p className="empty">
        暂时没有找到相关答复。<Link href="/ask">直接提问</Link>，我们会尽快答复您。
      </p>
    );
  }
  return (
    <ul className="cards">
      {answers.map((answer) => (
        <li key={answer.answerId} className="card">
          <h3>
            <Link href={`/answers/${answer.answerId}`}>{answer.title || "（无标题）"}</Link>
          </h3>
          <p>{excerpt(answer.body)}</p>
          <p className="meta">
            {answer.category ? <span className="tag">{CATEGORY_LABELS[answer.category]}</span> : null}
            <time dateTime={answer.updatedAt.toISOString()}>{formatTime(answer.updatedAt)}</time>
          </p>
        </li>
      ))}
    </ul>
  );
}
