// The instructor guide (content/reference/instructor-guide.md) must stay true: every lesson and
// exercise it names exists, each workshop plan's timings add up to its stated total and follow
// the lessons' `minutes`, the files it quotes match the repository, and every command it shows
// with output still prints that output.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonSlug } from '../../src/content/course';
import { lessonSchema, parseFrontmatter, referenceSchema, type LessonFrontmatter } from '../../src/content/lesson-schema';
import { loadExerciseFolders } from '../../src/cli/exercises-dir';
import { runGrade } from '../../src/cli/grade';
import { readFrontmatter } from './frontmatter';

const root = resolve(__dirname, '../..');
const GUIDE = 'content/reference/instructor-guide.md';
const guide = readFileSync(join(root, GUIDE), 'utf8');

interface LessonInfo {
  id: string;
  slug: string;
  data: LessonFrontmatter;
  body: string;
}

const lessons: LessonInfo[] = readdirSync(join(root, 'content/lessons'))
  .filter((f) => /\.mdx?$/.test(f))
  .map((f) => {
    const file = `content/lessons/${f}`;
    const text = readFileSync(join(root, file), 'utf8');
    const id = f.replace(/\.mdx?$/, '');
    return { id, slug: lessonSlug(id), data: parseFrontmatter(lessonSchema, readFrontmatter(text, file), file), body: text };
  });
const lessonBySlug = new Map(lessons.map((l) => [l.slug, l]));
const exercises = new Map(loadExerciseFolders(join(root, 'exercises')).map((f) => [f.exercise.id, f.exercise]));

/** True when the lesson's MDX renders <Exercise id="..." /> outside an MDX comment. */
function lessonShowsExercise(lesson: LessonInfo, id: string): boolean {
  const withoutComments = lesson.body.replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
  return withoutComments.includes(`<Exercise id="${id}" />`);
}

// ---- the workshop plans -------------------------------------------------------------------

interface PlanRow {
  start: string;
  minutes: number;
  session: string;
  lessonSlugs: string[];
  graded: string[];
}
interface Plan {
  heading: string;
  total: number;
  rows: PlanRow[];
  /** The text after the table up to the next heading. */
  after: string;
}

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

