// Input limits: what a learner's manifest may cost the parser before anything is validated.
export interface InputLimits {
  /** UTF-8 size of the whole input. */
  maxBytes: number;
  /** Nesting depth of mappings and sequences (aliases not counted by the parser itself). */
  maxDepth: number;
  /** Nodes a document may expand to once aliases are followed (the "billion laughs" guard). */
  maxExpandedNodes: number;
  /** YAML documents (`---`) in one input. */
  maxDocuments: number;
}

export const DEFAULT_LIMITS: InputLimits = {
  maxBytes: 256 * 1024,
  maxDepth: 64,
  maxExpandedNodes: 100_000,
  maxDocuments: 50,
};

export function resolveLimits(limits?: Partial<InputLimits>): InputLimits {
  const out: InputLimits = { ...DEFAULT_LIMITS };
  if (limits) {
    for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof InputLimits>) {
      const value = limits[key];
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[key] = Math.floor(value);
    }
  }
  return out;
}

/** UTF-8 length without allocating an encoded copy (a lower bound past 16 Mi UTF-16 units). */
export function utf8Length(text: string): number {
  if (text.length > 16 * 1024 * 1024) return text.length; // every UTF-16 unit is at least one byte
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}
