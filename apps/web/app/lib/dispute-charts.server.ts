import * as echarts from 'echarts';

/**
 * The counts' charts drawn on the server as SVG markup (echarts' SSR renderer), so the page reads
 * before, and without, its scripts. Fonts name what the machines have for Chinese first.
 */
const FONT = '"WenQuanYi Micro Hei", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const PALETTE = ['#2563eb', '#0d9488', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#dc2626', '#475569'];

export const levelColors: Record<string, string> = { green: '#16a34a', yellow: '#f59e0b', red: '#dc2626' };

function render(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT, fontSize: 12, color: '#334155' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface BarSeries {
  name: string;
  data: number[];
  color?: string;
}

/** Bars per category; several series stack (station × month). */
export function barChart(input: { categories: string[]; series: BarSeries[]; stacked?: boolean; width?: number; height?: number }): string {
  const width = input.width ?? 720;
  const height = input.height ?? 300;
  const legend = input.series.length > 1;
  // The legend wraps onto more lines on a narrow drawing (a station's name is about 170 px wide).
  const legendRows = legend ? Math.ceil(input.series.length / Math.max(1, Math.floor((width - 32) / 170))) : 0;
  return render(
    {
      grid: { left: 40, right: 16, top: legend ? 16 + legendRows * 22 : 16, bottom: 56, containLabel: false },
      legend: legend ? { top: 4, type: 'plain', textStyle: { fontFamily: FONT } } : { show: false },
      xAxis: { type: 'category', data: input.categories, axisLabel: { interval: 0, rotate: input.categories.length > 8 ? 40 : 0, fontFamily: FONT } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontFamily: FONT } },
      series: input.series.map((s) => ({
        type: 'bar' as const,
        name: s.name,
        data: s.data,
        ...(input.stacked ? { stack: 'total' } : {}),
        ...(s.color ? { itemStyle: { color: s.color } } : {}),
        ...(input.stacked ? {} : { label: { show: true, position: 'top' as const, fontFamily: FONT } }),
        barMaxWidth: 48,
      })),
    },
    width,
    height,
  );
}

/** Shares of a whole, each slice labelled with its name and count (readable without colour). */
export function pieChart(input: { data: { name: string; value: number; color?: string }[]; width?: number; height?: number }): string {
  return render(
    {
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['50%', '52%'],
          label: { formatter: '{b}\n{c} ({d}%)', fontFamily: FONT },
          data: input.data.map((d) => ({ name: d.name, value: d.value, ...(d.color ? { itemStyle: { color: d.color } } : {}) })),
        },
      ],
    },
    input.width ?? 480,
    input.height ?? 300,
  );
}
