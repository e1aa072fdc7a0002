// Generates content/reference/controller-rules.md, "What the controller really does": one row per
// rule test of the simulator, from the titles of the tests under test/sim/ that start with a rule id
// of the behaviour catalogue (`it('SS-ID-1 pod names cover …')`). The titles are read statically with
// the TypeScript parser; no test is run. `it.each` tables are expanded row by row the way Vitest
// names them (%s, %i, %d, %j…).
//
//   npm run gen:rules                             (writes the page)
//   npx tsx scripts/gen-controller-rules.ts --check   (exits 1 when the committed page is stale)
//
// test/site/controller-rules.test.ts fails when the committed page differs from a fresh generation.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PAGE = 'content/reference/controller-rules.md';
export const TEST_DIR = 'test/sim';

/** One test, or one row of an `it.each` table, named by rule ids. */
export interface RuleCase {
  /** Every rule id the title names: "SS-ID-4/5" → ["SS-ID-4", "SS-ID-5"]. */
  ids: string[];
  /** The title without its ids: the behaviour in plain words. */
  behaviour: string;
  /** The describe title around the test (the rule family), or the first id's family. */
  family: string;
  /** Repository-relative path, with forward slashes. */
  file: string;
  /** 1-based line of the test (of the table row, for `it.each`). */
  line: number;
}

// "SS-ID-4", then any of "/5" or "/SS-REC-6", then the behaviour.
const ID = String.raw`[A-Z]{2,}(?:-[A-Z]+)+-\d+`;
const TITLE = new RegExp(String.raw`^(${ID})((?:/(?:${ID}|\d+))*)\s+(\S[\s\S]*)$`);

/** Splits a test title into its rule ids and its behaviour; null when it does not start with a rule id. */
export function parseRuleTitle(title: string): { ids: string[]; behaviour: string } | null {
  const m = TITLE.exec(title.trim());
  if (!m) return null;
  const ids = [m[1]];
  let prefix = m[1].replace(/\d+$/, '');
  for (const part of m[2].split('/').filter(Boolean)) {
    if (/^\d+$/.test(part)) ids.push(prefix + part);
    else {
      ids.push(part);
      prefix = part.replace(/\d+$/, '');
    }
  }
  return { ids, behaviour: m[3].replace(/\s+/g, ' ').trim() };
}

class NotStatic extends Error {}

/** The value of a literal expression (strings, numbers, arrays, plain objects, undefined…). */
function evaluate(node: ts.Expression): unknown {
  if (ts.isAsExpression(node) || ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node)) return evaluate(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) return -Number(evaluate(node.operand));
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isIdentifier(node) && node.text === 'undefined') return undefined;
  if (ts.isArrayLiteralExpression(node)) return node.elements.map((e) => evaluate(e));
  if (ts.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const p of node.properties) {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) throw new NotStatic();
      out[p.name.text] = evaluate(p.initializer);
    }
    return out;
  }
  throw new NotStatic();
}

/** Vitest's `it.each` title formatting, for the placeholders the tests use. */
export function formatTitle(template: string, args: unknown[]): string {
  let i = 0;
  return template.replace(/%[sdifjoO%]/g, (spec) => {
    if (spec === '%%') return '%';
    if (i >= args.length) return spec;
    const v = args[i++];
    switch (spec) {
      case '%s':
        // An empty string is shown as "" (Vitest prints nothing), so the sentence stays readable.
        return typeof v === 'string' ? v || '""' : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
      case '%d':
        return String(Number(v));
      case '%i':
        return String(Number.parseInt(String(v), 10));
      case '%f':
        return String(Number.parseFloat(String(v)));
      default:
        return JSON.stringify(v);
    }
  });
}

/** The callee's name, for `it(…)`, `it.skip(…)`, and the inner call of `it.each(table)(…)`. */
function calleeOf(call: ts.CallExpression): { name: string; modifier?: string; table?: ts.Expression } | null {
  const e = call.expression;
  if (ts.isIdentifier(e)) return { name: e.text };
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) return { name: e.expression.text, modifier: e.name.text };
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'each' && ts.isIdentifier(e.expression.expression)) {
    return { name: e.expression.expression.text, modifier: 'each', table: e.arguments[0] };
  }
  return null;
}

