"use client";
import type { AnswerRow } from "@qnzs/core/cases/answers";
import type { CaseListItem } from "@qnzs/core/cases/queries";
import type { AvailableHelper } from "@qnzs/core/cases/routing";
import type { HelperType, OrgLevel } from "@qnzs/db/schema";
import { type ReactNode, useActionState } from "react";
import { useFormStatus } from "react-dom";
import {
  archiveCaseAction,
  assignCaseAction,
  type CaseFormState,
  claimCaseAction,
  closeCaseAction,
  decideReassignmentAction,
  mergeCasesAction,
  reopenCaseAction,
  requestReassignmentAction,
  routeCaseAction,
  saveAnswerAction,
  sendBackCaseAction,
  submitAnswerAction,
  transferCaseAction,
} from "../../../app/actions/case-actions.ts";
import type { CasePermissions, OrgOption } from "../../services/case-services.ts";
import { FormError } from "../forms/form-error.tsx";
import { HELPER_TYPE_LABELS, labelChannel, ORG_LEVEL_LABELS } from "../labels.ts";

type CaseAction = (previous: CaseFormState, form: FormData) => Promise<CaseFormState>;

const EMPTY: CaseFormState = {};

export interface CaseActionsProps {
  caseId: number;
  permissions: CasePermissions;
  routeTargets: OrgOption[];
  transferTargets: OrgOption[];
  sender: OrgOption | null;
  pendingReassignment: {
    id: number;
    reason: string;
    fromOrgName: string;
    suggestedOrgId: number | null;
    suggestedOrgName: string | null;
  } | null;
  reassignTargets: OrgOption[];
  helpers: AvailableHelper[];
  mergeCandidates: CaseListItem[];
  myAnswer: AnswerRow | null;
  answerChannels: string[];
  /** who holds the case now, if anyone */
  assigneeName: string | null;
}

