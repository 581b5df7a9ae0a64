"use client";
import { useEffect, useState } from "react";
import { formatDue } from "../format.ts";

/**
 * A case's time left (剩余 5 小时 / 已超期 3 小时): first as the server computed it at `serverNow`, then counted on
 * in the browser every minute against the server's clock (the skew is measured once, when it mounts).
 */
export function DueCountdown({ dueAt, serverNow }: { dueAt: string | null; serverNow: string }) {
  const [now, setNow] = useState(() => new Date(serverNow));
  useEffect(() => {
    const skew = new Date(serverNow).getTime() - Date.now();
    const tick = () => setNow(new Date(Date.now() + skew));
    const timer = setInterval(tick, 60_000);
    return () => clearInterval(timer);
  }, [serverNow]);
  const due = formatDue(dueAt ? new Date(dueAt) : null, now);
  return (
    <span className={due.overdue ? "due overdue" : "due"} data-testid="due-countdown">
      {due.text}
    </span>
  );
}
