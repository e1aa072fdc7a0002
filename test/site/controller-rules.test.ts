// The "What the controller really does" reference page (content/reference/controller-rules.md) is
// generated from the titles of the simulator's rule tests by scripts/gen-controller-rules.ts.
// These tests keep the committed page identical to a fresh generation, and keep it trustworthy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PAGE,
  collectRules,
  distinctIds,
  findContradictions,
  formatTitle,
  generatePage,
  parseRuleTitle,
  rulesInSource,
  type RuleCase,
} from '../../scripts/gen-controller-rules';

const committed = readFileSync(PAGE, 'utf8');
const rules = collectRules();

describe('the committed page', () => {
  it('is exactly what the generator writes from the current tests', () => {
    // A diff here means a rule test was added, renamed or moved: run `npm run gen:rules` and commit the page.
    expect(committed === generatePage(), `${PAGE} is out of date: run npm run gen:rules`).toBe(true);
  });

  it('lists at least 30 distinct rules', () => {
    const rows = committed.split('\n').filter((l) => /^\| [A-Z]{2,}-/.test(l));
    const ids = new Set(rows.flatMap((row) => row.split('|')[1].split(',').map((s) => s.trim())));
    expect(ids.size, `only ${ids.size} rules on the page`).toBeGreaterThanOrEqual(30);
    expect(rows.length).toBe(rules.length);
  });

  it('has the frontmatter of a reference page and explains that each row is a test run in CI', () => {
    expect(committed).toMatch(/^---\ntitle: What the controller really does\ndescription: .+\norder: \d+\n---\n/);
    expect(committed).toMatch(/run in CI/);
    expect(committed).toContain('npm run gen:rules');
  });

  it('never describes one rule id twice in contradictory (or identical) words', () => {
    expect(findContradictions(rules)).toEqual([]);
  });

  it('points every row at the test that carries its rule id', () => {
    const files = new Map<string, string[]>();
    for (const r of rules) {
      if (!files.has(r.file)) files.set(r.file, readFileSync(r.file, 'utf8').split('\n'));
      const lines = files.get(r.file)!;
      expect(r.line, `${r.file}:${r.line}`).toBeLessThanOrEqual(lines.length);
      // The title is on that line, or (for a row of an it.each table) a few lines below it.
      const nearby = lines.slice(r.line - 1, r.line + 14).join('\n');
      expect(nearby, `${r.file}:${r.line} should be the test of ${r.ids[0]}`).toMatch(new RegExp(`'${r.ids[0]}[ /]`));
    }
  });

  it('finds the StatefulSet rule families of test/sim/statefulset/rules.test.ts', () => {
    const families = [...new Set(rules.map((r) => r.family))];
    expect(families).toEqual(expect.arrayContaining(['SS-ID identity', 'SS-REC reconcile', 'SS-UPD updates and revisions']));
    const ss1 = rules.find((r) => r.ids[0] === 'SS-ID-1')!;
    expect(ss1).toMatchObject({ file: 'test/sim/statefulset/rules.test.ts', behaviour: 'Pod names cover [start, start+N-1]' });
    expect(committed).toContain("Tests in `test/sim/statefulset/rules.test.ts`, `describe('SS-ID identity')`.");
    expect(committed).toContain(`| SS-ID-1 | Pod names cover \\[start, start+N-1\\] | \`rules.test.ts:${ss1.line}\` |`);
  });
});

describe('reading rule tests', () => {
  it('splits a title into its rule ids and the behaviour', () => {
    expect(parseRuleTitle('SS-ID-1 pod names cover [start, start+N-1]')).toEqual({ ids: ['SS-ID-1'], behaviour: 'pod names cover [start, start+N-1]' });
    expect(parseRuleTitle('SS-ID-4/5/6/7 new pods')!.ids).toEqual(['SS-ID-4', 'SS-ID-5', 'SS-ID-6', 'SS-ID-7']);
    expect(parseRuleTitle('SS-STAT-4/SS-REC-6 minReadySeconds also paces creation')!.ids).toEqual(['SS-STAT-4', 'SS-REC-6']);
    expect(parseRuleTitle('a cluster starts with three Ready nodes')).toBeNull();
    expect(parseRuleTitle('DNS-1123 names are checked')).toBeNull();
  });

  it('formats it.each titles the way Vitest does', () => {
    expect(formatTitle('SS-UPD-7 maxUnavailable %s of %i replicas → %i', ['25%', 10, 2])).toBe('SS-UPD-7 maxUnavailable 25% of 10 replicas → 2');
    expect(formatTitle('claims %j', [['a', 'b']])).toBe('claims ["a","b"]');
    expect(formatTitle('100%% %s', [undefined])).toBe('100% undefined');
  });

  it('reads describe and it titles statically, expands it.each rows, and ignores skipped tests', () => {
    const source = `
      import { describe, it } from 'vitest';
      describe('XX-A alpha rules', () => {
        it('XX-A-1 does one thing', () => { throw new Error('never run'); });
        it('not a rule test', () => {});
        it.skip('XX-A-9 skipped proves nothing', () => {});
        it.each([
          ['first', 1],
          ['second', 2],
        ] as const)('XX-A-2 %s case gives %i', () => {});
        describe('XX-B beta rules', () => {
          test('XX-B-1/2 two rules at once', () => {});
        });
      });
      it('XX-C-3 outside any describe', () => {});
      describe.skip('XX-D skipped family', () => {
        it('XX-D-1 inside a skipped describe', () => {});
      });
    `;
    const found: RuleCase[] = rulesInSource('test/sim/x.test.ts', source);
    expect(found.map((r) => [r.ids.join('+'), r.behaviour, r.family, r.line])).toEqual([
      ['XX-A-1', 'Does one thing', 'XX-A alpha rules', 4],
      ['XX-A-2', 'first case gives 1', 'XX-A alpha rules', 8],
      ['XX-A-2', 'second case gives 2', 'XX-A alpha rules', 9],
      ['XX-B-1+XX-B-2', 'Two rules at once', 'XX-B beta rules', 12],
      ['XX-C-3', 'Outside any describe', 'XX-C', 15],
    ]);
  });

  it('reports a rule described both ways, or twice in the same words, but not two facets of one rule', () => {
    const rule = (id: string, behaviour: string, line: number): RuleCase => ({ ids: [id], behaviour, family: 'f', file: 't.ts', line });
    expect(findContradictions([rule('R-X-1', 'web-1 is created while web-0 is Ready', 1), rule('R-X-1', 'web-1 is not created while web-0 is Ready', 2)])).toEqual([
      'R-X-1 is described in contradictory ways: "web-1 is created while web-0 is Ready" (t.ts:1) and "web-1 is not created while web-0 is Ready" (t.ts:2).',
    ]);
    expect(findContradictions([rule('R-X-2', 'a claim is kept', 1), rule('R-X-2', 'a claim is kept', 9)])[0]).toMatch(/R-X-2 is described twice with the same words/);
    expect(findContradictions([rule('R-X-3', 'background: pods follow', 1), rule('R-X-3', 'foreground: the set waits', 2)])).toEqual([]);
    // The real tests have rules with several facets (SS-REC-6, SS-INT-6), which are fine.
    expect(distinctIds(rules).length).toBeLessThan(rules.length);
  });
});
