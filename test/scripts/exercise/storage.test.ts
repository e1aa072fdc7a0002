import { describe, expect, it } from 'vitest';
import { buildBundle, importBundle } from '../../../src/scripts/exercise/bundle-io';
import { clearWork, loadSolved, loadWork, markSolved, SAVE_PREFIX, saveWork, savedIds, SOLVED_KEY, type StorageLike } from '../../../src/scripts/exercise/storage';
import { parseProgressBundle } from '../../../src/exercises';

class MemoryStorage implements StorageLike {
  map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, String(v));
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

const throwing: StorageLike = {
  length: 0,
  key: () => null,
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceeded');
  },
  removeItem: () => {
    throw new Error('nope');
  },
};

describe('autosave', () => {
  it('saves and restores YAML under a versioned key per exercise', () => {
    const s = new MemoryStorage();
    saveWork(s, 'headless-service', { yaml: 'kind: Service\n' }, new Date('2026-01-02T03:04:05Z'));
    expect(JSON.parse(s.getItem(`${SAVE_PREFIX}headless-service`)!)).toEqual({ v: 1, yaml: 'kind: Service\n', updatedAt: '2026-01-02T03:04:05.000Z' });
    expect(loadWork(s, 'headless-service')).toEqual({ v: 1, yaml: 'kind: Service\n', updatedAt: '2026-01-02T03:04:05.000Z' });
    expect(savedIds(s)).toEqual(['headless-service']);
    clearWork(s, 'headless-service');
    expect(loadWork(s, 'headless-service')).toBeUndefined();
  });

  it('ignores corrupt, foreign and other-version values', () => {
    const s = new MemoryStorage();
    const key = `${SAVE_PREFIX}x`;
    for (const bad of ['{not json', '"a string"', 'null', '[1,2]', '{"v":2,"yaml":"a","updatedAt":"2026-01-01T00:00:00Z"}', '{"v":1,"yaml":42,"updatedAt":"2026-01-01T00:00:00Z"}', '{"v":1,"yaml":"a","updatedAt":"yesterday"}', '{"v":1,"updatedAt":"2026-01-01T00:00:00Z"}', '{"v":1,"answers":{"q":5},"updatedAt":"2026-01-01T00:00:00Z"}']) {
      s.setItem(key, bad);
      expect(loadWork(s, 'x'), bad).toBeUndefined();
    }
    s.setItem(SOLVED_KEY, '{"a":{"score":"high"},"b":{"score":2,"maxScore":2,"solvedAt":"t"}}');
    expect(loadSolved(s)).toEqual({ b: { score: 2, maxScore: 2, solvedAt: 't' } });
  });

  it('never throws when storage is disabled or full', () => {
    expect(loadWork(throwing, 'x')).toBeUndefined();
    expect(saveWork(throwing, 'x', { yaml: 'a' })).toBe(false);
    expect(() => clearWork(throwing, 'x')).not.toThrow();
    expect(() => markSolved(throwing, 'x', { score: 1, maxScore: 1, solvedAt: 't' })).not.toThrow();
    expect(loadWork(null, 'x')).toBeUndefined();
  });

  it('records solved exercises', () => {
    const s = new MemoryStorage();
    markSolved(s, 'a', { score: 3, maxScore: 3, solvedAt: '2026-01-01T00:00:00.000Z' });
    markSolved(s, 'b', { score: 1, maxScore: 1, solvedAt: '2026-01-01T00:00:00.000Z' });
    markSolved(s, 'a', null);
    expect(Object.keys(loadSolved(s))).toEqual(['b']);
  });
});

describe('progress bundle', () => {
  it('exports every saved exercise in the bundle format the grading command reads', () => {
    const s = new MemoryStorage();
    saveWork(s, 'headless-service', { yaml: 'a: 1\n' }, new Date('2026-01-01T00:00:00Z'));
    saveWork(s, 'classify-services', { answers: { q1: 'b', q2: ['x', 'y'] } }, new Date('2026-01-02T00:00:00Z'));
    s.setItem(`${SAVE_PREFIX}broken`, '{oops');
    s.setItem('theme', 'dark');
    const bundle = buildBundle(s, new Date('2026-02-01T00:00:00Z'));
    expect(bundle).toEqual({
      format: 'k8s-course-progress',
      version: 1,
      exportedAt: '2026-02-01T00:00:00.000Z',
      submissions: {
        'classify-services': { answers: { q1: 'b', q2: ['x', 'y'] }, updatedAt: '2026-01-02T00:00:00.000Z' },
        'headless-service': { yaml: 'a: 1\n', updatedAt: '2026-01-01T00:00:00.000Z' },
      },
    });
    expect(parseProgressBundle(JSON.stringify(bundle)).ok).toBe(true);
  });

  it('imports a bundle, keeping local work that is newer', () => {
    const from = new MemoryStorage();
    saveWork(from, 'a', { yaml: 'old-a' }, new Date('2026-01-01T00:00:00Z'));
    saveWork(from, 'b', { yaml: 'imported-b' }, new Date('2026-01-05T00:00:00Z'));
    const text = JSON.stringify(buildBundle(from));
    const to = new MemoryStorage();
    saveWork(to, 'a', { yaml: 'newer-a' }, new Date('2026-01-03T00:00:00Z'));
    saveWork(to, 'b', { yaml: 'older-b' }, new Date('2026-01-02T00:00:00Z'));
    const outcome = importBundle(to, text);
    expect(outcome).toEqual({ ok: true, imported: ['b'], keptNewer: ['a'], message: 'Imported 1 exercise. Kept your newer work in this browser for 1 exercise: a.' });
    expect(loadWork(to, 'a')?.yaml).toBe('newer-a');
    expect(loadWork(to, 'b')?.yaml).toBe('imported-b');
  });

  it('explains why a bad file cannot be imported', () => {
    const s = new MemoryStorage();
    expect(importBundle(s, 'hello')).toMatchObject({ ok: false });
    const notJson = (importBundle(s, '{"format": "k8s-course-progress"') as { message: string }).message;
    expect(notJson).toMatch(/^This file cannot be imported: not valid JSON\b.*[.?!] Choose a file made with "Export progress"\.$/);
    expect(notJson).not.toMatch(/[.?!]\./);
    expect(importBundle(s, '{"format":"something-else"}')).toEqual({
      ok: false,
      message: 'This file cannot be imported: format: expected "k8s-course-progress", found "something-else": not a course progress export. Choose a file made with "Export progress".',
    });
    const bad = importBundle(s, JSON.stringify({ format: 'k8s-course-progress', version: 1, exportedAt: 'x', submissions: { a: { yaml: 3 } } }));
    expect(bad.ok).toBe(false);
    expect(s.length).toBe(0);
  });
});
