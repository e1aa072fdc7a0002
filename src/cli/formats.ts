// The grading report in four formats: a readable table (default), JSON, JUnit XML (CI test
// reporters, GitHub Classroom) and CSV (spreadsheets, gradebooks).
import type { ClassReport, LearnerReport } from './report';

export const FORMATS = ['table', 'json', 'junit', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

function cell(learner: LearnerReport, id: string): string {
  const r = learner.results[id];
  return r ? `${r.score}/${r.maxScore}${r.error ? '!' : ''}` : '-';
}

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}

export function formatTable(report: ClassReport, options: { details?: boolean } = {}): string {
  const out: string[] = [];
  const ids = report.exercises.map((e) => e.id);
  if (report.learners.length === 0) {
    out.push('No learners found: expected <exercise-id>.yaml files, progress bundles (.json) or one folder per learner.');
    for (const p of report.problems) out.push(`  (class folder): ${p}`);
    return out.join('\n') + '\n';
  }
  const header = ['Learner', ...ids, 'Total', '%', ...(report.passMark !== undefined ? ['Result'] : []), 'Problems'];
  const rows = report.learners.map((l) => [
    l.name,
    ...ids.map((id) => cell(l, id)),
    `${l.score}/${l.maxScore}`,
    `${l.percent}%`,
    ...(report.passMark !== undefined ? [l.passed ? 'pass' : 'FAIL'] : []),
    l.problems.length ? String(l.problems.length) : '',
  ]);
  out.push(...pad([header, ...rows]));
  out.push('');
  out.push('Pass rates (every check passed)');
  out.push(
    ...pad([
      ['Exercise', 'Submitted', 'Passed', 'Pass rate', 'Mean score'],
      ...report.stats.map((s) => [s.id, `${s.submitted}/${report.learners.length}`, String(s.passed), `${s.passRate}%`, `${s.meanScore.toFixed(1)}/${s.maxScore}`]),
    ]).map((l) => `  ${l}`),
  );
  if (report.passMark !== undefined) {
    const below = report.learners.filter((l) => !l.passed).length;
    out.push('', `Pass mark ${report.passMark}%: ${report.learners.length - below} of ${report.learners.length} learner(s) reach it.`);
  }
  const withProblems = report.learners.filter((l) => l.problems.length);
  if (withProblems.length || report.problems.length) {
    out.push('', 'Problems');
    for (const l of withProblems) for (const p of l.problems) out.push(`  ${l.name}: ${p}`);
    for (const p of report.problems) out.push(`  (class folder): ${p}`);
  }
  const errors = report.learners.flatMap((l) => Object.entries(l.results).filter(([, r]) => r.error).map(([id, r]) => `  ${l.name} / ${id}: ${r.error}`));
  if (errors.length) out.push('', 'Grading stopped early ("!" above)', ...errors);
  if (options.details ?? report.learners.length === 1) {
    for (const l of report.learners) {
      for (const [id, r] of Object.entries(l.results)) {
        out.push('', `${l.name} / ${id}: ${r.score}/${r.maxScore} (${l.files[id]})`);
        for (const c of r.checks) {
          out.push(`  ${c.passed ? 'PASS' : 'FAIL'} ${c.title} (${c.earned}/${c.points})${c.hidden ? ' [hidden]' : ''}`);
          if (!c.passed && c.message) out.push(`       ${c.message}`);
        }
      }
    }
  }
  // Learner-controlled text (folder names, values echoed from their YAML) must not drive the terminal.
  return out.map((line) => line.replace(/[\u0000-\u0008\u000B-\u001F\u007F\u009B]/g, '?')).join('\n') + '\n';
}

export function formatJson(report: ClassReport): string {
  const learners = report.learners.map((l) => ({
    ...l,
    results: Object.fromEntries(
      Object.entries(l.results).map(([id, r]) => {
        const { run: _run, ...rest } = r;
        return [id, { ...rest, file: l.files[id] }];
      }),
    ),
    files: undefined,
  }));
  return JSON.stringify({ format: 'k8s-course-grade-report', version: 1, ...report, learners }, null, 2) + '\n';
}

function xml(text: string): string {
  // Control characters are not allowed in XML 1.0 at all; drop them.
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function formatJunit(report: ClassReport): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let total = 0;
  let failures = 0;
  let errors = 0;
  const suites: string[] = [];
  for (const l of report.learners) {
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteErrors = 0;
    for (const exercise of report.exercises) {
      const r = l.results[exercise.id];
      const classname = xml(`${l.name}.${exercise.id}`);
      if (!r) {
        suiteFailures++;
        cases.push(`    <testcase classname="${classname}" name="submission"><failure message="No submission for this exercise."/></testcase>`);
        continue;
      }
      for (const c of r.checks) {
        if (c.passed) cases.push(`    <testcase classname="${classname}" name="${xml(c.title)}"/>`);
        else {
          suiteFailures++;
          cases.push(`    <testcase classname="${classname}" name="${xml(c.title)}"><failure message="${xml(c.message ?? 'failed')}"/></testcase>`);
        }
      }
    }
    l.problems.forEach((p, i) => {
      suiteErrors++;
      cases.push(`    <testcase classname="${xml(l.name)}.problems" name="problem ${i + 1}"><error message="${xml(p)}"/></testcase>`);
    });
    total += cases.length;
    failures += suiteFailures;
    errors += suiteErrors;
    suites.push(`  <testsuite name="${xml(l.name)}" tests="${cases.length}" failures="${suiteFailures}" errors="${suiteErrors}">`, ...cases, '  </testsuite>');
  }
  if (report.problems.length) {
    const cases = report.problems.map((p, i) => `    <testcase classname="class-folder.problems" name="problem ${i + 1}"><error message="${xml(p)}"/></testcase>`);
    total += cases.length;
    errors += cases.length;
    suites.push(`  <testsuite name="(class folder)" tests="${cases.length}" failures="0" errors="${cases.length}">`, ...cases, '  </testsuite>');
  }
  out.push(`<testsuites name="k8s-course-grade" tests="${total}" failures="${failures}" errors="${errors}">`, ...suites, '</testsuites>');
  return out.join('\n') + '\n';
}

function csvField(value: string): string {
  // A leading = + - @ would be run as a formula by spreadsheets: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatCsv(report: ClassReport): string {
  const ids = report.exercises.map((e) => e.id);
  const header = ['learner', 'learner_id', 'source', ...ids, 'score', 'max_score', 'percent', ...(report.passMark !== undefined ? ['passed'] : []), 'problems'];
  const rows = report.learners.map((l) => [
    l.name,
    l.id ?? '',
    l.source,
    ...ids.map((id) => (l.results[id] ? String(l.results[id].score) : '')),
    String(l.score),
    String(l.maxScore),
    String(l.percent),
    ...(report.passMark !== undefined ? [l.passed ? 'yes' : 'no'] : []),
    l.problems.join(' | '),
  ]);
  if (report.problems.length) {
    // Files that belong to no learner still reach the spreadsheet: a row of their own.
    rows.push(['(class folder)', '', '', ...ids.map(() => ''), '', '', '', ...(report.passMark !== undefined ? [''] : []), report.problems.join(' | ')]);
  }
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

export function formatReport(report: ClassReport, format: Format, details?: boolean): string {
  if (format === 'json') return formatJson(report);
  if (format === 'junit') return formatJunit(report);
  if (format === 'csv') return formatCsv(report);
  return formatTable(report, { details });
}