/** Reads the rule tests of one file. */
export function rulesInSource(file: string, source: string): RuleCase[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: RuleCase[] = [];
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const describes: string[] = [];

  /** `template` and `args` for an it.each row: the title is the template filled with the row. */
  const add = (template: string, line: number, args?: unknown[]) => {
    const parsed = parseRuleTitle(args ? formatTitle(template, args) : template);
    if (!parsed) return;
    // Start with a capital, unless the first word is a value of an it.each row ("web-0 parses…")
    // rather than a description ("an unready pod that stays blocks").
    const startsWithValue = args !== undefined && /^%[sdifjoO]/.test(parseRuleTitle(template)?.behaviour ?? '');
    const description = typeof args?.[0] === 'string' && /\s/.test(args[0]);
    const behaviour = !startsWithValue || description ? sentence(parsed.behaviour) : parsed.behaviour;
    const family = describes.at(-1) ?? parsed.ids[0].replace(/-\d+$/, '');
    out.push({ ids: parsed.ids, behaviour, family, file, line });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = calleeOf(node);
      const first = node.arguments[0];
      const title = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : undefined;
      // Skipped and todo tests (and everything in a skipped describe) prove nothing.
      if (callee && ['describe', 'it', 'test'].includes(callee.name) && (callee.modifier === 'skip' || callee.modifier === 'todo')) return;
      if (callee && title !== undefined) {
        if (callee.name === 'describe') {
          describes.push(title);
          node.arguments.slice(1).forEach(visit);
          describes.pop();
          return;
        }
        if (callee.name === 'it' || callee.name === 'test') {
          if (callee.modifier === 'each' && callee.table) {
            let rows: { args: unknown[]; line: number }[] | null = null;
            let table = callee.table;
            while (ts.isAsExpression(table) || ts.isParenthesizedExpression(table) || ts.isSatisfiesExpression(table)) table = table.expression;
            if (ts.isArrayLiteralExpression(table)) {
              try {
                rows = table.elements.map((row) => {
                  const value = evaluate(row);
                  return { args: Array.isArray(value) ? value : [value], line: lineOf(row) };
                });
              } catch (err) {
                if (!(err instanceof NotStatic)) throw err;
              }
            }
            if (rows) for (const row of rows) add(title, row.line, row.args);
            else add(title.replace(/%[sdifjoO]/g, '…'), lineOf(node));
          } else {
            add(title, lineOf(node));
          }
          return;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFiles(path));
    else if (/\.test\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Every rule test under test/sim, in file order. */
export function collectRules(root = ROOT): RuleCase[] {
  return testFiles(join(root, TEST_DIR)).flatMap((path) =>
    rulesInSource(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8')),
  );
}

/** Problems that make the page untrustworthy: the same rule id described twice in a way that cannot both be true. */
export function findContradictions(rules: RuleCase[]): string[] {
  const problems: string[] = [];
  const where = (r: RuleCase) => `${r.file}:${r.line}`;
  // "does not", "never"… removed: two descriptions of one rule that differ only by them say opposite things.
  const affirmative = (s: string) =>
    s
      .toLowerCase()
      .replace(/\b(not|never|no|none|cannot|can't|doesn't|don't|isn't|aren't|won't|without)\b/g, ' ')
      .replace(/\b(does|do|is|are|can|will)\b/g, ' ')
      .replace(/[^a-z0-9%=→]+/g, ' ')
      .trim();
  const byId = new Map<string, RuleCase[]>();
  for (const r of rules) for (const id of r.ids) byId.set(id, [...(byId.get(id) ?? []), r]);
  for (const [id, cases] of byId) {
    for (let i = 0; i < cases.length; i++) {
      for (let j = i + 1; j < cases.length; j++) {
        const a = cases[i];
        const b = cases[j];
        if (a.behaviour === b.behaviour) {
          problems.push(`${id} is described twice with the same words ("${a.behaviour}") at ${where(a)} and ${where(b)}: give each test its own description.`);
        } else if (affirmative(a.behaviour) === affirmative(b.behaviour)) {
          problems.push(`${id} is described in contradictory ways: "${a.behaviour}" (${where(a)}) and "${b.behaviour}" (${where(b)}).`);
        }
      }
    }
  }
  return problems;
}

/** Markdown-safe text for a table cell. */
function cell(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

/** "pod names cover …" → "Pod names cover …", but "maxUnavailable …" stays as it is. */
function sentence(text: string): string {
  return /^[a-z]+(?=[\s:,]|$)/.test(text) ? text[0].toUpperCase() + text.slice(1) : text;
}

/** "SS-ID identity" → "Identity — SS-ID". */
function familyHeading(family: string): string {
  const m = /^([A-Z]{2,}(?:-[A-Z]+)*)\s+(.+)$/.exec(family);
  return m ? `${sentence(m[2])} — ${m[1]}` : family;
}

/** The rule families in the order they first appear. */
function groupByFamily(rules: RuleCase[]): [string, RuleCase[]][] {
  const groups = new Map<string, RuleCase[]>();
  for (const r of rules) groups.set(r.family, [...(groups.get(r.family) ?? []), r]);
  // Within a family, by rule number (SS-UPD-1 before SS-UPD-2), then in file order.
  const number = (r: RuleCase) => Number(/(\d+)$/.exec(r.ids[0])?.[1] ?? 0);
  return [...groups].map(([family, cases]) => [family, [...cases].sort((a, b) => number(a) - number(b))]);
}

export function distinctIds(rules: RuleCase[]): string[] {
  return [...new Set(rules.flatMap((r) => r.ids))];
}

/** The whole page. */
export function renderPage(rules: RuleCase[]): string {
  const files = [...new Set(rules.map((r) => r.file))];
  const lines: string[] = [
    '---',
    'title: What the controller really does',
    'description: Every StatefulSet rule the course simulator follows, each with the test that proves it on every build.',
    'order: 15',
    '---',
    '',
    '<!-- Generated by scripts/gen-controller-rules.ts from the rule tests. Do not edit by hand: run `npm run gen:rules`. -->',
    '',
    'The simulator in this course runs its own copy of the Kubernetes controllers. Its StatefulSet',
    'controller follows the rules of the real one, numbered as in the course\'s behaviour catalogue',
    '(`SS-ID-1`, `SS-REC-6`…). Each row below is one of those rules in plain words, and the last',
    'column names the test that proves it (file and line): a test that builds a small cluster in the',
    'simulator, acts on it (scale, update, delete a pod…) and checks what the controller did. The',
    'tests run in CI on every change, so if the simulator stopped behaving this way the build would',
    'fail, and this page is regenerated from those tests, so it cannot drift from them.',
    '',
    'Some rules have several rows, one per situation the test checks; a row with several ids is one',
    'test that checks those rules together.',
    '',
    `${distinctIds(rules).length} rules, ${rules.length} checks, from ${files.map((f) => `\`${f}\``).join(', ')}.`,
  ];
  for (const [family, cases] of groupByFamily(rules)) {
    // When a whole family lives in one file, the file is named once and each row gives its line.
    const familyFiles = [...new Set(cases.map((r) => r.file))];
    const oneFile = familyFiles.length === 1 ? familyFiles[0] : undefined;
    lines.push('', `## ${familyHeading(family)}`, '');
    if (oneFile) lines.push(`Tests in \`${oneFile}\`, \`describe('${family}')\`.`, '');
    lines.push('| Rule | What the controller does | Proved by |', '|---|---|---|');
    for (const r of cases) {
      const where = oneFile ? `${r.file.split('/').at(-1)}:${r.line}` : `${r.file}:${r.line}`;
      lines.push(`| ${r.ids.join(', ')} | ${cell(r.behaviour)} | \`${where}\` |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The page as it should be now. */
export function generatePage(root = ROOT): string {
  return renderPage(collectRules(root));
}

function main() {
  const page = generatePage();
  const path = join(ROOT, PAGE);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      /* missing */
    }
    if (current !== page) {
      console.error(`${PAGE} is out of date: run npm run gen:rules`);
      process.exit(1);
    }
    console.log(`${PAGE} is up to date.`);
    return;
  }
  const problems = findContradictions(collectRules());
  for (const p of problems) console.warn(`warning: ${p}`);
  writeFileSync(path, page);
  console.log(`wrote ${PAGE}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
