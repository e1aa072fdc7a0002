import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldPath, formatFrontmatterError, lessonSchema, parseFrontmatter, referenceSchema } from '../../src/content/lesson-schema';

const valid = {
  title: 'Cattle vs pets',
  description: 'What state means.',
  part: 1,
  order: 1,
  objectives: ['Tell stateless from stateful.'],
  minutes: 20,
  states: ['persistent', 'session'],
};

function errorsFor(data: unknown, file = 'content/lessons/x.mdx'): string {
  const result = lessonSchema.safeParse(data);
  if (result.success) throw new Error('expected the frontmatter to be rejected');
  return formatFrontmatterError(file, result.error);
}

describe('lesson frontmatter schema', () => {
  it('accepts a complete lesson and fills in the defaults', () => {
    const { states: _states, ...withoutStates } = valid;
    expect(lessonSchema.parse(withoutStates)).toEqual({ ...withoutStates, states: [], draft: false });
    expect(lessonSchema.parse({ ...valid, draft: true }).draft).toBe(true);
  });

  it('names the file and field when a number is written as a string', () => {
    expect(errorsFor({ ...valid, minutes: '20' })).toBe(
      "content/lessons/x.mdx: frontmatter field 'minutes': Expected number, received string",
    );
  });

  it('reports a missing field as Required', () => {
    const { description: _d, ...rest } = valid;
    expect(errorsFor(rest)).toBe("content/lessons/x.mdx: frontmatter field 'description': Required");
  });

  it('needs at least one objective, and points into the list for a bad item', () => {
    expect(errorsFor({ ...valid, objectives: [] })).toBe(
      "content/lessons/x.mdx: frontmatter field 'objectives': Array must contain at least 1 element(s)",
    );
    expect(errorsFor({ ...valid, objectives: ['fine', 3] })).toBe(
      "content/lessons/x.mdx: frontmatter field 'objectives[1]': Expected string, received number",
    );
  });

  it('allows only the five kinds of state', () => {
    expect(errorsFor({ ...valid, states: ['persistent', 'memory'] })).toBe(
      "content/lessons/x.mdx: frontmatter field 'states[1]': Invalid enum value. Expected 'persistent' | 'configuration' | 'cluster' | 'session' | 'connection', received 'memory'",
    );
  });

  it('rejects a misspelt field instead of silently ignoring it', () => {
    expect(errorsFor({ ...valid, minute: 5 }, 'content/lessons/y.mdx')).toBe(
      "content/lessons/y.mdx: frontmatter: Unknown field(s) 'minute': check the spelling, or add the field to src/content/lesson-schema.ts",
    );
  });

  it('rejects part numbers that are not positive integers, one line per problem', () => {
    expect(errorsFor({ ...valid, part: 0, order: 1.5 })).toBe(
      [
        "content/lessons/x.mdx: frontmatter field 'part': Number must be greater than 0",
        "content/lessons/x.mdx: frontmatter field 'order': Expected integer, received float",
      ].join('\n'),
    );
  });

  it('parseFrontmatter throws the formatted message, and treats empty frontmatter as missing fields', () => {
    expect(() => parseFrontmatter(referenceSchema, { title: 'Exercise format' }, 'content/reference/exercise-format.md')).toThrow(
      "content/reference/exercise-format.md: frontmatter field 'description': Required",
    );
    expect(() => parseFrontmatter(referenceSchema, undefined, 'content/reference/empty.md')).toThrow(
      "content/reference/empty.md: frontmatter field 'title': Required\ncontent/reference/empty.md: frontmatter field 'description': Required",
    );
  });

  it('writes nested paths the way an author reads them', () => {
    expect(fieldPath(['objectives', 0, 'text'])).toBe('objectives[0].text');
    expect(fieldPath([])).toBe('');
    const schema = z.object({ a: z.array(z.object({ b: z.number() })) });
    const result = schema.safeParse({ a: [{ b: 'x' }] });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(formatFrontmatterError('f.md', result.error)).toBe("f.md: frontmatter field 'a[0].b': Expected number, received string");
    }
  });
});
