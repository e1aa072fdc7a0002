// Export and import of the progress bundle (the format of src/exercises/bundle.ts) from and into
// the autosaved work in localStorage.
import { BUNDLE_FORMAT, BUNDLE_VERSION, parseProgressBundle, type ProgressBundle } from '../../exercises/bundle';
import { loadWork, savedIds, storeWork, type StorageLike } from './storage';

export function buildBundle(storage: StorageLike | null, now = new Date()): ProgressBundle {
  const submissions: ProgressBundle['submissions'] = {};
  for (const id of savedIds(storage)) {
    const work = loadWork(storage, id);
    if (!work) continue;
    submissions[id] = {
      ...(work.yaml !== undefined ? { yaml: work.yaml } : {}),
      ...(work.answers !== undefined ? { answers: work.answers } : {}),
      updatedAt: work.updatedAt,
    };
  }
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, exportedAt: now.toISOString(), submissions };
}

export type ImportOutcome = { ok: true; imported: string[]; keptNewer: string[]; message: string } | { ok: false; message: string };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Merges a bundle into this browser: an exercise's imported work replaces the local copy unless the
 * local copy is newer. Never throws; a bad file gives a message naming what is wrong.
 */
export function importBundle(storage: StorageLike | null, text: string): ImportOutcome {
  const parsed = parseProgressBundle(text);
  if (!parsed.ok) {
    const shown = parsed.problems.slice(0, 3).join('; ');
    const more = parsed.problems.length > 3 ? ` (and ${parsed.problems.length - 3} more)` : '';
    const text = `${shown}${more}`;
    const end = /[.?!]$/.test(text) ? '' : '.';
    return { ok: false, message: `This file cannot be imported: ${text}${end} Choose a file made with "Export progress".` };
  }
  if (!storage) return { ok: false, message: 'This browser does not allow saving (storage is disabled), so nothing could be imported.' };
  const imported: string[] = [];
  const keptNewer: string[] = [];
  for (const [id, sub] of Object.entries(parsed.bundle.submissions)) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) continue;
    const local = loadWork(storage, id);
    if (local && Date.parse(local.updatedAt) > Date.parse(sub.updatedAt)) {
      keptNewer.push(id);
      continue;
    }
    const ok = storeWork(storage, id, {
      v: 1,
      ...(sub.yaml !== undefined ? { yaml: sub.yaml } : {}),
      ...(sub.answers !== undefined ? { answers: sub.answers } : {}),
      updatedAt: sub.updatedAt,
    });
    if (ok) imported.push(id);
  }
  let message = `Imported ${plural(imported.length, 'exercise')}.`;
  if (keptNewer.length) message += ` Kept your newer work in this browser for ${plural(keptNewer.length, 'exercise')}: ${keptNewer.join(', ')}.`;
  return { ok: true, imported, keptNewer, message };
}
