// Turns zod issues into the one-line messages an exercise author reads:
// "<file>: checks[1].expect.kind: expected one of Pod, StatefulSet, ...".
import type { ZodIssue } from 'zod';

export class ExerciseFormatError extends Error {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.name = 'ExerciseFormatError';
    this.file = file;
    this.problems = problems;
  }
}

/** `['checks', 1, 'expect', 'kind']` → `checks[1].expect.kind`; the empty path is `(top level)`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(top level)';
}

function describeType(value: string): string {
  if (value === 'array') return 'a list';
  if (value === 'object') return 'a mapping';
  if (value === 'undefined') return 'nothing';
  if (value === 'integer') return 'a whole number';
  return /^[aeiou]/.test(value) ? `an ${value}` : `a ${value}`;
}

export function describeIssue(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return `required: expected ${describeType(issue.expected)}`;
      return `expected ${describeType(issue.expected)}, found ${describeType(issue.received)}`;
    case 'invalid_enum_value':
      return `expected one of ${issue.options.join(', ')}, found ${JSON.stringify(issue.received)}`;
    case 'invalid_union_discriminator':
      return `expected one of ${issue.options.map(String).join(', ')}`;
    case 'invalid_literal':
      return `expected ${JSON.stringify(issue.expected)}, found ${JSON.stringify(issue.received)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'too_small':
      if (issue.type === 'array') return issue.message.startsWith('expected') ? issue.message : `expected at least ${issue.minimum} item(s)`;
      if (issue.type === 'string') return 'expected a non-empty string';
      return issue.message.startsWith('expected') ? issue.message : `expected a number ≥ ${issue.minimum}`;
    case 'too_big':
      if (issue.type === 'array') return issue.message.startsWith('expected') ? issue.message : `expected at most ${issue.maximum} item(s)`;
      return `expected a number ≤ ${issue.maximum}`;
    case 'invalid_string':
      return issue.message;
    case 'invalid_union': {
      const typeIssues = issue.unionErrors.flatMap((e) => e.issues).filter((i) => i.code === 'invalid_type' && i.path.join('.') === issue.path.join('.'));
      if (typeIssues.length === issue.unionErrors.length && typeIssues[0]?.code === 'invalid_type') {
        const expected = typeIssues.map((i) => describeType((i as { expected: string }).expected));
        return `expected ${expected.join(' or ')}, found ${describeType(typeIssues[0].received)}`;
      }
      const closest = [...issue.unionErrors].sort((a, b) => a.issues.length - b.issues.length)[0]?.issues[0];
      return closest ? describeIssue(closest) : issue.message;
    }
    case 'not_multiple_of':
      return 'expected a whole number';
    default:
      return issue.message;
  }
}

/** One line per issue, with the issue path in the form authors use in YAML. */
export function formatIssues(issues: ZodIssue[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const issue of issues) {
    const line = `${formatPath(issue.path)}: ${describeIssue(issue)}`;
    if (!seen.has(line)) {
      seen.add(line);
      out.push(line);
    }
  }
  return out;
}
