// Syllabus coverage (content/coverage.yaml): every concept of the course brief is taught in a lesson
// whose text names it, and practised in an exercise that exists. The brief (COURSE.md) is not in the
// repository, so its section headings are copied into the yaml; scripts/check-coverage-sections.mjs
// compares them with the brief by hand (not in CI).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const LESSONS = join(ROOT, 'content/lessons');
const EXERCISES = join(ROOT, 'exercises');
const DEMOS = join(ROOT, 'content/demos');

interface Row {
  id: string;
  section: string;
  concept: string;
  lesson: string;
  term: string;
  exercises?: string[];
  /** Only for a "concept only" section: demos (content/demos/<id>.yaml) instead of exercises. */
  demos?: string[];
}

interface Coverage {
  sections: string[];
  concepts: Row[];
}

const coverage = loadYaml(readFileSync(join(ROOT, 'content/coverage.yaml'), 'utf8')) as Coverage;

/** Exercise id → the folder that holds it (exercises/<lesson>/<id>/exercise.yaml). */
const exerciseFolders = new Map<string, string>();
for (const folder of readdirSync(EXERCISES, { withFileTypes: true })) {
  if (!folder.isDirectory()) continue;
  const lesson = folder.name;
  const dir = join(EXERCISES, lesson);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(join(dir, entry.name, 'exercise.yaml'))) exerciseFolders.set(entry.name, `exercises/${lesson}/${entry.name}`);
  }
}

const lessonText = (slug: string) => readFileSync(join(LESSONS, `${slug}.mdx`), 'utf8');
const conceptOnly = (section: string) => /concept only/i.test(section);

describe('syllabus coverage (content/coverage.yaml)', () => {
  it('has the five COURSE.md sections and a row per concept, with unique ids', () => {
    expect(coverage.sections).toHaveLength(5);
    coverage.sections.forEach((s, i) => expect(s.startsWith(`${i + 1}. `), s).toBe(true));
    const ids = coverage.concepts.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const row of coverage.concepts) {
      for (const field of ['id', 'section', 'concept', 'lesson', 'term'] as const) {
        expect(typeof row[field] === 'string' && row[field].trim() !== '', `row ${row.id ?? '?'} needs a ${field}`).toBe(true);
      }
    }
  });

  it('every COURSE.md section heading has at least one concept row', () => {
    const empty = coverage.sections.filter((s) => !coverage.concepts.some((r) => r.section === s));
    expect(empty, 'sections with no concept row').toEqual([]);
  });

  it('every row names one of the listed sections', () => {
    const unknown = coverage.concepts.filter((r) => !coverage.sections.includes(r.section)).map((r) => `${r.id}: ${r.section}`);
    expect(unknown).toEqual([]);
  });

  it('every row names a lesson that exists in content/lessons', () => {
    const missing = coverage.concepts.filter((r) => !existsSync(join(LESSONS, `${r.lesson}.mdx`))).map((r) => `${r.id}: content/lessons/${r.lesson}.mdx`);
    expect(missing).toEqual([]);
  });

  it('every lesson named in the table mentions the concept\'s key term', () => {
    const absent = coverage.concepts
      .filter((r) => existsSync(join(LESSONS, `${r.lesson}.mdx`)))
      .filter((r) => !new RegExp(r.term, 'i').test(lessonText(r.lesson)))
      .map((r) => `${r.id}: content/lessons/${r.lesson}.mdx does not match /${r.term}/i`);
    expect(absent).toEqual([]);
  });

  it('every row is practised by at least one exercise (a concept-only section may use a demo instead)', () => {
    const unpractised = coverage.concepts
      .filter((r) => (r.exercises ?? []).length === 0 && !(conceptOnly(r.section) && (r.demos ?? []).length > 0))
      .map((r) => r.id);
    expect(unpractised).toEqual([]);
    const demosOutsideConceptOnly = coverage.concepts.filter((r) => (r.demos ?? []).length > 0 && !conceptOnly(r.section)).map((r) => r.id);
    expect(demosOutsideConceptOnly, 'only a concept-only section may count a demo as practice').toEqual([]);
  });

  it('every exercise named in the table exists under exercises/ and belongs to an existing lesson', () => {
    const problems: string[] = [];
    for (const r of coverage.concepts) {
      for (const id of r.exercises ?? []) {
        const folder = exerciseFolders.get(id);
        if (!folder) {
          problems.push(`${r.id}: no exercise "${id}" (exercises/<lesson>/${id}/exercise.yaml)`);
          continue;
        }
        const lesson = (loadYaml(readFileSync(join(ROOT, folder, 'exercise.yaml'), 'utf8')) as { lesson?: string }).lesson;
        if (!lesson || !existsSync(join(LESSONS, `${lesson}.mdx`))) problems.push(`${r.id}: ${folder} names lesson "${lesson}", which does not exist`);
      }
      for (const id of r.demos ?? []) {
        if (!existsSync(join(DEMOS, `${id}.yaml`))) problems.push(`${r.id}: no demo content/demos/${id}.yaml`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every lesson in content/lessons teaches at least one syllabus concept', () => {
    const taught = new Set(coverage.concepts.map((r) => r.lesson));
    const lessons = readdirSync(LESSONS).filter((f) => f.endsWith('.mdx')).map((f) => f.replace(/\.mdx$/, ''));
    expect(lessons.filter((l) => !taught.has(l))).toEqual([]);
  });
});
