import { describe, expect, it } from 'vitest';
import { parseProgressBundle } from '../../src/exercises';

const bundle = {
  format: 'k8s-course-progress',
  version: 1,
  learner: { name: 'Ada', id: 'ada-1' },
  exportedAt: '2026-11-23T20:00:00.000Z',
  submissions: {
    'headless-service': { yaml: 'kind: Service\n', updatedAt: '2026-11-23T19:00:00.000Z' },
    'classify-services': { answers: { pets: 'irreplaceable', 'which-stateful': ['mysql'] }, updatedAt: '2026-11-23T19:10:00.000Z' },
  },
};

describe('parseProgressBundle', () => {
  it('accepts the export the site produces', () => {
    const parsed = parseProgressBundle(JSON.stringify(bundle));
    expect(parsed.ok && parsed.bundle.learner).toEqual({ name: 'Ada', id: 'ada-1' });
  });

  it('reports broken JSON without throwing', () => {
    expect(parseProgressBundle('{"format": "k8s-course-progress",')).toEqual({
      ok: false,
      problems: ['not valid JSON: it ends too early; was the export cut short or edited by hand?'],
    });
    expect(parseProgressBundle('{"format": "k8s-course-progress",\n "version": 1,,\n}')).toEqual({
      ok: false,
      problems: ['not valid JSON: at line 2, column 15; was the export cut short or edited by hand?'],
    });
    expect(parseProgressBundle('')).toEqual({ ok: false, problems: ['not valid JSON: the file is empty'] });
  });

  it('says when a JSON file is not a progress export at all', () => {
    expect(parseProgressBundle('{"name": "package"}')).toEqual({
      ok: false,
      problems: ['format: expected "k8s-course-progress", found null: not a course progress export'],
    });
  });

  it('names the field that has the wrong shape', () => {
    const bad = { ...bundle, version: 2, submissions: { x: { yaml: 3, updatedAt: 'now' } } };
    expect(parseProgressBundle(JSON.stringify(bad))).toEqual({
      ok: false,
      problems: ['version: expected 1, found 2', 'submissions.x.yaml: expected a string, found a number'],
    });
  });
});
