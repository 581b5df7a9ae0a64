"use client";
import { useState } from "react";
import { crossPostAction, type PublishFormState } from "../../../app/actions/publish-actions.ts";
import { FormError } from "../forms/form-error.tsx";
import { useKeptForm } from "../forms/use-kept-form.ts";
import type { ComposerAccount } from "./composer-accounts.ts";
import { PreviewPanel } from "./preview-panel.tsx";
import { WordFindings } from "./word-findings.tsx";

export interface ComposerValues {
  answerId?: number;
  orgId?: number | null;
  title?: string | null;
  body?: string;
  variants?: Record<string, string> | null;
  accountIds?: number[];
  /** "YYYY-MM-DDTHH:mm", Beijing time */
  scheduledAt?: string;
}

interface Props {
  accounts: readonly ComposerAccount[];
  orgs: readonly { id: number; name: string }[];
  initial?: ComposerValues;
}

/**
 * One post for several accounts: the text once, a version per channel where it should differ, when to send it;
 * preview shows every account's rendering and findings before anything is saved.
 */
export function CrossPostForm({ accounts, orgs, initial = {} }: Props) {
  const [state, onSubmit, pending] = useKeptForm(crossPostAction, {} as PublishFormState);
  const [chosen, setChosen] = useState<number[]>(initial.accountIds ?? []);
  const channels = [...new Map(accounts.filter((a) => chosen.includes(a.id)).map((a) => [a.kind, a])).values()];
  const toggle = (id: number, on: boolean) =>
    setChosen((current) => (on ? [...current, id] : current.filter((entry) => entry !== id)));

  return (
    <form onSubmit={onSubmit} className="stack composer">
      {initial.answerId ? <input type="hidden" name="answerId" value={initial.answerId} /> : null}
      {orgs.length > 1 ? (
        <label className="field">
          <span>以哪个组织的名义发布</span>
          <select name="orgId" defaultValue={initial.orgId ?? orgs[0]?.id} required>
            {orgs.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
        </label>
      ) : orgs[0] ? (
        <input type="hidden" name="orgId" value={orgs[0].id} />
      ) : null}
      <label className="field">
        <span>标题（图文消息使用，可选）</span>
        <input name="title" maxLength={64} defaultValue={initial.title ?? ""} />
      </label>
      <label className="field">
        <span>正文</span>
        <textarea name="body" rows={8} required minLength={5} maxLength={10000} defaultValue={initial.body ?? ""} />
      </label>
      <fieldset className="choices">
        <legend>发布到哪些账号</legend>
        {accounts.length === 0 ? <p className="empty">没有可发布的账号。请管理员为本组织添加渠道账号。</p> : null}
        {accounts.map((account) => (
          <label key={account.id} className="check">
            <input
              type="checkbox"
              name="accounts"
              value={account.id}
              checked={chosen.includes(account.id)}
              onChange={(event) => toggle(account.id, event.currentTarget.checked)}
            />
            <span>
              {account.channelLabel} · {account.label}
            </span>
          </label>
        ))}
      </fieldset>
      {channels.map((account) => (
        <label key={account.kind} className="field">
          <span>{account.channelLabel}版本（可选，留空则使用正文）</span>
          <textarea
            name={`variant:${account.kind}`}
            rows={3}
            maxLength={10000}
            defaultValue={initial.variants?.[account.kind] ?? ""}
          />
        </label>
      ))}
      <label className="field">
        <span>定时发布（北京时间，留空则审核通过后立即发布）</span>
        <input type="datetime-local" name="scheduledAt" defaultValue={initial.scheduledAt ?? ""} />
      </label>
      <FormError message={state.error} />
      <div className="row-actions">
        <button type="submit" name="intent" value="preview" className="button" disabled={pending}>
          预览
        </button>
        <button type="submit" name="intent" value="draft" className="button" disabled={pending}>
          保存草稿
        </button>
        <button type="submit" name="intent" value="submit" className="button primary" disabled={pending}>
          {pending ? "正在提交…" : "提交审核"}
        </button>
      </div>
      {state.preview ? (
        <PreviewPanel preview={state.preview} />
      ) : state.hits ? (
        <WordFindings hits={state.hits} kind="blocked" />
      ) : null}
    </form>
  );
}
