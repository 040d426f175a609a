/** Percentiles of a sample (nearest-rank), in the sample's unit. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Summary {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  count: number;
  errors: number;
}

export function summarize(samples: number[], seconds: number, errors = 0): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    rps: samples.length / seconds,
    count: samples.length,
    errors,
  };
}
