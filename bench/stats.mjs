// Summaries of timed samples, and the formatting every figure shares.

/** The q-quantile (0..1) by nearest rank: p99 of 300 samples is the 297th smallest. */
export function quantile(samples, q) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export const median = (samples) => quantile(samples, 0.5);

export const ms = (value) => (value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0));
export const seconds = (msValue) => `${(msValue / 1000).toFixed(1)} s`;
export const mb = (value) => `${value.toFixed(0)} MB`;
export const ratio = (value) => `${value.toFixed(2)}×`;
export const count = (n) => n.toLocaleString("en-US");
/** 10000 -> "10k", 1000000 -> "1M". */
export const size = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
