// The pod-template-hash of a Deployment's ReplicaSets: upstream `controller.ComputeHash`.
import { stableJson } from '../../cluster/objects';
import { SUFFIX_ALPHABET } from '../../cluster/random';

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text` (Go's `hash/fnv.New32a`). */
export function fnv32a(bytes: Iterable<number>, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (const byte of bytes) {
    hash ^= byte & 0xff;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/** `rand.SafeEncodeString`: each character mapped into the `rand.String` alphabet by its code. */
export function safeEncodeString(text: string): string {
  let out = '';
  for (const ch of text) out += SUFFIX_ALPHABET[(ch.codePointAt(0) as number) % SUFFIX_ALPHABET.length];
  return out;
}

/**
 * `controller.ComputeHash`: FNV-32a of the template (upstream hashes Go's spew dump, we hash
 * canonical JSON, so the strings differ from a real cluster's but follow the same rules), then
 * the collision count as 8 little-endian bytes, printed in decimal and safe-encoded.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let hash = fnv32a(utf8(stableJson(template ?? {})));
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0;
    hash = fnv32a([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff, 0, 0, 0, 0], hash);
  }
  return safeEncodeString(String(hash));
}
