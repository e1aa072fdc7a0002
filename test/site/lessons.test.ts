// Every lesson and reference page in content/ must pass the same checks the build applies.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOutline, lessonSlug, parseParts } from '../../src/content/course';
import { lessonSchema, parseFrontmatter, referenceSchema, type LessonFrontmatter } from '../../src/content/lesson-schema';
import { readFrontmatter } from './frontmatter';

const root = resolve(__dirname, '../..');

function contentFiles(dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(md|mdx)$/.test(f))
    .map((f) => relative(root, join(full, f)).split('\\').join('/'))
    .sort();
}

const lessonFiles = contentFiles('content/lessons');
const referenceFiles = contentFiles('content/reference');

function lesson(file: string): { id: string; data: LessonFrontmatter } {
  const data = parseFrontmatter(lessonSchema, readFrontmatter(readFileSync(join(root, file), 'utf8'), file), file);
  return { id: file.replace(/^content\/lessons\//, '').replace(/\.mdx?$/, ''), data };
}

describe('content/lessons', () => {
  it('has at least one lesson', () => {
    expect(lessonFiles.length).toBeGreaterThan(0);
  });

  it.each(lessonFiles)('%s has valid frontmatter', (file) => {
    expect(() => lesson(file)).not.toThrow();
  });

  it('every lesson names a part listed in content/parts.yaml, and URLs do not collide', () => {
    const parts = parseParts(readFileSync(join(root, 'content/parts.yaml'), 'utf8'));
    const lessons = lessonFiles.map(lesson);
    expect(() => buildOutline(parts, lessons)).not.toThrow();
    const slugs = lessons.map((l) => lessonSlug(l.id));
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it('no two lessons of a part share an order number', () => {
    const keys = lessonFiles.map(lesson).map((l) => `${l.data.part}.${l.data.order}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('content/reference', () => {
  it.each(referenceFiles.length > 0 ? referenceFiles : ['(none yet)'])('%s has valid frontmatter', (file) => {
    if (file === '(none yet)') return;
    const text = readFileSync(join(root, file), 'utf8');
    expect(() => parseFrontmatter(referenceSchema, readFrontmatter(text, file), file)).not.toThrow();
  });
});
