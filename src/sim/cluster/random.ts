// The engine's only source of randomness: a seeded mulberry32 generator, plus the Kubernetes-style
// identifiers built from it (uids, 5-character name suffixes, pod IPs).

/** `k8s.io/apimachinery/pkg/util/rand` alphabet: no vowels, no confusable characters. */
export const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const HEX_CODES = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
const DASH = '-'.charCodeAt(0);

export class SeededRandom {
  private state: number;
  private usedIps = new Set<string>();

  constructor(seed = 1) {
    this.state = seed >>> 0;
  }

  /** mulberry32: a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** `rand.String(n)`: the suffix of generated names (`web-7d9c-x2k4q`). */
  suffix(n = 5): string {
    let s = '';
    for (let i = 0; i < n; i++) s += SUFFIX_ALPHABET[this.int(SUFFIX_ALPHABET.length)];
    return s;
  }

  /**
   * A version-4 style UUID: 8-4-4-4-12 hex digits, the third group starting with 4, the fourth
   * with 8..b. Built from character codes in one string (a uid per created object: no temporaries).
   */
  uid(): string {
    const c = this.uidCodes;
    let j = 0;
    const hex = (count: number) => {
      for (let i = 0; i < count; i++) c[j++] = HEX_CODES[this.int(16)];
    };
    hex(8);
    c[j++] = DASH;
    hex(4);
    c[j++] = DASH;
    c[j++] = HEX_CODES[4];
    hex(3);
    c[j++] = DASH;
    c[j++] = HEX_CODES[8 + this.int(4)];
    hex(3);
    c[j++] = DASH;
    hex(12);
    return String.fromCharCode.apply(null, c);
  }

  private readonly uidCodes: number[] = new Array(36).fill(0);

  /** A pod IP from 10.244.0.0/16 that this generator has not handed out before. */
  podIp(): string {
    for (let attempt = 0; attempt < 100_000; attempt++) {
      const ip = `10.244.${this.int(256)}.${1 + this.int(254)}`;
      if (!this.usedIps.has(ip)) {
        this.usedIps.add(ip);
        return ip;
      }
    }
    return '10.244.255.255';
  }

  /** A ClusterIP from 10.96.0.0/12 for Services. */
  serviceIp(): string {
    for (let attempt = 0; attempt < 100_000; attempt++) {
      const ip = `10.96.${this.int(256)}.${1 + this.int(254)}`;
      if (!this.usedIps.has(ip)) {
        this.usedIps.add(ip);
        return ip;
      }
    }
    return '10.111.255.255';
  }
}
