// A learner's exported progress: what the site's "Export progress" button downloads and what the
// grading command reads. The browser produces exactly this shape.
import { z } from 'zod';
import { formatIssues } from './format-error';

export const BUNDLE_FORMAT = 'k8s-course-progress';
export const BUNDLE_VERSION = 1;

export const answersSchema = z.record(z.union([z.string(), z.array(z.string())]));
export type Answers = z.infer<typeof answersSchema>;

export const bundleSubmissionSchema = z
  .object({
    /** The learner's YAML (yaml exercises). */
    yaml: z.string().optional(),
    /** Question id → option id (single) or option ids (multi, order). */
    answers: answersSchema.optional(),
    /** ISO 8601 time of the last edit. */
    updatedAt: z.string(),
  })
  .strict();
export type BundleSubmission = z.infer<typeof bundleSubmissionSchema>;

export const progressBundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    learner: z.object({ name: z.string().optional(), id: z.string().optional() }).strict().optional(),
    /** ISO 8601 time of the export. */
    exportedAt: z.string(),
    /** Exercise id → the learner's latest work on it. */
    submissions: z.record(bundleSubmissionSchema),
  })
  .strict();
export type ProgressBundle = z.infer<typeof progressBundleSchema>;

export type BundleParse = { ok: true; bundle: ProgressBundle } | { ok: false; problems: string[] };

/** `not valid JSON at line 2, column 1`: the same words on every Node version (V8's messages vary). */
function jsonProblem(text: string, err: unknown): string {
  const position = /position (\d+)/.exec((err as Error)?.message ?? '');
  if (text.trim() === '') return 'not valid JSON: the file is empty';
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  const where = offset >= text.length ? 'it ends too early' : `at line ${before.length}, column ${before[before.length - 1].length + 1}`;
  return `not valid JSON: ${where}; was the export cut short or edited by hand?`;
}

/** Parses a bundle's JSON text; never throws. Problems name the field and what was expected. */
export function parseProgressBundle(text: string): BundleParse {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [jsonProblem(text, err)] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, problems: [`expected a JSON object with "format": "${BUNDLE_FORMAT}"`] };
  }
  const format = (data as Record<string, unknown>).format;
  if (format !== BUNDLE_FORMAT) {
    return { ok: false, problems: [`format: expected "${BUNDLE_FORMAT}", found ${JSON.stringify(format ?? null)}: not a course progress export`] };
  }
  const parsed = progressBundleSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: formatIssues(parsed.error.issues) };
  return { ok: true, bundle: parsed.data };
}
