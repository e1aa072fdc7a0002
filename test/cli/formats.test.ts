// The report formats on a hand-made report: escaping for XML and CSV (including spreadsheet
// formula injection from learner-chosen names) and the table layout.
import { describe, expect, it } from 'vitest';
import { formatCsv, formatJunit, formatTable } from '../../src/cli/formats';
import type { ClassReport } from '../../src/cli/report';

const report: ClassReport = {
  exercises: [{ id: 'headless-service', title: 'DNS', lesson: '10-stable-identity', maxScore: 2 }],
  learners: [
    {
      name: '=HYPERLINK("x")',
      source: 'class/evil',
      results: {
        'headless-service': {
          exerciseId: 'headless-service',
          score: 1,
          maxScore: 2,
          passed: false,
          diagnostics: [],
          checks: [
            { id: 'a', title: 'Service <exists>', hidden: false, passed: true, points: 1, earned: 1 },
            { id: 'b', title: 'Headless', hidden: true, passed: false, points: 1, earned: 0, message: 'Not "headless" & \u0001odd' },
          ],
        },
      },
      files: { 'headless-service': 'class/evil/headless-service.yaml' },
      score: 1,
      maxScore: 2,
      percent: 50,
      passed: false,
      problems: ['class/evil/x.bin: not read, binary, "quoted"'],
    },
  ],
  stats: [{ id: 'headless-service', title: 'DNS', maxScore: 2, submitted: 1, passed: 0, passRate: 0, meanScore: 1 }],
  passMark: 60,
  problems: [],
  internalErrors: 0,
};

describe('report formats', () => {
  it('CSV neutralises formulas and quotes commas and quotes', () => {
    expect(formatCsv(report)).toBe(
      [
        'learner,learner_id,source,headless-service,score,max_score,percent,passed,problems',
        `"'=HYPERLINK(""x"")",,class/evil,1,1,2,50,no,"class/evil/x.bin: not read, binary, ""quoted"""`,
        '',
      ].join('\n'),
    );
  });

  it('JUnit escapes markup and drops control characters', () => {
    expect(formatJunit(report)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="k8s-course-grade" tests="3" failures="1" errors="1">',
        '  <testsuite name="=HYPERLINK(&quot;x&quot;)" tests="3" failures="1" errors="1">',
        '    <testcase classname="=HYPERLINK(&quot;x&quot;).headless-service" name="Service &lt;exists&gt;"/>',
        '    <testcase classname="=HYPERLINK(&quot;x&quot;).headless-service" name="Headless"><failure message="Not &quot;headless&quot; &amp; odd"/></testcase>',
        '    <testcase classname="=HYPERLINK(&quot;x&quot;).problems" name="problem 1"><error message="class/evil/x.bin: not read, binary, &quot;quoted&quot;"/></testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('the table lines up columns, lists problems and, for one learner, every check, with control characters neutralised', () => {
    expect(formatTable(report)).toBe(
      [
        'Learner          headless-service  Total  %    Result  Problems',
        '=HYPERLINK("x")  1/2               1/2    50%  FAIL    1',
        '',
        'Pass rates (every check passed)',
        '  Exercise          Submitted  Passed  Pass rate  Mean score',
        '  headless-service  1/1        0       0%         1.0/2',
        '',
        'Pass mark 60%: 0 of 1 learner(s) reach it.',
        '',
        'Problems',
        '  =HYPERLINK("x"): class/evil/x.bin: not read, binary, "quoted"',
        '',
        '=HYPERLINK("x") / headless-service: 1/2 (class/evil/headless-service.yaml)',
        '  PASS Service <exists> (1/1)',
        '  FAIL Headless (0/1) [hidden]',
        '       Not "headless" & ?odd',
        '',
      ].join('\n'),
    );
  });
});
