// Reads a learner's file defensively: a class folder is untrusted input. Every refusal becomes a
// problem sentence for the report; nothing here throws.
import { closeSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { relative, isAbsolute } from 'node:path';

export const MAX_FILE_BYTES = 1024 * 1024;

export type SafeRead = { ok: true; text: string } | { ok: false; problem: string };

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ENOENT') return 'it does not exist';
  return e?.code ?? (e?.message || String(err));
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Follows a symbolic link only when it stays inside `root` (a real path). */
export function statInside(path: string, root: string): { ok: true; stats: Stats; real: string } | { ok: false; problem: string } {
  try {
    const link = lstatSync(path);
    if (!link.isSymbolicLink()) return { ok: true, stats: link, real: path };
    let real: string;
    try {
      real = realpathSync(path);
    } catch (err) {
      return { ok: false, problem: `refused: it is a symbolic link whose target cannot be read (${errorText(err)})` };
    }
    if (!isInside(root, real)) return { ok: false, problem: 'refused: it is a symbolic link to something outside the class folder' };
    return { ok: true, stats: statSync(real), real };
  } catch (err) {
    return { ok: false, problem: `could not be read (${errorText(err)})` };
  }
}

/** The text of a learner file: refused when it is a link leaving `root`, too big, binary or not UTF-8. */
export function readLearnerFile(path: string, root: string, maxBytes = MAX_FILE_BYTES): SafeRead {
  const found = statInside(path, root);
  if (!found.ok) return found;
  if (!found.stats.isFile()) return { ok: false, problem: 'skipped: not a regular file' };
  if (found.stats.size > maxBytes) {
    return { ok: false, problem: `not read: it is ${formatBytes(found.stats.size)}, over the ${formatBytes(maxBytes)} limit` };
  }
  let bytes: Buffer;
  try {
    const fd = openSync(found.real, 'r');
    try {
      // Read at most maxBytes + 1 even if the file grew after the size check.
      const buffer = Buffer.alloc(Math.min(found.stats.size, maxBytes) + 1);
      const n = readSync(fd, buffer, 0, buffer.length, 0);
      if (n > maxBytes) return { ok: false, problem: `not read: it is over the ${formatBytes(maxBytes)} limit` };
      bytes = buffer.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return { ok: false, problem: `could not be read (${errorText(err)})` };
  }
  if (bytes.includes(0)) return { ok: false, problem: 'not read: it is a binary file (it contains NUL bytes), not text' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    return { ok: false, problem: 'not read: it is not UTF-8 text' };
  }
}
