import type { ChannelAccountView } from "@qnzs/core/channels/health";
import { reauthoriseAction } from "../../../app/actions/monitor-actions.ts";
import { formatDuration, formatTime } from "../format.ts";
import { ACCOUNT_STATUS_LABELS, labelChannel } from "../labels.ts";

/** The crawler's one-word causes (crawlers/src/error-kind.ts), as an officer reads them. */
const ERROR_KIND_LABELS: Record<string, string> = {
  rate_limited: "平台限流",
  auth_expired: "授权已过期",
  transient: "网络或平台暂时故障",
  permanent: "平台拒绝请求",
  bad_payload: "平台返回数据格式异常",
  config: "账号配置有误",
  lease_lost: "被其他进程接管",
  aborted: "抓取被中止",
  internal: "系统内部错误",
  refused: "推送被拒收",
};

function healthClass(account: ChannelAccountView): string {
  if (account.health.status === "needs_reauth" || account.health.errorStreak >= 3) return "bad";
  if (account.health.errorStreak > 0 || account.health.status !== "active") return "warn";
  return "good";
}

interface Props {
  accounts: ChannelAccountView[];
  /** channel kinds whose adapter offers a browser authorisation flow */
  reauthorisableKinds: string[];
}

export function ChannelHealthPanel({ accounts, reauthorisableKinds }: Props) {
  return (
    <section className="panel" aria-labelledby="health-title">
      <h2 id="health-title">渠道健康</h2>
      {accounts.length === 0 ? (
        <p className="empty">尚未接入渠道账号。</p>
      ) : (
        <ul className="health">
          {accounts.map((account) => {
            const { health } = account;
            const failure = health.errorStreak > 0 ? health.lastError : null;
            return (
              <li key={account.id} className={`health-item ${healthClass(account)}`} data-account={account.id}>
                <p>
                  <strong>{account.name}</strong> <span className="meta">{labelChannel(account.kind)}</span>
                </p>
                <p className="meta">
                  状态：{ACCOUNT_STATUS_LABELS[health.status] ?? health.status}
                  {health.running ? "（抓取中）" : ""} · 延迟 {formatDuration(health.lagMs)} · 帖子 {account.posts}
                </p>
                <p className="meta">
                  {health.lastSuccessAt ? `最近成功：${formatTime(health.lastSuccessAt)}` : "尚未成功抓取"}
                </p>
                {failure ? (
                  <p className="meta error-text">
                    连续失败 {health.errorStreak} 次 · 原因：{ERROR_KIND_LABELS[failure.kind] ?? failure.kind}
                    {failure.at ? `（${formatTime(failure.at)}）` : ""}
                  </p>
                ) : null}
                {failure?.message ? <p className="meta error-detail">{failure.message}</p> : null}
                {health.quotaLeft !== null ? <p className="meta">剩余配额：{health.quotaLeft}</p> : null}
                {reauthorisableKinds.includes(account.kind) ? (
                  <form action={reauthoriseAction}>
                    <input type="hidden" name="accountId" value={account.id} />
                    <button
                      type="submit"
                      className={health.status === "needs_reauth" ? "button primary small" : "button secondary small"}
                    >
                      重新授权<span className="visually-hidden">：{account.name}</span>
                    </button>
                  </form>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