function Button({
  label,
  pendingLabel,
  name,
  value,
  tone = "primary",
}: {
  label: string;
  pendingLabel: string;
  name?: string;
  value?: string;
  tone?: "primary" | "secondary" | "danger";
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className={`button ${tone}`}
      disabled={pending}
      aria-disabled={pending}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}

/** One action's form: its own state, the case id, and the outcome under it (errors announced, values kept). */
function ActionForm({
  action,
  caseId,
  children,
}: {
  action: CaseAction;
  caseId: number;
  children: (values: Record<string, string>) => ReactNode;
}) {
  const [state, formAction] = useActionState(action, EMPTY);
  const values = state.values ?? {};
  return (
    <form action={formAction} className="stack">
      <input type="hidden" name="caseId" value={caseId} />
      {children(values)}
      <FormError message={state.error} />
      {state.notice ? (
        <p className="form-notice" role="status">
          {state.notice}
        </p>
      ) : null}
    </form>
  );
}

function ActionCard({
  id,
  title,
  action,
  caseId,
  wide,
  after,
  children,
}: {
  id: string;
  title: string;
  action: CaseAction;
  caseId: number;
  wide?: boolean;
  /** more under the form, inside the card */
  after?: ReactNode;
  children: (values: Record<string, string>) => ReactNode;
}) {
  return (
    <section className={wide ? "panel action-card wide" : "panel action-card"} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ActionForm action={action} caseId={caseId}>
        {children}
      </ActionForm>
      {after}
    </section>
  );
}

function OrgSelect({
  name,
  label,
  options,
  value,
  placeholder,
  required = true,
}: {
  name: string;
  label: string;
  options: OrgOption[];
  value: string | undefined;
  placeholder: string;
  required?: boolean;
}) {
  const levels = (Object.keys(ORG_LEVEL_LABELS) as OrgLevel[]).filter((level) =>
    options.some((option) => option.level === level),
  );
  return (
    <label className="field">
      <span>{label}</span>
      <select name={name} defaultValue={value ?? ""} required={required} key={value ?? ""}>
        <option value="">{placeholder}</option>
        {levels.map((level) => (
          <optgroup key={level} label={ORG_LEVEL_LABELS[level]}>
            {options
              .filter((option) => option.level === level)
              .map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

function ReasonField({
  label,
  value,
  required = true,
}: {
  label: string;
  value: string | undefined;
  required?: boolean;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <textarea
        name="reason"
        rows={2}
        maxLength={500}
        required={required}
        minLength={required ? 2 : undefined}
        defaultValue={value ?? ""}
        key={value ?? ""}
      />
    </label>
  );
}

export function CaseActionsPanel(props: CaseActionsProps) {
  const { caseId, permissions: can } = props;
  const any = Object.values(can).some(Boolean);
  if (!any) {
    return <p className="meta">您可以查看此诉求，但当前没有可执行的办理操作。</p>;
  }
  return (
    <div className="action-grid">
      {can.claim ? (
        <ActionCard id="act-claim" title="认领" action={claimCaseAction} caseId={caseId}>
          {() => (
            <>
              <p className="meta">认领后由您办理并答复此诉求。</p>
              <Button label="认领此诉求" pendingLabel="正在认领…" />
            </>
          )}
        </ActionCard>
      ) : null}
      {can.route ? (
        <ActionCard id="act-route" title="分派到下级组织" action={routeCaseAction} caseId={caseId}>
          {(values) => (
            <>
              <OrgSelect
                name="toOrgId"
                label="下级组织"
                options={props.routeTargets}
                value={values.toOrgId}
                placeholder="请选择下级组织"
              />
              <ReasonField label="分派说明（可选）" value={values.reason} required={false} />
              <Button label="分派" pendingLabel="正在分派…" />
            </>
          )}
        </ActionCard>
      ) : null}
      {can.assign ? (
        <ActionCard
          id="act-assign"
          title={props.assigneeName ? "更换帮扶者" : "指派帮扶者"}
          action={assignCaseAction}
          caseId={caseId}
        >
          {(values) => (
            <>
              {props.assigneeName ? <p className="meta">当前由{props.assigneeName}办理。</p> : null}
              <label className="field">
                <span>帮扶者</span>
                <select name="helperId" defaultValue={values.helperId ?? "auto"} key={values.helperId ?? ""}>
                  <option value="auto">自动选择（负荷最低的对口帮扶者）</option>
                  {props.helpers.map((helper) => (
                    <option key={helper.userId} value={helper.userId}>
                      {helper.displayName}（{HELPER_TYPE_LABELS[helper.helperType as HelperType] ?? helper.helperType}
                      ，在办 {helper.load}/{helper.capacity}）
                    </option>
                  ))}
                </select>
              </label>
              {props.helpers.length === 0 ? <p className="meta">暂无有空余容量的对口帮扶者。</p> : null}
              <Button label="指派" pendingLabel="正在指派…" />
            </>
          )}
        </ActionCard>
      ) : null}
      {can.transfer ? (
        <ActionCard id="act-transfer" title="转办" action={transferCaseAction} caseId={caseId}>
          {(values) => (
            <>
              <OrgSelect
                name="toOrgId"
                label="转办至"
                options={props.transferTargets}
                value={values.toOrgId}
                placeholder="请选择组织"
              />
              <ReasonField label="转办理由" value={values.reason} />
              <Button label="转办" pendingLabel="正在转办…" />
            </>
          )}
        </ActionCard>
      ) : null}
      {can.sendBack && props.sender ? (
        <ActionCard id="act-return" title={`退回${props.sender.name}`} action={sendBackCaseAction} caseId={caseId}>
          {(values) => (
            <>
              <ReasonField label="退回理由" value={values.reason} />
              <Button label="退回" pendingLabel="正在退回…" tone="secondary" />
            </>
          )}
        </ActionCard>
      ) : null}
      {can.requestReassignment ? (
        <ActionCard id="act-reassign" title="申请改派" action={requestReassignmentAction} caseId={caseId}>
          {(values) => (
            <>
              <p className="meta">由上级组织审批后改派。</p>
              <OrgSelect
                name="suggestedOrgId"
                label="建议改派至（可选）"
                options={props.transferTargets}
                value={values.suggestedOrgId}
                placeholder="不指定，由上级决定"
                required={false}
              />
              <ReasonField label="改派理由" value={values.reason} />
              <Button label="提交改派申请" pendingLabel="正在提交…" tone="secondary" />
            </>
          )}
        </ActionCard>
      ) : null}
      {can.decideReassignment && props.pendingReassignment ? (
        <ActionCard id="act-decide" title="审批改派申请" action={decideReassignmentAction} caseId={caseId}>
          {(values) => (
            <>
              <input type="hidden" name="requestId" value={props.pendingReassignment!.id} />
              <p>
                {props.pendingReassignment!.fromOrgName}申请改派：{props.pendingReassignment!.reason}
              </p>
              <OrgSelect
                name="toOrgId"
                label="改派至（批准时必选）"
                options={props.reassignTargets}
                value={values.toOrgId ?? props.pendingReassignment!.suggestedOrgId?.toString()}
                placeholder="请选择组织"
                required={false}
              />
              <label className="field">
                <span>审批意见（驳回时必填）</span>
                <textarea
                  name="note"
                  rows={2}
                  maxLength={500}
                  defaultValue={values.note ?? ""}
                  key={values.note ?? ""}
                />
              </label>
              <div className="button-row">
                <Button label="批准改派" pendingLabel="正在提交…" name="decision" value="approve" />
                <Button label="驳回申请" pendingLabel="正在提交…" name="decision" value="reject" tone="danger" />
              </div>
            </>
          )}
        </ActionCard>
      ) : null}
      {can.answer ? <AnswerCard {...props} /> : null}
      {can.merge ? (
        <ActionCard id="act-merge" title="合并诉求" action={mergeCasesAction} caseId={caseId}>
          {(values) => (
            <>
              <p className="meta">把同一问题的其他诉求并入本诉求，答复将发回每个来源。</p>
              {props.mergeCandidates.length > 0 ? (
                <fieldset className="choices">
                  <legend>本组织及下级的待办诉求</legend>
                  {props.mergeCandidates.map((item) => (
                    <label key={item.id} className="check">
                      <input type="checkbox" name="sourceCaseId" value={item.id} />
                      <span>
                        <span className="code">{item.code}</span> {item.title}
                      </span>
                    </label>
                  ))}
                </fieldset>
              ) : null}
              <label className="field">
                <span>或填写诉求编号（多个用逗号分隔）</span>
                <input name="codes" maxLength={500} defaultValue={values.codes ?? ""} key={values.codes ?? ""} />
              </label>
              <Button label="并入本诉求" pendingLabel="正在合并…" tone="secondary" />
            </>
          )}
        </ActionCard>
      ) : null}
      {can.close ? (
        <ActionCard id="act-close" title="办结" action={closeCaseAction} caseId={caseId}>
          {(values) => (
            <>
              <ReasonField label="办结说明" value={values.reason} />
              <Button label="办结" pendingLabel="正在办结…" />
            </>
          )}
        </ActionCard>
      ) : null}
      {can.reopen ? (
        <ActionCard id="act-reopen" title="重新办理" action={reopenCaseAction} caseId={caseId}>
          {(values) => (
            <>
              <ReasonField label="重新办理的理由" value={values.reason} />
              <Button label="重新办理" pendingLabel="正在提交…" tone="secondary" />
            </>
          )}
        </ActionCard>
      ) : null}
      {can.archive ? (
        <ActionCard id="act-archive" title="归档" action={archiveCaseAction} caseId={caseId}>
          {() => (
            <>
              <p className="meta">归档后诉求只读，仍可检索。</p>
              <Button label="归档" pendingLabel="正在归档…" tone="secondary" />
            </>
          )}
        </ActionCard>
      ) : null}
    </div>
  );
}

/** Drafting (or continuing the reader's own draft) with optional per-channel versions, then submitting it. */
function AnswerCard(props: CaseActionsProps) {
  const draft = props.myAnswer;
  const variants = (draft?.variants ?? {}) as Record<string, string>;
  return (
    <ActionCard
      id="act-answer"
      title={draft ? (draft.status === "rejected" ? "修改被退回的答复" : "修改答复草稿") : "撰写答复"}
      action={saveAnswerAction}
      caseId={props.caseId}
      wide
      after={
        draft && draft.status === "draft" ? (
          <section className="submit-answer stack" aria-labelledby="act-submit">
            <h4 id="act-submit">提交审核</h4>
            <ActionForm action={submitAnswerAction} caseId={props.caseId}>
              {() => (
                <>
                  <input type="hidden" name="answerId" value={draft.id} />
                  <p className="meta">草稿确认无误后提交，由审核人员审核；通过后答复将发布到各来源渠道。</p>
                  <Button label="提交审核" pendingLabel="正在提交…" />
                </>
              )}
            </ActionForm>
          </section>
        ) : null
      }
    >
      {(values) => (
        <>
          {draft ? <input type="hidden" name="answerId" value={draft.id} /> : null}
          {draft?.status === "rejected" && draft.reviewNote ? (
            <p className="meta error-text">退回意见：{draft.reviewNote}</p>
          ) : null}
          <label className="field">
            <span>答复内容</span>
            <textarea
              name="body"
              rows={6}
              maxLength={10_000}
              required
              defaultValue={values.body ?? draft?.body ?? ""}
              key={values.body ?? draft?.updatedAt.toString() ?? ""}
            />
          </label>
          <details>
            <summary>按渠道单独撰写（可选）</summary>
            <div className="stack">
              {props.answerChannels.map((channel) => (
                <label key={channel} className="field">
                  <span>{labelChannel(channel)}版本</span>
                  <textarea
                    name={`variant:${channel}`}
                    rows={3}
                    maxLength={10_000}
                    defaultValue={values[`variant:${channel}`] ?? variants[channel] ?? ""}
                  />
                </label>
              ))}
            </div>
          </details>
          <Button label="保存草稿" pendingLabel="正在保存…" />
        </>
      )}
    </ActionCard>
  );
}
