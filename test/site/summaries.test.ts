// The printable part summaries (/summaries/<part>/) are built from the lessons' "## Summary"
// sections, the glossary and content/summaries/parts.yaml: every part must get a page with at
// least three points, every lesson must contribute, and every key term must be a glossary term.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseParts } from '../../src/content/course';
import { lessonSchema, parseFrontmatter } from '../../src/content/lesson-schema';
import { loadExerciseFolders } from '../../src/cli/exercises-dir';
import {
  buildPartSummaries,
  extractSummaryPoints,
  firstSentence,
  parseGlossary,
  parseSummaryTerms,
  renderPoint,
  shownExerciseIds,
  type SummaryLessonInput,
} from '../../src/pages/summaries/_summaries';
import { readFrontmatter } from './frontmatter';

const root = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

const parts = parseParts(read('content/parts.yaml'));
const lessons: SummaryLessonInput[] = readdirSync(join(root, 'content/lessons'))
  .filter((f) => /\.mdx?$/.test(f))
  .map((f) => {
    const file = `content/lessons/${f}`;
    const body = read(file);
    return { id: f.replace(/\.mdx?$/, ''), data: parseFrontmatter(lessonSchema, readFrontmatter(body, file), file), body };
  });
const exercises = loadExerciseFolders(join(root, 'exercises')).map(({ exercise: e }) => ({
  id: e.id,
  title: e.title,
  lesson: e.lesson,
  points: e.points,
  kind: e.kind,
}));
const glossary = parseGlossary(read('content/reference/glossary.md'));
const terms = parseSummaryTerms(read('content/summaries/parts.yaml'));

function build(overrides: Partial<Parameters<typeof buildPartSummaries>[0]> = {}) {
  return buildPartSummaries({ parts, lessons, exercises, glossary, terms, ...overrides });
}

describe('extractSummaryPoints', () => {
  it('reads the bullets under "## Summary", joining wrapped lines, and stops at the next heading', () => {
    const mdx = [
      '---',
      'title: x',
      '---',
      '## Intro',
      '- not this one',
      '## Summary',
      '',
      '- **First** point that',
      '  wraps onto a second line.',
      '- Second point with `code`.',
      '',
      '## Further reading',
      '- not this either',
    ].join('\n');
    expect(extractSummaryPoints(mdx)).toEqual(['**First** point that wraps onto a second line.', 'Second point with `code`.']);
  });

  it('shownExerciseIds leaves out exercises commented out of the lesson', () => {
    expect(shownExerciseIds('<Exercise id="a" />\n{/* <Exercise id="b" /> later */}\n<Exercise id="c" />')).toEqual(['a', 'c']);
  });

  it('gives nothing for a lesson without a Summary section', () => {
    expect(extractSummaryPoints('## Something else\n- a\n- b\n')).toEqual([]);
  });
});

describe('the part summaries of the course', () => {
  const summaries = build();

  it('there is one summary page per part of content/parts.yaml', () => {
    expect(summaries.map((s) => s.number)).toEqual(parts.map((p) => p.number));
  });

  it.each(summaries.map((s) => [s.number, s] as const))('part %i has at least 3 summary points, and every lesson contributes', (_n, summary) => {
    const points = summary.lessons.flatMap((l) => l.points);
    expect(points.length).toBeGreaterThanOrEqual(3);
    const partLessons = lessons.filter((l) => l.data.part === summary.number).map((l) => l.id).sort();
    expect(summary.lessons.map((l) => l.id).sort()).toEqual(partLessons);
    for (const lesson of summary.lessons) {
      expect(lesson.points.length, `${lesson.id} has no summary points`).toBeGreaterThan(0);
      expect(lesson.objectives.length).toBeGreaterThan(0);
      for (const point of lesson.points) expect(point).not.toMatch(/^\s*$|\n/);
    }
  });

  it.each(summaries.map((s) => [s.number, s] as const))('part %i lists key terms from the glossary and its exercises', (_n, summary) => {
    expect(summary.terms.length).toBeGreaterThanOrEqual(3);
    for (const t of summary.terms) {
      expect(glossary.has(t.term)).toBe(true);
      expect(t.definition.length).toBeGreaterThan(10);
      expect(glossary.get(t.term)!.startsWith(t.definition)).toBe(true);
    }
    const shown = lessons
      .filter((l) => l.data.part === summary.number)
      .flatMap((l) => [...l.body.replace(/\{\/\*[\s\S]*?\*\/\}/g, '').matchAll(/<Exercise id="([^"]+)" \/>/g)].map((m) => m[1]));
    expect(summary.exercises.map((e) => e.id).sort()).toEqual([...shown].sort());
    expect(summary.exercises.length).toBeGreaterThan(0);
  });

  it('the minutes of a part are its lessons\' minutes', () => {
    const part4 = summaries.find((s) => s.number === 4)!;
    expect(part4.minutes).toBe(lessons.filter((l) => l.data.part === 4).reduce((n, l) => n + l.data.minutes, 0));
  });

  it('content/summaries/parts.yaml names only parts that exist', () => {
    for (const entry of terms) expect(parts.map((p) => p.number)).toContain(entry.part);
  });

  it('the pages exist and the reference index links to the summaries', () => {
    expect(existsSync(join(root, 'src/pages/summaries/index.astro'))).toBe(true);
    expect(existsSync(join(root, 'src/pages/summaries/[part].astro'))).toBe(true);
    expect(read('src/pages/reference/index.astro')).toContain('href="/summaries/"');
  });
});

describe('mistakes stop the build with the file to fix', () => {
  it('a lesson without summary bullets', () => {
    const broken = lessons.map((l) => (l.id === '12-ordering' ? { ...l, body: l.body.replace('## Summary', '## Recap') } : l));
    expect(() => build({ lessons: broken })).toThrow('content/lessons/12-ordering.mdx: no "## Summary" section');
  });

  it('a key term that is not in the glossary', () => {
    expect(() => build({ terms: [{ part: 1, terms: ['Petabyte pony'] }] })).toThrow(
      'content/summaries/parts.yaml: part 1: "Petabyte pony" is not a term of content/reference/glossary.md',
    );
  });

  it('a malformed key-term file', () => {
    expect(() => parseSummaryTerms('- part: one\n  terms: []\n')).toThrow('content/summaries/parts.yaml');
  });
});

describe('rendering', () => {
  it('renders code, bold around code and italics, and escapes HTML', () => {
    expect(renderPoint('named **`<template>-<pod>`** and *kept*')).toBe(
      'named <strong><code>&lt;template&gt;-&lt;pod&gt;</code></strong> and <em>kept</em>',
    );
    expect(renderPoint('<script>alert(1)</script>')).not.toContain('<script>');
  });

  it('cuts a definition after its first sentence', () => {
    expect(firstSentence('A pod. It runs containers.')).toBe('A pod.');
    expect(firstSentence('Only one sentence, e.g. this')).toBe('Only one sentence, e.g. this');
  });
});
