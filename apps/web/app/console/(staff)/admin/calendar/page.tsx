import type { Metadata } from "next";
import Link from "next/link";
import { getServices } from "../../../../../src/hub/context.ts";
import { AdminTabs } from "../../../../../src/ui/admin/admin-tabs.tsx";
import { ActionForm } from "../../../../../src/ui/forms/action-form.tsx";
import { NoAccess } from "../../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../../src/ui/request-actor.ts";
import { removeCalendarDayAction, setCalendarDayAction } from "../../../../actions/admin-actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "节假日" };

interface Props {
  searchParams: Promise<{ year?: string }>;
}

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

function weekdayOf(day: string): string {
  return WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]!;
}

function currentYear(): number {
  return Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
}

export default async function CalendarPage({ searchParams }: Props) {
  const actor = await requireActor("/console/admin/calendar");
  if (!mayUse(actor, "admin")) return <NoAccess area="系统管理" />;
  const params = await searchParams;
  const asked = Number(params.year);
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : currentYear();
  const days = await getServices().admin.calendar.listYear(year);
  const holidays = days.filter((day) => day.kind === "holiday").length;
  return (
    <section className="stack" aria-labelledby="calendar-title">
      <h1 id="calendar-title">节假日</h1>
      <AdminTabs current="calendar" />
      <p className="meta">工作时间按周一至周五计算；这里列出的节假日不计入办理时限，调休的周末按工作日计算。</p>
      {actor.isAdmin ? (
        <article className="panel stack" aria-labelledby="add-day-title">
          <h2 id="add-day-title">添加节假日或调休工作日</h2>
          <ActionForm action={setCalendarDayAction} submitLabel="保存" pendingLabel="正在保存…" resetOnSuccess>
            <div className="form-grid">
              <label className="field">
                <span>日期</span>
                <input name="day" type="date" required min="2000-01-01" max="2100-12-31" />
              </label>
              <label className="field">
                <span>类型</span>
                <select name="kind" defaultValue="holiday">
                  <option value="holiday">节假日（休息）</option>
                  <option value="workday">调休工作日（上班）</option>
                </select>
              </label>
              <label className="field">
                <span>名称</span>
                <input name="name" required maxLength={50} placeholder="如 国庆节、国庆节调休" />
              </label>
            </div>
            <p className="meta">同一日期再次保存会覆盖原设置。</p>
          </ActionForm>
        </article>
      ) : (
        <p className="notice">节假日对全站生效，由站点管理员设置；这里仅供查看。</p>
      )}
      <nav aria-label="选择年份" className="tabs">
        {[year - 1, year, year + 1].map((option) => (
          <Link
            key={option}
            href={`/console/admin/calendar?year=${option}`}
            className="tab"
            aria-current={option === year ? "page" : undefined}
          >
            {option} 年
          </Link>
        ))}
      </nav>
      <p className="meta" role="status">
        {year} 年：节假日 {holidays} 天，调休工作日 {days.length - holidays} 天
      </p>
      {days.length === 0 ? (
        <p className="empty">{year} 年还没有设置节假日。</p>
      ) : (
        <div className="table-wrap">
          <table className="cases">
            <thead>
              <tr>
                <th scope="col">日期</th>
                <th scope="col">星期</th>
                <th scope="col">类型</th>
                <th scope="col">名称</th>
                {actor.isAdmin ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.day}>
                  <td className="code">{day.day}</td>
                  <td>{weekdayOf(day.day)}</td>
                  <td>
                    {day.kind === "holiday" ? (
                      <span className="tag">休息</span>
                    ) : (
                      <span className="tag muted">上班</span>
                    )}
                  </td>
                  <td>{day.name}</td>
                  {actor.isAdmin ? (
                    <td>
                      <ActionForm
                        action={removeCalendarDayAction}
                        submitLabel="删除"
                        pendingLabel="…"
                        variant="danger"
                        submitTitle={`删除 ${day.day} ${day.name}`}
                      >
                        <input type="hidden" name="day" value={day.day} />
                      </ActionForm>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
