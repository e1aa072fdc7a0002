// What every page needs to draw the navigation: the outline of published lessons and the list of
// reference pages. Drafts appear in `astro dev` only.
import { getCollection, type CollectionEntry } from 'astro:content';
import partsText from '../../content/parts.yaml?raw';
import { buildOutline, parseParts, sortLessons } from './course';
import type { LessonFrontmatter, ReferenceFrontmatter } from './lesson-schema';

export interface LessonCollectionEntry {
  id: string;
  data: LessonFrontmatter;
  entry: CollectionEntry<'lessons'>;
}
export interface ReferenceCollectionEntry {
  id: string;
  data: ReferenceFrontmatter;
  entry: CollectionEntry<'reference'>;
}

export async function getLessons(): Promise<LessonCollectionEntry[]> {
  const entries = (await getCollection('lessons')) as Array<{ id: string; data: LessonFrontmatter }>;
  const visible = entries.filter((e) => import.meta.env.DEV || !e.data.draft);
  return sortLessons(visible.map((e) => ({ id: e.id, data: e.data, entry: e as CollectionEntry<'lessons'> })));
}

export async function getReferencePages(): Promise<ReferenceCollectionEntry[]> {
  const entries = (await getCollection('reference')) as Array<{ id: string; data: ReferenceFrontmatter }>;
  return entries
    .map((e) => ({ id: e.id, data: e.data, entry: e as CollectionEntry<'reference'> }))
    .sort((a, b) => (a.data.order ?? 100) - (b.data.order ?? 100) || a.data.title.localeCompare(b.data.title));
}

export async function getNavigation() {
  const lessons = await getLessons();
  const parts = parseParts(partsText as string);
  const references = await getReferencePages();
  return {
    lessons,
    parts,
    outline: buildOutline(parts, lessons),
    referencePages: references.map((r) => ({ id: r.id, title: r.data.title })),
  };
}
