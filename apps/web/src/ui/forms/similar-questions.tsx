"use client";
import type { SimilarOpenCase, SimilarQuestions } from "@qnzs/core/cases/similar";
import Link from "next/link";
import { useEffect, useState } from "react";
import { STATUS_LABELS } from "../labels.ts";

/** Matches core's SIMILAR_MIN_LENGTH: fewer characters say too little to compare. */
const MIN_LENGTH = 8;
const DEBOUNCE_MS = 400;
const NONE: SimilarQuestions = { answers: [], openCases: [] };

/** Public answers and open cases like `text`, looked up once typing pauses; empty while it is short. */
export function useSimilarQuestions(text: string): SimilarQuestions {
  const [found, setFound] = useState<SimilarQuestions>(NONE);
  const wanted = text.trim().length >= MIN_LENGTH ? text.trim() : "";
  useEffect(() => {
    if (!wanted) {
      setFound(NONE);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api-portal/similar?q=${encodeURIComponent(wanted)}`, {
          signal: controller.signal,
        });
        // a busy or failing lookup leaves the last suggestions: asking still works without them
        if (response.ok) setFound((await response.json()) as SimilarQuestions);
      } catch {
        // aborted by the next keystroke, or offline
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [wanted]);
  return found;
}

interface Props {
  similar: SimilarQuestions;
  joiningId: number | null;
  onJoin: (item: SimilarOpenCase) => void;
}

/** The suggestions under the question: read an answer, or join an open case (同问) instead of asking again. */
export function SimilarQuestionsList({ similar, joiningId, onJoin }: Props) {
  const count = similar.answers.length + similar.openCases.length;
  return (
    <>
      <p className="visually-hidden" role="status">
        {count > 0 ? `找到 ${count} 个相似的问题，在问题输入框下方` : ""}
      </p>
      {count > 0 ? <SimilarSection similar={similar} joiningId={joiningId} onJoin={onJoin} /> : null}
    </>
  );
}

function SimilarSection({ similar, joiningId, onJoin }: Props) {
  return (
    <section className="similar panel" aria-labelledby="similar-heading">
      <h2 id="similar-heading">有人问过相似的问题</h2>
      {similar.answers.length > 0 ? (
        <>
          <h3>已有答复，看看能否解决您的问题</h3>
          <ul className="links">
            {similar.answers.map((item) => (
              <li key={item.answerId}>
                {/* a new tab keeps the question being typed */}
                <Link href={`/answers/${item.answerId}`} target="_blank" rel="noopener">
                  {item.title}
                  <span className="visually-hidden">（在新窗口打开）</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {similar.openCases.length > 0 ? (
        <>
          <h3>正在办理的相同问题，可以一起等答复</h3>
          <ul className="cards">
            {similar.openCases.map((item) => (
              <li key={item.caseId} className="card similar-case">
                <p id={`similar-case-${item.caseId}`}>{item.title}</p>
                <p className="meta">
                  <span className="status">{STATUS_LABELS[item.status]}</span>
                  {item.askers > 1 ? <span>{item.askers} 人同问</span> : null}
                </p>
                {joiningId === item.caseId ? (
                  <p className="meta">已选择同问这个问题</p>
                ) : (
                  <button
                    type="button"
                    className="button secondary small"
                    aria-describedby={`similar-case-${item.caseId}`}
                    onClick={() => onJoin(item)}
                  >
                    我也有同样的问题（同问）
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
