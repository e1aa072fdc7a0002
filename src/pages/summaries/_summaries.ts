// The printable one-page summary of each part (/summaries/<part>/), as data built from the course
// itself: each lesson's title, objectives and the bullet points of its "## Summary" section, the
// part's key terms (named in content/summaries/parts.yaml, defined in the glossary) and its
// exercises. Pure functions over texts, so unit tests and the pages share them. (The leading
// underscore keeps Astro from treating this file as a page.)
import { load } from 'js-yaml';
import { z } from 'zod';
import { lessonSlug, lessonHref } from '../../content/course';
import type { LessonFrontmatter, Part } from '../../content/lesson-schema';

export interface SummaryLessonInput {
  id: string;
  data: LessonFrontmatter;
  /** The lesson's MDX source (frontmatter optional). */
  body: string;
}

export interface SummaryExerciseInput {
  id: string;
  title: string;
  /** The lesson folder, e.g. `12-ordering`. */
  lesson: string;
  points: number;
  kind: 'yaml' | 'quiz';
}

export interface SummaryLesson {
  id: string;
  slug: string;
  href: string;
  title: string;
  minutes: number;
  objectives: string[];
  /** The bullet points of the lesson's Summary section (Markdown, one string per point). */
  points: string[];
}

export interface PartSummary extends Part {
  lessons: SummaryLesson[];
  terms: Array<{ term: string; definition: string }>;
  exercises: SummaryExerciseInput[];
  minutes: number;
}

/**
 * The bullet points under a lesson's `## Summary` heading (up to the next `## ` heading), each
 * with its indented continuation lines joined. Empty when the lesson has no such section.
 */
export function extractSummaryPoints(source: string): string[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^##\s+Summary\s*$/.test(l));
  if (start < 0) return [];
  const points: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,2}\s/.test(line)) break;
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (bullet) points.push((bullet[1] as string).trim());
    else if (/^\s+\S/.test(line) && points.length > 0) points[points.length - 1] += ` ${line.trim()}`;
  }
  return points;
}

/** The ids of the `<Exercise id="..." />` a lesson shows, in order, leaving out MDX comments. */
export function shownExerciseIds(source: string): string[] {
  const visible = source.replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
  return [...visible.matchAll(/<Exercise\s+id="([^"]+)"/g)].map((m) => m[1] as string);
}

/** `**Term**: definition` bullets of the glossary → Map(term → definition). */
export function parseGlossary(markdown: string): Map<string, string> {
  const terms = new Map<string, string>();
  for (const match of markdown.matchAll(/^- \*\*(.+?)\*\*:\s*(.+)$/gm)) terms.set(match[1] as string, (match[2] as string).trim());
  return terms;
}

/** The first sentence of a definition (a full stop followed by a space and a capital letter ends it). */
export function firstSentence(text: string): string {
  const match = /^(.+?[.!?])\s+(?=[A-Z(`"])/.exec(text);
  return match ? (match[1] as string) : text;
}

const summaryTermsSchema = z.array(z.object({ part: z.number().int().positive(), terms: z.array(z.string().min(1)).min(1) }).strict());
export type SummaryTerms = z.infer<typeof summaryTermsSchema>;

export function parseSummaryTerms(text: string, file = 'content/summaries/parts.yaml'): SummaryTerms {
  const result = summaryTermsSchema.safeParse(load(text));
  if (!result.success) {
    throw new Error(`${file}: ${result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}

/**
 * One summary per part that has lessons. Throws, naming the file, when a lesson has no Summary
 * bullets or a key term is missing from the glossary: the build should stop, not print a gap.
 */
export function buildPartSummaries(input: {
  parts: Part[];
  lessons: SummaryLessonInput[];
  exercises: SummaryExerciseInput[];
  glossary: Map<string, string>;
  terms: SummaryTerms;
}): PartSummary[] {
  const summaries: PartSummary[] = [];
  for (const part of input.parts) {
    const lessons = input.lessons
      .filter((l) => l.data.part === part.number && !l.data.draft)
      .sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
    if (lessons.length === 0) continue;
    const summaryLessons = lessons.map((lesson): SummaryLesson => {
      const points = extractSummaryPoints(lesson.body);
      if (points.length === 0) {
        throw new Error(`content/lessons/${lesson.id}.mdx: no "## Summary" section with bullet points; the summary page of part ${part.number} prints them`);
      }
      return {
        id: lesson.id,
        slug: lessonSlug(lesson.id),
        href: lessonHref(lesson.id),
        title: lesson.data.title,
        minutes: lesson.data.minutes,
        objectives: lesson.data.objectives,
        points,
      };
    });
    const termNames = input.terms.find((t) => t.part === part.number)?.terms ?? [];
    const terms = termNames.map((term) => {
      const definition = input.glossary.get(term);
      if (definition === undefined) {
        throw new Error(`content/summaries/parts.yaml: part ${part.number}: "${term}" is not a term of content/reference/glossary.md`);
      }
      return { term, definition: firstSentence(definition) };
    });
    // The exercises the part's lessons show, in the order they appear (an exercise folder whose
    // <Exercise /> is still commented out of its lesson is not on the page, so not on the sheet).
    const byId = new Map(input.exercises.map((e) => [e.id, e]));
    const exercises = lessons.flatMap((lesson) =>
      shownExerciseIds(lesson.body)
        .map((id) => byId.get(id))
        .filter((e): e is SummaryExerciseInput => e !== undefined && e.lesson === lesson.id),
    );
    summaries.push({
      ...part,
      lessons: summaryLessons,
      terms,
      exercises,
      minutes: summaryLessons.reduce((n, l) => n + l.minutes, 0),
    });
  }
  return summaries;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Inline Markdown of a summary point as HTML: `code`, **bold** (also around code) and *italic*.
 * Everything is escaped first, so lesson text can never inject markup.
 */
export function renderPoint(text: string): string {
  const codes: string[] = [];
  const protectedText = escapeHtml(text).replace(/`([^`]+)`/g, (_m, code: string) => {
    codes.push(code);
    return `\u0000${codes.length - 1}\u0000`;
  });
  return protectedText
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/\u0000(\d+)\u0000/g, (_m, i: string) => `<code>${codes[Number(i)]}</code>`);
}
