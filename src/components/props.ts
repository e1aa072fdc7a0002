// Props schemas for the components lessons use, so an authoring mistake (a figure without a text
// alternative, an unknown callout kind) fails the build with a message naming the component.
import { z } from 'zod';

export const calloutProps = z.object({
  type: z.enum(['note', 'tip', 'warning']).default('note'),
  title: z.string().min(1).optional(),
});

export const figureProps = z.object({
  caption: z.string().min(1),
  /** Text alternative read instead of the picture: say what it shows, not what it looks like. */
  alt: z.string().min(20, 'write a real text alternative (at least 20 characters) describing what the figure shows'),
  src: z.string().min(1).optional(),
});

export const selfCheckProps = z.object({
  question: z.string().min(1),
  answer: z.string().min(1),
});

export const comparisonTableProps = z.object({
  label: z.string().min(1),
});

export function checkProps<S extends z.ZodTypeAny>(component: string, schema: S, props: unknown): z.output<S> {
  const result = schema.safeParse(props);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `prop '${i.path.join('.') || '(all)'}': ${i.message}`).join('; ');
  throw new Error(`<${component}>: ${problems}`);
}
