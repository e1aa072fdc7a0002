// The frontmatter every lesson and reference page must carry, as zod schemas, plus the formatter
// that turns a schema failure into one line per problem naming the file and the field. Kept free of
// `astro:content` so unit tests (and any script) can validate lessons without starting Astro.
import { z, type ZodError, type ZodIssue } from 'zod';

/** The five kinds of state the course separates (COURSE.md, part 2). */
export const STATE_KINDS = ['persistent', 'configuration', 'cluster', 'session', 'connection'] as const;
export type StateKind = (typeof STATE_KINDS)[number];

export const lessonSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().min(1),
    /** The part's number in content/parts.yaml. */
    part: z.number().int().positive(),
    /** Position within the part; lessons sort by part, then order. */
    order: z.number().int().nonnegative(),
    objectives: z.array(z.string().min(1)).min(1),
    /** Estimated reading-and-doing time. */
    minutes: z.number().int().positive(),
    states: z.array(z.enum(STATE_KINDS)).default([]),
    draft: z.boolean().default(false),
  })
  .strict();

export type LessonFrontmatter = z.infer<typeof lessonSchema>;

export const referenceSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().min(1),
    /** Sort key on the reference index; lower first. */
    order: z.number().int().optional(),
  })
  .strict();

export type ReferenceFrontmatter = z.infer<typeof referenceSchema>;

export const partSchema = z
  .object({
    number: z.number().int().positive(),
    title: z.string().min(1),
    summary: z.string().min(1),
  })
  .strict();
export const partsSchema = z.array(partSchema).min(1);
export type Part = z.infer<typeof partSchema>;

/** `objectives.0.text` -> `objectives[0].text` */
export function fieldPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

function issueMessage(issue: ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return 'Required';
  if (issue.code === 'unrecognized_keys') {
    return `Unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}: check the spelling, or add the field to src/content/lesson-schema.ts`;
  }
  return issue.message;
}

/**
 * One line per problem, e.g.
 * `content/lessons/x.mdx: frontmatter field 'minutes': Expected number, received string`.
 */
export function formatFrontmatterError(file: string, error: ZodError): string {
  return error.issues
    .map((issue) => {
      const field = fieldPath(issue.path);
      const where = field ? `frontmatter field '${field}'` : 'frontmatter';
      return `${file}: ${where}: ${issueMessage(issue)}`;
    })
    .join('\n');
}

/** Validates parsed frontmatter; returns the data or throws an Error with the formatted message. */
export function parseFrontmatter<S extends z.ZodTypeAny>(schema: S, data: unknown, file: string): z.output<S> {
  const result = schema.safeParse(data ?? {});
  if (!result.success) throw new Error(formatFrontmatterError(file, result.error));
  return result.data;
}
