"use client";
/**
 * While a media officer watches the stream, new posts announce themselves instead of pushing the list down: every
 * ten seconds (while the tab is visible) it asks how many posts matching the same filters arrived after the newest
 * one shown, and offers to show them. Showing them re-renders the page on the server with the same URL, so the
 * filters, the selection of the form controls and the scroll position stay.
 */
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";

const POLL_MS = 10_000;

interface Props {
  /** the monitor's filters as a URL query (no offset) */
  query: string;
  /** id of the newest post shown (ids grow in arrival order) */
  afterId: number;
}

export function NewPostsNotice({ query, afterId }: Props) {
  const router = useRouter();
  const [count, setCount] = useState(0);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    setCount(0);
    let stopped = false;
    const check = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const separator = query ? "&" : "";
        const response = await fetch(`/console/monitor/updates?${query}${separator}after=${afterId}`, {
          cache: "no-store",
          headers: { accept: "application/json" },
        });
        if (!response.ok) return;
        const body = (await response.json()) as { count?: unknown };
        if (!stopped && typeof body.count === "number") setCount(body.count);
      } catch {
        // offline for a moment: the next round asks again
      }
    };
    const timer = window.setInterval(check, POLL_MS);
    document.addEventListener("visibilitychange", check);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", check);
    };
  }, [query, afterId]);

  return (
    <div aria-live="polite" className="new-posts">
      {count > 0 ? (
        <button
          type="button"
          className="button secondary"
          disabled={pending}
          onClick={() => startTransition(() => router.refresh())}
        >
          {pending ? "正在载入…" : `有 ${count} 条新帖子，点击查看`}
        </button>
      ) : null}
    </div>
  );
}
