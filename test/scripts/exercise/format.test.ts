import { describe, expect, it } from 'vitest';
import { diffLines } from '../../../src/scripts/exercise/diff';
import { diagnosticText, hintButtonText, hintLabel, pointsText, scoreSummary } from '../../../src/scripts/exercise/format';
import type { GradeResult } from '../../../src/worker/protocol';

const check = (id: string, passed: boolean, points = 2, redacted = false) => ({ id, title: id, hidden: redacted, passed, points, earned: passed ? points : 0, ...(redacted ? { redacted } : {}) });

describe('texts', () => {
  it('summarises the score, counting hidden checks apart', () => {
    const r: GradeResult = { exerciseId: 'x', score: 6, maxScore: 10, passed: false, diagnostics: [], checks: [check('a', true), check('b', true), check('c', true), check('d', false), check('e', false)] };
    expect(scoreSummary(r)).toBe('3 of 5 checks passed, 6/10 points');
    const h: GradeResult = { exerciseId: 'x', score: 2, maxScore: 2, passed: true, diagnostics: [], checks: [check('a', true), check('h', false, 1, true)] };
    expect(scoreSummary(h)).toBe('1 of 1 check passed, 2/2 points (plus 1 hidden check, graded by your instructor). Well done!');
    expect(pointsText(check('a', false, 1))).toBe('0/1 point');
    expect(pointsText(check('h', false, 3, true))).toBe('3 points');
  });
  it('places diagnostics by line and column', () => {
    expect(diagnosticText({ severity: 'error', code: 'c', message: 'spec.replicas: expected a number.', line: 12, column: 7 })).toBe('Line 12, column 7: spec.replicas: expected a number.');
    expect(diagnosticText({ severity: 'warning', code: 'c', message: 'No Service.', line: 0, column: 0 })).toBe('Warning: No Service.');
  });
  it('counts hints', () => {
    expect(hintLabel(2, 3)).toBe('Hint 2 of 3');
    expect(hintButtonText(0, 3)).toBe('Show a hint');
    expect(hintButtonText(1, 3)).toBe('Show hint 2 of 3');
    expect(hintButtonText(3, 3)).toBe('No more hints');
  });
});

describe('diffLines', () => {
  it('marks removed and added lines around common ones', () => {
    expect(diffLines('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'B' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'd' },
    ]);
    expect(diffLines('same', 'same')).toEqual([{ op: ' ', text: 'same' }]);
    expect(diffLines('', 'x')).toEqual([{ op: '-', text: '' }, { op: '+', text: 'x' }]);
  });
  it('stays bounded on huge inputs', () => {
    const big = Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\n');
    const other = Array.from({ length: 3000 }, (_, i) => `other ${i}`).join('\n');
    const d = diffLines(big, other);
    expect(d.length).toBe(6000);
  });
});
