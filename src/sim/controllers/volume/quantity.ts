// Storage sizes such as `1Gi`, `500M` or `1.5Gi` in bytes (k8s.io/apimachinery resource.Quantity, the useful part).

const SUFFIX: Record<string, number> = {
  '': 1,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
  m: 1e-3,
};

/** Bytes, or undefined when the text is not a quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)(?:[eE](\d+))?([kMGTPE]i?|Ki|m)?\s*$/.exec(value);
  if (!match) return undefined;
  const base = Number(match[1]) * (match[2] ? 10 ** Number(match[2]) : 1);
  const factor = SUFFIX[match[3] ?? ''];
  return factor === undefined ? undefined : base * factor;
}
