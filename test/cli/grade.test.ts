// The grading command on a fixture class (test/fixtures/class), plus hostile files made at test
// time in a temporary copy: a binary file, a file over 1 MB, links leaving the folder, a dangling link.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGrade } from '../../src/cli/grade';

const repo = resolve(__dirname, '../..');
const exercisesDir = join(repo, 'exercises');
let work: string;

function grade(...argv: string[]): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const status = runGrade([...argv, '--exercises', exercisesDir], { cwd: work, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { status, out, err };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'grade-cli-'));
  cpSync(join(repo, 'test/fixtures/class'), join(work, 'class'), { recursive: true });
  const outside = join(work, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.yaml'), 'kind: Secret\n');
  mkdirSync(join(work, 'class/dave'));
  writeFileSync(join(work, 'class/dave/headless-service.yaml'), Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x00, 0x01, 0x02]));
  symlinkSync('./missing.yaml', join(work, 'class/dave/stable-names.yaml'));
  mkdirSync(join(work, 'class/frank'));
  writeFileSync(join(work, 'class/frank/headless-service.yaml'), `# ${'x'.repeat(80)}\n`.repeat(20_000));
  mkdirSync(join(work, 'class/grace'));
  symlinkSync('../alice/headless-service.yaml', join(work, 'class/grace/headless-service.yaml'));
  symlinkSync(join(outside, 'secret.yaml'), join(work, 'class/grace/classify-services.yaml'));
  symlinkSync(outside, join(work, 'class/mallory'));
  writeFileSync(join(work, 'class/notes.txt'), 'grading notes\n');
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('grade: a class folder', () => {
  it('prints a table with scores, pass rates and every problem, and exits 0 without a pass mark', () => {
    const { status, out, err } = grade('class');
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(out).toMatchInlineSnapshot(`
      "Learner  classify-services  headless-service  Total  %     Problems
      alice    3/3                4/4               7/7    100%
      bob      -                  0/4               0/7    0%    1
      Carol    2/3                4/4               6/7    85%
      dave     -                  -                 0/7    0%    2
      erin     2/3                -                 2/7    28%   2
      frank    -                  -                 0/7    0%    1
      grace    -                  4/4               4/7    57%   1
      mallory  -                  -                 0/7    0%    1

      Pass rates (every check passed)
        Exercise           Submitted  Passed  Pass rate  Mean score
        classify-services  3/8        1       13%        0.9/3
        headless-service   4/8        3       38%        1.5/4

      Problems
        bob: class/bob/progress.json: not valid JSON: it ends too early; was the export cut short or edited by hand?
        dave: class/dave/headless-service.yaml: not read: it is a binary file (it contains NUL bytes), not text
        dave: class/dave/stable-names.yaml: refused: it is a symbolic link whose target cannot be read (it does not exist)
        erin: class/erin/not-an-exercise.yaml: unknown exercise "not-an-exercise"; no exercise of the course has that id
        erin: class/erin/notes.txt: skipped: not a .yaml or .json file
        frank: class/frank/headless-service.yaml: not read: it is 1.6 MB, over the 1.0 MB limit
        grace: class/grace/classify-services.yaml: refused: it is a symbolic link to something outside the class folder
        mallory: class/mallory: refused: it is a symbolic link to something outside the class folder
        (class folder): class/notes.txt: skipped: not a learner folder, a .yaml or a .json file
      "
    `);
  });

  it('exits 1 when a learner is below the pass mark, 0 when nobody is', () => {
    const strict = grade('class', '--pass-mark', '100');
    expect(strict.status).toBe(1);
    expect(strict.out).toContain('Pass mark 100%: 1 of 8 learner(s) reach it.');
    expect(grade('class', '--pass-mark', '0').status).toBe(0);
  });

  it('writes JSON with every check result and problem', () => {
    const { status, out } = grade('class', '--format', 'json');
    expect(status).toBe(0);
    const report = JSON.parse(out);
    expect(report.format).toBe('k8s-course-grade-report');
    expect(report.exercises.map((e: { id: string }) => e.id)).toEqual(['classify-services', 'headless-service']);
    const summary = report.learners.map((l: { name: string; score: number; maxScore: number; problems: string[] }) => [l.name, l.score, l.maxScore, l.problems.length]);
    expect(summary).toEqual([
      ['alice', 7, 7, 0],
      ['bob', 0, 7, 1],
      ['Carol', 6, 7, 0],
      ['dave', 0, 7, 2],
      ['erin', 2, 7, 2],
      ['frank', 0, 7, 1],
      ['grace', 4, 7, 1],
      ['mallory', 0, 7, 1],
    ]);
    expect(report.learners[2].id).toBe('c-42');
    expect(report.learners[1].results['headless-service'].checks[0]).toEqual({
      id: 'service-exists',
      title: 'The Service named in serviceName exists',
      hidden: false,
      passed: false,
      points: 1,
      earned: 0,
      message: expect.stringMatching(/^The StatefulSet's serviceName names a Service that does not exist\./),
    });
    expect(report.problems).toEqual(['class/notes.txt: skipped: not a learner folder, a .yaml or a .json file']);
  });

  it('writes JUnit XML: a suite per learner, a case per check, problems as errors', () => {
    const { out } = grade('class', '--format', 'junit', '--exercise', 'classify-services');
    expect(out).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="k8s-course-grade" tests="23" failures="7" errors="9">
        <testsuite name="alice" tests="3" failures="0" errors="0">
          <testcase classname="alice.classify-services" name="Picks out the stateful services"/>
          <testcase classname="alice.classify-services" name="Knows what a stateless replica's death does to the others"/>
          <testcase classname="alice.classify-services" name="Defines a pet"/>
        </testsuite>
        <testsuite name="bob" tests="2" failures="1" errors="1">
          <testcase classname="bob.classify-services" name="submission"><failure message="No submission for this exercise."/></testcase>
          <testcase classname="bob.problems" name="problem 1"><error message="class/bob/progress.json: not valid JSON: it ends too early; was the export cut short or edited by hand?"/></testcase>
        </testsuite>
        <testsuite name="Carol" tests="3" failures="1" errors="0">
          <testcase classname="Carol.classify-services" name="Picks out the stateful services"/>
          <testcase classname="Carol.classify-services" name="Knows what a stateless replica's death does to the others"><failure message="Think about what the other replicas would need from the one that died. You picked &quot;They stop serving until the crashed replica's data is copied to its replacement.&quot;: A stateless replica has no data of its own to copy; that is what makes it stateless."/></testcase>
          <testcase classname="Carol.classify-services" name="Defines a pet"/>
        </testsuite>
        <testsuite name="dave" tests="3" failures="1" errors="2">
          <testcase classname="dave.classify-services" name="submission"><failure message="No submission for this exercise."/></testcase>
          <testcase classname="dave.problems" name="problem 1"><error message="class/dave/headless-service.yaml: not read: it is a binary file (it contains NUL bytes), not text"/></testcase>
          <testcase classname="dave.problems" name="problem 2"><error message="class/dave/stable-names.yaml: refused: it is a symbolic link whose target cannot be read (it does not exist)"/></testcase>
        </testsuite>
        <testsuite name="erin" tests="5" failures="1" errors="2">
          <testcase classname="erin.classify-services" name="Picks out the stateful services"><failure message="Not quite. For each service, ask whether an instance holds data that must outlive it. You picked &quot;nginx serving the static files of a website&quot;: The files come with the image (or from shared storage); any replica answers the same way, so nginx here is stateless. You left out 2 right options."/></testcase>
          <testcase classname="erin.classify-services" name="Knows what a stateless replica's death does to the others"/>
          <testcase classname="erin.classify-services" name="Defines a pet"/>
          <testcase classname="erin.problems" name="problem 1"><error message="class/erin/not-an-exercise.yaml: unknown exercise &quot;not-an-exercise&quot;; no exercise of the course has that id"/></testcase>
          <testcase classname="erin.problems" name="problem 2"><error message="class/erin/notes.txt: skipped: not a .yaml or .json file"/></testcase>
        </testsuite>
        <testsuite name="frank" tests="2" failures="1" errors="1">
          <testcase classname="frank.classify-services" name="submission"><failure message="No submission for this exercise."/></testcase>
          <testcase classname="frank.problems" name="problem 1"><error message="class/frank/headless-service.yaml: not read: it is 1.6 MB, over the 1.0 MB limit"/></testcase>
        </testsuite>
        <testsuite name="grace" tests="2" failures="1" errors="1">
          <testcase classname="grace.classify-services" name="submission"><failure message="No submission for this exercise."/></testcase>
          <testcase classname="grace.problems" name="problem 1"><error message="class/grace/classify-services.yaml: refused: it is a symbolic link to something outside the class folder"/></testcase>
        </testsuite>
        <testsuite name="mallory" tests="2" failures="1" errors="1">
          <testcase classname="mallory.classify-services" name="submission"><failure message="No submission for this exercise."/></testcase>
          <testcase classname="mallory.problems" name="problem 1"><error message="class/mallory: refused: it is a symbolic link to something outside the class folder"/></testcase>
        </testsuite>
        <testsuite name="(class folder)" tests="1" failures="0" errors="1">
          <testcase classname="class-folder.problems" name="problem 1"><error message="class/notes.txt: skipped: not a learner folder, a .yaml or a .json file"/></testcase>
        </testsuite>
      </testsuites>
      "
    `);
  });

  it('writes CSV with one row per learner, quoting fields that need it', () => {
    const { out } = grade('class', '--format', 'csv', '--pass-mark', '50');
    expect(out).toMatchInlineSnapshot(`
      "learner,learner_id,source,classify-services,headless-service,score,max_score,percent,passed,problems
      alice,,class/alice,3,4,7,7,100,yes,
      bob,,class/bob,,0,0,7,0,no,class/bob/progress.json: not valid JSON: it ends too early; was the export cut short or edited by hand?
      Carol,c-42,class/carol.json,2,4,6,7,85,yes,
      dave,,class/dave,,,0,7,0,no,"class/dave/headless-service.yaml: not read: it is a binary file (it contains NUL bytes), not text | class/dave/stable-names.yaml: refused: it is a symbolic link whose target cannot be read (it does not exist)"
      erin,,class/erin,2,,2,7,28,no,"class/erin/not-an-exercise.yaml: unknown exercise ""not-an-exercise""; no exercise of the course has that id | class/erin/notes.txt: skipped: not a .yaml or .json file"
      frank,,class/frank,,,0,7,0,no,"class/frank/headless-service.yaml: not read: it is 1.6 MB, over the 1.0 MB limit"
      grace,,class/grace,,4,4,7,57,yes,class/grace/classify-services.yaml: refused: it is a symbolic link to something outside the class folder
      mallory,,class/mallory,,,0,7,0,no,class/mallory: refused: it is a symbolic link to something outside the class folder
      (class folder),,,,,,,,,"class/notes.txt: skipped: not a learner folder, a .yaml or a .json file"
      "
    `);
  });
});

describe('grade: single files', () => {
  it('grades one YAML file against --exercise and lists every check', () => {
    const { status, out } = grade('class/bob/headless-service.yaml', '--exercise', 'headless-service', '--pass-mark', '100');
    expect(status).toBe(1);
    // Pod IPs come from the engine's seeded generator: not this command's business.
    expect(out.replace(/\b10\.\d+\.\d+\.\d+\b/g, '<ip>')).toMatchInlineSnapshot(`
      "Learner  headless-service  Total  %   Result  Problems
      bob      0/4               0/4    0%  FAIL

      Pass rates (every check passed)
        Exercise          Submitted  Passed  Pass rate  Mean score
        headless-service  1/1        0       0%         0.0/4

      Pass mark 100%: 0 of 1 learner(s) reach it.

      bob / headless-service: 0/4 (class/bob/headless-service.yaml)
        FAIL The Service named in serviceName exists (0/1)
             The StatefulSet's serviceName names a Service that does not exist. Per-pod DNS names hang off that exact Service. (Seen: Service objects: web-svc.)
        FAIL The Service is headless (0/1)
             The Service nginx has a cluster IP, so DNS answers with one shared address instead of one record per pod. (Seen: no Service named "nginx".)
        FAIL web-0.nginx.default.svc.cluster.local resolves to web-0 (0/1)
             web-0.nginx.default.svc.cluster.local does not resolve to web-0's IP. Check that the Service selects the StatefulSet's pods. (Seen: web-0.nginx.default.svc.cluster.local does not resolve (NXDOMAIN); web-0 has IP <ip>.)
        FAIL Every pod has its own name (0/1) [hidden]
             Not every pod of web resolves under its own name. (Seen: web-2.nginx.default.svc.cluster.local does not resolve (NXDOMAIN); web-2 has IP <ip>.)
      "
    `);
  });

  it('takes the exercise from the file name', () => {
    const { status, out } = grade('class/alice/headless-service.yaml', '--pass-mark', '100');
    expect(status).toBe(0);
    expect(out.split('\n')[1]).toMatch(/^alice\s+4\/4\s+4\/4\s+100%\s+pass$/);
  });

  it('grades a progress bundle, naming the learner from it', () => {
    const { status, out } = grade('class/carol.json', '--format', 'csv');
    expect(status).toBe(0);
    expect(out).toBe(
      'learner,learner_id,source,classify-services,headless-service,score,max_score,percent,problems\nCarol,c-42,class/carol.json,2,4,6,7,85,\n',
    );
  });
});

describe('grade: usage errors exit 2', () => {
  it.each([
    [[], 'grade: no PATH given: name a YAML file, a progress bundle or a class folder'],
    [['class', '--colour'], 'grade: unknown option --colour'],
    [['class', '--format', 'xml'], 'grade: --format xml: expected one of table, json, junit, csv'],
    [['class', '--pass-mark', '120'], 'grade: --pass-mark 120: expected a percentage from 0 to 100'],
    [['nowhere'], 'grade: nowhere: no such file or folder'],
    [['class/erin/notes.txt'], 'grade: class/erin/notes.txt: expected a .yaml file, a progress bundle (.json) or a class folder'],
    [['class/erin/not-an-exercise.yaml'], 'grade: class/erin/not-an-exercise.yaml: cannot tell which exercise this file answers; name it <exercise-id>.yaml or pass --exercise ID'],
  ])('%j', (argv, first) => {
    const { status, out, err } = grade(...argv);
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')[0]).toBe(first);
  });

  it('names the known ids for an unknown --exercise', () => {
    const { status, err } = grade('class', '--exercise', 'nope');
    expect(status).toBe(2);
    expect(err.split('\n')[0]).toMatch(/^grade: --exercise nope: no such exercise; known ids: classify-services, /);
  });

  it('prints the usage with --help', () => {
    const { status, out } = grade('--help');
    expect(status).toBe(0);
    expect(out).toMatch(/^Usage: npm run grade -- PATH\.\.\. \[options\]/);
  });
});

describe('the k8s-course-grade bin', () => {
  it('runs the command through tsx and returns its exit status', () => {
    const run = spawnSync(process.execPath, [join(repo, 'bin/grade.mjs'), join(repo, 'exercises/12-ordering/scale-down-order/solution.yaml'), '--exercise', 'scale-down-order', '--pass-mark', '100', '--format', 'csv'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe('solution,,exercises/12-ordering/scale-down-order/solution.yaml,3,3,3,100,yes,');
  });
});
