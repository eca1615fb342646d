// Latency summary with the same nearest-rank percentiles as `mobilenmt bench`.
export function summarize(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.max(Math.ceil((p / 100) * sorted.length), 1) - 1];
  const total = sorted.reduce((sum, x) => sum + x, 0);
  return { mean: total / sorted.length, p50: rank(50), p90: rank(90), p99: rank(99), sentences: sorted.length, totalMs: total };
}
