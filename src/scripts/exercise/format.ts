// Learner-facing texts of the exercise widget, as pure functions so tests can pin them.
import type { CheckResult, Diagnostic, GradeResult } from '../../worker/protocol';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "3 of 5 checks passed, 6/10 points" (+ how many hidden checks are graded later). */
export function scoreSummary(result: GradeResult): string {
  const visible = result.checks.filter((c) => !c.redacted);
  const hidden = result.checks.length - visible.length;
  const passed = visible.filter((c) => c.passed).length;
  let text = `${passed} of ${plural(visible.length, 'check')} passed, ${result.score}/${result.maxScore} points`;
  if (hidden > 0) text += ` (plus ${plural(hidden, 'hidden check')}, graded by your instructor)`;
  if (visible.length > 0 && passed === visible.length) text += '. Well done!';
  return text;
}

export type CheckStatus = 'passed' | 'failed' | 'hidden';

export function checkStatus(check: CheckResult): CheckStatus {
  if (check.redacted) return 'hidden';
  return check.passed ? 'passed' : 'failed';
}

export const STATUS_TEXT: Record<CheckStatus, string> = { passed: 'Passed', failed: 'Failed', hidden: 'Hidden check' };
export const STATUS_ICON: Record<CheckStatus, string> = { passed: '✓', failed: '✗', hidden: '?' };

export function pointsText(check: CheckResult): string {
  if (check.redacted) return plural(check.points, 'point');
  return `${check.earned}/${plural(check.points, 'point')}`;
}

/** "Line 12, column 7: message" (no place when the engine had none). */
export function diagnosticText(d: Diagnostic): string {
  const severity = d.severity === 'error' ? '' : d.severity === 'warning' ? 'Warning: ' : 'Note: ';
  const place = d.line > 0 ? `Line ${d.line}, column ${Math.max(1, d.column)}: ` : '';
  return `${place}${severity}${d.message}`;
}

export function hintLabel(shown: number, total: number): string {
  return `Hint ${shown} of ${total}`;
}

export function hintButtonText(shown: number, total: number): string {
  if (shown >= total) return 'No more hints';
  return shown === 0 ? 'Show a hint' : `Show hint ${shown + 1} of ${total}`;
}
