// The course outline as data: parts (from content/parts.yaml) with their lessons in order, each
// lesson's URL, and previous/next links. Pure functions over plain objects so tests can use them.
import { load } from 'js-yaml';
import { partsSchema, parseFrontmatter, type LessonFrontmatter, type Part } from './lesson-schema';

export interface LessonEntry {
  /** Content-collection id, e.g. `01-cattle-vs-pets`. */
  id: string;
  data: LessonFrontmatter;
}

export interface OutlinePart extends Part {
  lessons: LessonEntry[];
}

/** `01-cattle-vs-pets` -> `cattle-vs-pets`: file-name order prefixes stay out of URLs. */
export function lessonSlug(id: string): string {
  return id
    .split('/')
    .map((segment) => segment.replace(/^\d+[-_]/, ''))
    .join('/');
}

export function lessonHref(id: string): string {
  return `/lessons/${lessonSlug(id)}/`;
}

export function parseParts(text: string, file = 'content/parts.yaml'): Part[] {
  let data: unknown;
  try {
    data = load(text);
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  const parts = parseFrontmatter(partsSchema, data, file).slice();
  const seen = new Set<number>();
  for (const part of parts) {
    if (seen.has(part.number)) throw new Error(`${file}: part number ${part.number} is listed twice`);
    seen.add(part.number);
  }
  return parts.sort((a, b) => a.number - b.number);
}

/** Lessons sorted by part then order; drafts are left out of production builds by the caller. */
export function sortLessons<T extends LessonEntry>(lessons: T[]): T[] {
  return lessons
    .slice()
    .sort((a, b) => a.data.part - b.data.part || a.data.order - b.data.order || a.id.localeCompare(b.id));
}

/**
 * Groups lessons under their parts. A lesson naming a part that content/parts.yaml lacks is an
 * authoring mistake, reported with the lesson's id. Parts without lessons are left out.
 */
export function buildOutline<T extends LessonEntry>(parts: Part[], lessons: T[]): Array<Part & { lessons: T[] }> {
  const known = new Set(parts.map((p) => p.number));
  for (const lesson of lessons) {
    if (!known.has(lesson.data.part)) {
      throw new Error(
        `content/lessons/${lesson.id}: frontmatter field 'part': part ${lesson.data.part} is not listed in content/parts.yaml (known: ${[...known].join(', ')})`,
      );
    }
  }
  const sorted = sortLessons(lessons);
  return parts
    .map((part) => ({ ...part, lessons: sorted.filter((l) => l.data.part === part.number) }))
    .filter((part) => part.lessons.length > 0);
}

export function neighbours<T extends LessonEntry>(lessons: T[], id: string): { previous?: T; next?: T } {
  const sorted = sortLessons(lessons);
  const index = sorted.findIndex((l) => l.id === id);
  if (index < 0) return {};
  return { previous: sorted[index - 1], next: sorted[index + 1] };
}
