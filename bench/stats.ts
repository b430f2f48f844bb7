/** Order statistics for benchmark samples (nearest-rank percentiles). */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

/** Spread as the interquartile range: robust to the odd outlier a shared machine produces. */
export function spread(samples: readonly number[]): { p25: number; p75: number } {
  return { p25: percentile(samples, 25), p75: percentile(samples, 75) };
}

export const round = (value: number, digits = 1) => Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