function parsePlans(text: string): Plan[] {
  const plans: Plan[] = [];
  const sections = text.split(/^(?=### )/m);
  for (const section of sections) {
    const heading = /^### (.*\((\d+) minutes\))\s*$/m.exec(section);
    if (!heading) continue;
    const lines = section.split('\n');
    const tableStart = lines.findIndex((l) => l.startsWith('| Start |'));
    if (tableStart < 0) throw new Error(`${heading[1]}: no table with a "Start" column`);
    const header = cells(lines[tableStart] as string);
    expect(header).toEqual(['Start', 'Minutes', 'Session', 'Lessons', 'Graded exercises']);
    const rows: PlanRow[] = [];
    let i = tableStart + 2;
    for (; i < lines.length && lines[i]!.startsWith('|'); i++) {
      const [start, minutes, session, lessonCell, gradedCell] = cells(lines[i] as string);
      expect(minutes, `row "${lines[i]}"`).toMatch(/^\d+$/);
      rows.push({
        start: start as string,
        minutes: Number(minutes),
        session: session as string,
        lessonSlugs: [...(lessonCell ?? '').matchAll(/\(\/lessons\/([^/)]+)\/\)/g)].map((m) => m[1] as string),
        graded: [...(gradedCell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string),
      });
    }
    plans.push({ heading: heading[1] as string, total: Number(heading[2]), rows, after: lines.slice(i).join('\n') });
  }
  return plans;
}

function clock(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

const plans = parsePlans(guide);

describe('the instructor guide', () => {
  it('is a valid reference page', () => {
    expect(() => parseFrontmatter(referenceSchema, readFrontmatter(guide, GUIDE), GUIDE)).not.toThrow();
  });

  it('has a half-day (about 3.5 h) and a full-day (about 6.5 h) plan', () => {
    expect(plans.map((p) => p.heading)).toEqual(['Half-day workshop (210 minutes)', 'Full-day workshop (390 minutes)']);
  });

  describe.each(plans.map((p) => [p.heading, p] as const))('%s', (_heading, plan) => {
    it('its rows add up to the stated total, and each starts when the previous one ends', () => {
      const sum = plan.rows.reduce((n, r) => n + r.minutes, 0);
      expect(sum).toBe(plan.total);
      let at = 0;
      for (const row of plan.rows) {
        expect(row.start, row.session).toBe(clock(at));
        at += row.minutes;
      }
    });

    it('a lesson block lasts exactly as long as its lessons\' `minutes` add up to', () => {
      const lessonRows = plan.rows.filter((r) => r.lessonSlugs.length > 0);
      expect(lessonRows.length).toBeGreaterThan(3);
      for (const row of lessonRows) {
        const minutes = row.lessonSlugs.map((slug) => {
          const lesson = lessonBySlug.get(slug);
          expect(lesson, `/lessons/${slug}/ in "${row.session}" is not a lesson`).toBeDefined();
          return lesson!.data.minutes;
        });
        expect(row.minutes, row.session).toBe(minutes.reduce((a, b) => a + b, 0));
      }
    });

    it('has breaks, and no lesson twice', () => {
      expect(plan.rows.some((r) => /break|lunch/i.test(r.session) && r.lessonSlugs.length === 0)).toBe(true);
      const slugs = plan.rows.flatMap((r) => r.lessonSlugs);
      expect(new Set(slugs).size).toBe(slugs.length);
    });

    it('every graded exercise exists, belongs to a lesson of its row and is shown in that lesson', () => {
      for (const row of plan.rows) {
        for (const id of row.graded) {
          const exercise = exercises.get(id);
          expect(exercise, `graded exercise "${id}" does not exist`).toBeDefined();
          const lesson = lessons.find((l) => l.id === exercise!.lesson)!;
          expect(row.lessonSlugs, `"${id}" belongs to ${exercise!.lesson}`).toContain(lesson.slug);
          expect(lessonShowsExercise(lesson, id), `${lesson.id} does not show <Exercise id="${id}" />`).toBe(true);
        }
      }
    });

    it('its grading command names exactly the graded exercises, and the stated points are right', () => {
      const graded = plan.rows.flatMap((r) => r.graded);
      const command = /npm run --silent grade -- class\/ (.*)/.exec(plan.after);
      expect(command, 'a grading command after the table').not.toBeNull();
      const named = [...command![1]!.matchAll(/--exercise (\S+)/g)].map((m) => m[1]);
      expect(named).toEqual(graded);
      const points = /worth (\d+) points/.exec(plan.after);
      expect(Number(points?.[1])).toBe(graded.reduce((n, id) => n + exercises.get(id)!.points, 0));
    });
  });

  it('every lesson it links to exists', () => {
    const slugs = [...guide.matchAll(/\/lessons\/([a-z0-9-]+)\//g)].map((m) => m[1] as string);
    expect(slugs.length).toBeGreaterThan(10);
    for (const slug of slugs) expect(lessonBySlug.has(slug), `/lessons/${slug}/`).toBe(true);
  });

  it('every exercise id and exercise folder it names exists', () => {
    const ids = [
      ...[...guide.matchAll(/--exercise ([a-z0-9-]+)/g)].map((m) => m[1] as string),
      ...[...guide.matchAll(/<Exercise id="([^"]+)"/g)].map((m) => m[1] as string),
      ...[...guide.matchAll(/ -t ([a-z0-9-]+)/g)].map((m) => m[1] as string),
    ];
    expect(ids.length).toBeGreaterThan(15);
    for (const id of ids) expect(exercises.has(id), `exercise "${id}"`).toBe(true);
    const paths = [...guide.matchAll(/exercises\/(\d\d-[a-z0-9-]+)\/([a-z0-9-]+)\//g)];
    expect(paths.length).toBeGreaterThan(3);
    for (const [path, lesson, id] of paths) {
      expect(existsSync(join(root, path as string)), path).toBe(true);
      expect(exercises.get(id as string)?.lesson, path).toBe(lesson);
    }
  });

  it('the files it quotes are quoted exactly', () => {
    const quoted = [...guide.matchAll(/^```\w+ title="([^"]+)"\n([\s\S]*?)^```$/gm)];
    expect(quoted.length).toBeGreaterThan(0);
    for (const [, path, body] of quoted) {
      expect(body, path).toBe(readFileSync(join(root, path as string), 'utf8'));
    }
  });

  it('the links to other pages of the site point at pages that exist', () => {
    expect(guide).toContain('](/summaries/)');
    expect(existsSync(join(root, 'src/pages/summaries/index.astro'))).toBe(true);
    expect(existsSync(join(root, 'content/reference/exercise-format.md'))).toBe(true);
    const formatGuide = readFileSync(join(root, 'content/reference/exercise-format.md'), 'utf8');
    for (const anchor of ['## The grading command', '## Check types']) expect(formatGuide).toContain(anchor);
  });
});

// ---- commands shown with their output -------------------------------------------------------

interface Shown {
  command: string;
  expected: string[];
}

function consoleBlocks(text: string): Shown[] {
  const shown: Shown[] = [];
  for (const [, body] of text.matchAll(/^```console\n([\s\S]*?)^```$/gm)) {
    for (const line of (body as string).split('\n')) {
      if (line.startsWith('$ ')) shown.push({ command: line.slice(2), expected: [] });
      else if (line.trim() !== '' && line.trim() !== '…') shown.at(-1)!.expected.push(line);
    }
  }
  return shown;
}

/**
 * Runs a command the guide shows. `npm run --silent grade -- ARGS` is `tsx src/cli/grade.ts ARGS`
 * (package.json, checked below), so it runs in-process through the command's own entry point.
 */
function run(command: string): { status: number | null; stdout: string; stderr: string } {
  const words = command.split(/\s+/);
  if (command.startsWith('npm run --silent grade -- ')) {
    let stdout = '';
    let stderr = '';
    const status = runGrade(words.slice(5), { cwd: root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { status, stdout, stderr };
  }
  if (words[0] === 'diff') {
    const result = spawnSync('diff', words.slice(1), { cwd: root, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  throw new Error(`the test does not know how to run: ${command}`);
}

const shown = consoleBlocks(guide);

describe('commands the instructor guide shows with their output', () => {
  it('shows at least the class report, one learner, the CSV, the diffs and the grading of a starter', () => {
    expect(shown.length).toBeGreaterThanOrEqual(6);
  });

  it('`npm run grade` is the command these tests call', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.grade).toBe('tsx src/cli/grade.ts');
  });

  it.each(shown.map((s) => [s.command, s] as const))('$ %s still prints what the guide shows', (_c, { command, expected }) => {
    const { stdout, stderr, status } = run(command);
    expect(status === 0 || status === 1, `exit status ${status}: ${stderr}`).toBe(true);
    const actual = stdout.split('\n').map((l) => l.trimEnd());
    let from = 0;
    for (const line of expected) {
      const at = actual.indexOf(line.trimEnd(), from);
      expect(at, `line not printed (or out of order): ${line}\n--- real output:\n${stdout}`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
  }, 30_000);

  it.each(plans.map((p) => [p.heading, p] as const))('the grading command of the %s runs (on the sample class)', (_h, plan) => {
    const command = /npm run --silent grade -- class\/ (.*)/.exec(plan.after)![1]!;
    const { status, stdout, stderr } = run(`npm run --silent grade -- test/fixtures/class ${command}`);
    expect(stderr).toBe('');
    expect(status, stdout).toBe(1); // the sample class has learners below 60 %
    const header = stdout.split('\n')[0] ?? '';
    for (const id of plan.rows.flatMap((r) => r.graded)) expect(header).toContain(id);
  }, 30_000);
});
