"use client";
/**
 * The dashboard's charts, drawn by ECharts in the browser only (loaded on mount, so the server never bundles
 * it). Each chart is an image with a spoken summary, and its figures are in a table right below it.
 */
import type { CategoryCount, TrendPoint } from "@qnzs/core/cases/metrics-detail";
import type { EChartsCoreOption } from "echarts/core";
import { useEffect, useMemo, useRef } from "react";
import { CATEGORY_LABELS } from "../labels.ts";

const RECEIVED = "#b71c1c";
const ANSWERED = "#1f5f99";

async function loadECharts() {
  const [core, charts, components, renderers] = await Promise.all([
    import("echarts/core"),
    import("echarts/charts"),
    import("echarts/components"),
    import("echarts/renderers"),
  ]);
  core.use([
    charts.LineChart,
    charts.BarChart,
    components.GridComponent,
    components.TooltipComponent,
    components.LegendComponent,
    renderers.SVGRenderer,
  ]);
  return core;
}

function EChart({ option, label }: { option: EChartsCoreOption; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { resize(): void; dispose(): void } | null = null;
    const resize = () => chart?.resize();
    void loadECharts().then((echarts) => {
      if (disposed || !box.current) return;
      const instance = echarts.init(box.current, null, { renderer: "svg" });
      const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      instance.setOption({ ...option, animation: !still });
      chart = instance;
      window.addEventListener("resize", resize);
    });
    return () => {
      disposed = true;
      window.removeEventListener("resize", resize);
      chart?.dispose();
    };
  }, [option]);
  return <div ref={box} className="chart" role="img" aria-label={label} />;
}

const SERIES_NAMES = { received: "受理", answered: "答复" };

function baseOption(categories: string[], received: number[], answered: number[], kind: "line" | "bar") {
  return {
    color: [RECEIVED, ANSWERED],
    textStyle: { fontFamily: "inherit" },
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: [SERIES_NAMES.received, SERIES_NAMES.answered] },
    grid: { left: 40, right: 16, top: 36, bottom: 28, containLabel: true },
    xAxis: { type: "category", data: categories },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: SERIES_NAMES.received, type: kind, data: received, ...(kind === "line" ? { smooth: false } : {}) },
      { name: SERIES_NAMES.answered, type: kind, data: answered },
    ],
  } satisfies EChartsCoreOption;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

export function TrendChart({ trend, bucketDays }: { trend: TrendPoint[]; bucketDays: number }) {
  const unit = bucketDays === 1 ? "日" : "周";
  const option = useMemo(
    () =>
      baseOption(
        trend.map((point) => (bucketDays === 1 ? point.start.slice(5) : `${point.start.slice(5)} 起`)),
        trend.map((point) => point.received),
        trend.map((point) => point.answered),
        "line",
      ),
    [trend, bucketDays],
  );
  const received = trend.map((point) => point.received);
  const peak = trend[received.indexOf(Math.max(...received))];
  const summary =
    `按${unit}趋势图：共 ${trend.length} 个${unit}，受理 ${sum(received)} 件，答复 ${sum(trend.map((p) => p.answered))} 件` +
    (peak && peak.received > 0 ? `，受理最多的是 ${peak.start}（${peak.received} 件）` : "");
  return (
    <figure className="chart-figure">
      <figcaption>
        <h2>受理与答复趋势（按{unit}）</h2>
      </figcaption>
      <EChart option={option} label={summary} />
      <details>
        <summary>查看趋势数据表</summary>
        <div className="table-wrap">
          <table className="cases">
            <caption className="visually-hidden">受理与答复趋势</caption>
            <thead>
              <tr>
                <th scope="col">{bucketDays === 1 ? "日期" : "自该日起一周"}</th>
                <th scope="col">受理</th>
                <th scope="col">答复</th>
              </tr>
            </thead>
            <tbody>
              {trend.map((point) => (
                <tr key={point.start}>
                  <th scope="row">{point.start}</th>
                  <td>{point.received}</td>
                  <td>{point.answered}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

export function CategoryChart({ categories }: { categories: CategoryCount[] }) {
  const option = useMemo(
    () =>
      baseOption(
        categories.map((row) => CATEGORY_LABELS[row.category]),
        categories.map((row) => row.received),
        categories.map((row) => row.answered),
        "bar",
      ),
    [categories],
  );
  const summary = `诉求类别柱状图：${categories
    .map((row) => `${CATEGORY_LABELS[row.category]}受理 ${row.received} 件、答复 ${row.answered} 件`)
    .join("；")}`;
  return (
    <figure className="chart-figure">
      <figcaption>
        <h2>诉求类别分布</h2>
      </figcaption>
      <EChart option={option} label={summary} />
      <details>
        <summary>查看类别数据表</summary>
        <div className="table-wrap">
          <table className="cases">
            <caption className="visually-hidden">诉求类别分布</caption>
            <thead>
              <tr>
                <th scope="col">类别</th>
                <th scope="col">受理</th>
                <th scope="col">答复</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((row) => (
                <tr key={row.category}>
                  <th scope="row">{CATEGORY_LABELS[row.category]}</th>
                  <td>{row.received}</td>
                  <td>{row.answered}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
