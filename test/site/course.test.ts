import { describe, expect, it } from 'vitest';
import { buildOutline, lessonHref, lessonSlug, neighbours, parseParts, sortLessons, type LessonEntry } from '../../src/content/course';
import { shownResult } from '../../src/scripts/search';

function entry(id: string, part: number, order: number): LessonEntry {
  return { id, data: { title: id, description: 'd', part, order, objectives: ['o'], minutes: 5, states: [], draft: false } };
}

const partsYaml = `
- { number: 2, title: Two, summary: Second part }
- { number: 1, title: One, summary: First part }
`;

describe('course outline', () => {
  it('drops numeric order prefixes from URLs', () => {
    expect(lessonSlug('01-cattle-vs-pets')).toBe('cattle-vs-pets');
    expect(lessonSlug('04-statefulset/02_ordering')).toBe('statefulset/ordering');
    expect(lessonSlug('no-prefix')).toBe('no-prefix');
    expect(lessonHref('01-cattle-vs-pets')).toBe('/lessons/cattle-vs-pets/');
  });

  it('reads parts in number order', () => {
    expect(parseParts(partsYaml).map((p) => p.title)).toEqual(['One', 'Two']);
  });

  it('explains a broken parts file', () => {
    expect(() => parseParts('- number: 1\n  title: One\n')).toThrow(
      "content/parts.yaml: frontmatter field '[0].summary': Required",
    );
    expect(() => parseParts('- { number: 1, title: A, summary: a }\n- { number: 1, title: B, summary: b }\n')).toThrow(
      'content/parts.yaml: part number 1 is listed twice',
    );
    expect(() => parseParts('- [unclosed')).toThrow(/^content\/parts\.yaml: not valid YAML: /);
  });

  it('sorts lessons by part, then order, and groups them under their parts', () => {
    const lessons = [entry('c', 2, 1), entry('b', 1, 2), entry('a', 1, 1)];
    expect(sortLessons(lessons).map((l) => l.id)).toEqual(['a', 'b', 'c']);
    const outline = buildOutline(parseParts(partsYaml), lessons);
    expect(outline.map((p) => [p.number, p.lessons.map((l) => l.id)])).toEqual([
      [1, ['a', 'b']],
      [2, ['c']],
    ]);
  });

  it('leaves out parts that have no lessons yet', () => {
    expect(buildOutline(parseParts(partsYaml), [entry('a', 2, 1)]).map((p) => p.number)).toEqual([2]);
  });

  it('names the lesson whose part does not exist', () => {
    expect(() => buildOutline(parseParts(partsYaml), [entry('09-lost', 9, 1)])).toThrow(
      "content/lessons/09-lost: frontmatter field 'part': part 9 is not listed in content/parts.yaml (known: 1, 2)",
    );
  });

  it('links each lesson to its neighbours across parts', () => {
    const lessons = [entry('c', 2, 1), entry('b', 1, 2), entry('a', 1, 1)];
    expect(neighbours(lessons, 'b')).toEqual({ previous: lessons[2], next: lessons[0] });
    expect(neighbours(lessons, 'a').previous).toBeUndefined();
    expect(neighbours(lessons, 'missing')).toEqual({});
  });
});

describe('search results', () => {
  it('points a hit at its section when Pagefind found one under a heading', () => {
    const hit = {
      url: '/lessons/cattle-vs-pets/',
      excerpt: 'page excerpt',
      meta: { title: 'Cattle vs pets' },
      sub_results: [{ title: 'Eight ways to tell them apart', url: '/lessons/cattle-vs-pets/#eight-ways', excerpt: 'a <mark>StatefulSet</mark>' }],
    };
    expect(shownResult(hit)).toEqual({
      title: 'Cattle vs pets › Eight ways to tell them apart',
      url: '/lessons/cattle-vs-pets/#eight-ways',
      excerpt: 'a <mark>StatefulSet</mark>',
    });
    expect(shownResult({ ...hit, sub_results: [{ ...hit.sub_results[0]!, title: 'Cattle vs pets', url: hit.url }] })).toEqual({
      title: 'Cattle vs pets',
      url: '/lessons/cattle-vs-pets/',
      excerpt: 'page excerpt',
    });
  });
});
