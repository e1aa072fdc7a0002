// What the browser remembers per learner, in localStorage: each exercise's latest work (autosave)
// and which exercises were solved. Keys are versioned; a value that is not ours (corrupt JSON, an
// old version, someone else's data) is ignored, never trusted and never a crash.
import type { Answers } from '../../exercises';

export const SAVE_PREFIX = 'k8s-course:exercise:v1:';
export const SOLVED_KEY = 'k8s-course:solved:v1';

export interface SavedWork {
  v: 1;
  yaml?: string;
  answers?: Answers;
  /** ISO 8601 time of the last edit. */
  updatedAt: string;
}

export interface SolvedEntry {
  score: number;
  maxScore: number;
  /** ISO 8601. */
  solvedAt: string;
}

/** The part of `Storage` used here; every call may throw (disabled storage, quota). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { readonly length: number; key(index: number): string | null };

export function browserStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function readJson(storage: StorageLike | null, key: string): unknown {
  if (!storage) return undefined;
  try {
    const text = storage.getItem(key);
    return text === null ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function writeJson(storage: StorageLike | null, key: string, value: unknown): boolean {
  if (!storage) return false;
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MAX_SAVED_CHARS = 200_000;

function isAnswers(value: unknown): value is Answers {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')));
}

/** Validates a stored value; anything unexpected gives undefined. */
export function asSavedWork(value: unknown): SavedWork | undefined {
  if (!isRecord(value) || value.v !== 1 || typeof value.updatedAt !== 'string' || Number.isNaN(Date.parse(value.updatedAt))) return undefined;
  const work: SavedWork = { v: 1, updatedAt: value.updatedAt };
  if (value.yaml !== undefined) {
    if (typeof value.yaml !== 'string' || value.yaml.length > MAX_SAVED_CHARS) return undefined;
    work.yaml = value.yaml;
  }
  if (value.answers !== undefined) {
    if (!isAnswers(value.answers)) return undefined;
    work.answers = value.answers;
  }
  return work.yaml === undefined && work.answers === undefined ? undefined : work;
}

export function loadWork(storage: StorageLike | null, exerciseId: string): SavedWork | undefined {
  return asSavedWork(readJson(storage, SAVE_PREFIX + exerciseId));
}

export function saveWork(storage: StorageLike | null, exerciseId: string, work: Omit<SavedWork, 'v' | 'updatedAt'>, now = new Date()): boolean {
  return writeJson(storage, SAVE_PREFIX + exerciseId, { v: 1, ...work, updatedAt: now.toISOString() });
}

export function storeWork(storage: StorageLike | null, exerciseId: string, work: SavedWork): boolean {
  return writeJson(storage, SAVE_PREFIX + exerciseId, work);
}

export function clearWork(storage: StorageLike | null, exerciseId: string): void {
  try {
    storage?.removeItem(SAVE_PREFIX + exerciseId);
  } catch {
    // nothing to do
  }
}

/** Every exercise id with saved work. */
export function savedIds(storage: StorageLike | null): string[] {
  const ids: string[] = [];
  if (!storage) return ids;
  try {
    for (let i = 0; i < storage.length && i < 10_000; i++) {
      const key = storage.key(i);
      if (key?.startsWith(SAVE_PREFIX)) ids.push(key.slice(SAVE_PREFIX.length));
    }
  } catch {
    return ids;
  }
  return ids.sort();
}

export function loadSolved(storage: StorageLike | null): Record<string, SolvedEntry> {
  const value = readJson(storage, SOLVED_KEY);
  const out: Record<string, SolvedEntry> = {};
  if (!isRecord(value)) return out;
  for (const [id, entry] of Object.entries(value)) {
    if (isRecord(entry) && typeof entry.score === 'number' && typeof entry.maxScore === 'number' && typeof entry.solvedAt === 'string') {
      out[id] = { score: entry.score, maxScore: entry.maxScore, solvedAt: entry.solvedAt };
    }
  }
  return out;
}

export function markSolved(storage: StorageLike | null, exerciseId: string, entry: SolvedEntry | null): void {
  const solved = loadSolved(storage);
  if (entry) solved[exerciseId] = entry;
  else delete solved[exerciseId];
  writeJson(storage, SOLVED_KEY, solved);
}
