"use client";
import type { SimilarOpenCase } from "@qnzs/core/cases/similar";
import { useRef, useState } from "react";
import { EMPTY_FORM_STATE } from "../../../app/actions/form-state.ts";
import { askAction } from "../../../app/actions/portal-actions.ts";
import { CATEGORY_CODES, CATEGORY_LABELS } from "../labels.ts";
import { FormError } from "./form-error.tsx";
import { SimilarQuestionsList, useSimilarQuestions } from "./similar-questions.tsx";
import { useKeptForm } from "./use-kept-form.ts";

export function AskForm() {
  // kept: a refusal (no consent, a case no longer open to join) must not wipe a long question
  const [state, onSubmit, pending] = useKeptForm(askAction, EMPTY_FORM_STATE);
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const similar = useSimilarQuestions(`${title} ${description}`);
  const [joining, setJoining] = useState<SimilarOpenCase | null>(null);
  const joinNotice = useRef<HTMLFieldSetElement>(null);

  const join = (item: SimilarOpenCase) => {
    setJoining(item);
    // the choice is confirmed further down, next to consent and contact: take the reader there
    requestAnimationFrame(() => joinNotice.current?.focus());
  };

  return (
    <form onSubmit={onSubmit} className="stack">
      <label className="field">
        <span>标题（可选）</span>
        <input
          name="title"
          maxLength={100}
          placeholder="一句话概括您的问题"
          onChange={(event) => setTitle(event.target.value)}
        />
      </label>
      <label className="field">
        <span>您的问题</span>
        <textarea
          name="description"
          required
          minLength={5}
          maxLength={5000}
          rows={6}
          onChange={(event) => setDescription(event.target.value)}
        />
      </label>
      <SimilarQuestionsList similar={similar} joiningId={joining?.caseId ?? null} onJoin={join} />
      <label className="field">
        <span>问题类别（可选）</span>
        <select name="category" defaultValue="">
          <option value="">不确定，由我们判断</option>
          {CATEGORY_CODES.map((code) => (
            <option key={code} value={code}>
              {CATEGORY_LABELS[code]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>所在地区（可选，如：四川省成都市）</span>
        <input name="region" maxLength={50} autoComplete="address-level1" />
      </label>
      <fieldset className="stack">
        <legend>联系方式（可选，仅办理人员可见）</legend>
        <label className="field">
          <span>手机号</span>
          <input name="phone" type="tel" inputMode="tel" maxLength={30} autoComplete="tel" />
        </label>
        <label className="field">
          <span>电子邮箱</span>
          <input name="email" type="email" maxLength={100} autoComplete="email" />
        </label>
      </fieldset>
      {joining ? (
        <fieldset className="notice join-choice" ref={joinNotice} tabIndex={-1}>
          <legend>您将同问</legend>
          <input type="hidden" name="joinCaseId" value={joining.caseId} />
          <p className="join-title">{joining.title}</p>
          <p>提交后您会得到自己的诉求编号，凭它查看这个问题的办理进度和答复。</p>
          <button type="button" className="button link" onClick={() => setJoining(null)}>
            不同问，单独提问
          </button>
        </fieldset>
      ) : null}
      <label className="check">
        <input type="checkbox" name="consent" value="yes" required />
        <span>我同意青年之声为办理本诉求使用我提交的信息；公开答复时，个人信息将被隐去。</span>
      </label>
      <FormError message={state.error} />
      <button type="submit" className="button primary" disabled={pending} aria-disabled={pending}>
        {pending ? "正在提交…" : joining ? "同问并获取编号" : "提交问题"}
      </button>
    </form>
  );
}
