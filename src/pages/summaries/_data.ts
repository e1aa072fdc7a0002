// Builds the part summaries at build time from the lesson collection, the glossary, the key-term
// list and the exercise catalog. Shared by /summaries/ and /summaries/<part>/.
import glossaryText from '../../../content/reference/glossary.md?raw';
import termsText from '../../../content/summaries/parts.yaml?raw';
import { allExercises } from '../../components/exercise/catalog';
import { getNavigation } from '../../content/site-data';
import { buildPartSummaries, parseGlossary, parseSummaryTerms, type PartSummary } from './_summaries';

export async function getPartSummaries(): Promise<PartSummary[]> {
  const nav = await getNavigation();
  return buildPartSummaries({
    parts: nav.parts,
    lessons: nav.lessons.map((l) => ({ id: l.id, data: l.data, body: l.entry.body ?? '' })),
    exercises: allExercises().map((e) => ({ id: e.id, title: e.title, lesson: e.lesson, points: e.points, kind: e.kind })),
    glossary: parseGlossary(glossaryText as string),
    terms: parseSummaryTerms(termsText as string),
  });
}
