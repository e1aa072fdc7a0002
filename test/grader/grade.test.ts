// gradeSubmission end to end on the real engine: diagnostics first, scenarios with labelled steps,
// budgets, determinism, redaction, and no exception on any input.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExerciseDefinition, type Exercise } from '../../src/exercises';
import { gradeSubmission, INTERNAL_ERROR_MESSAGE, NO_YAML_MESSAGE, redactHidden, seedFor } from '../../src/grader';
import { loadExercises } from '../../src/cli/exercises-dir';

const exercises = loadExercises(resolve(__dirname, '../../exercises'));
const headless = exercises.get('headless-service') as Exercise;
const storage = exercises.get('volume-claim-templates') as Exercise;
const ordering = exercises.get('ordered-scale-up') as Exercise;

describe('gradeSubmission on YAML exercises', () => {
  it('gives full marks to the solution, and reports each check', () => {
    const result = gradeSubmission(headless, { yaml: headless.solution });
    expect(result).toMatchObject({ exerciseId: 'headless-service', score: 4, maxScore: 4, passed: true });
    expect(result.checks.map((c) => [c.id, c.passed, c.earned])).toEqual([
      ['service-exists', true, 1],
      ['headless', true, 1],
      ['web-0-resolves', true, 1],
      ['web-2-resolves', true, 1],
    ]);
    expect(result.run).toBeUndefined();
  });

  it('fails every cluster check with the first YAML error, but still judges diagnostic checks', () => {
    const exercise: Exercise = {
      ...headless,
      points: 5,
      checks: [...headless.checks, { id: 'no-errors', title: 'No errors', points: 1, hidden: false, message: 'Fix the errors.', expect: { type: 'noErrors' } }],
    };
    const broken = (headless.solution as string).replace('  replicas: 3', '  replicas: [3');
    const result = gradeSubmission(exercise, { yaml: broken });
    const error = result.diagnostics.find((d) => d.severity === 'error');
    expect(error).toBeDefined();
    expect(result.score).toBe(0);
    const where = error!.line > 0 ? `line ${error!.line}:${error!.column}: ` : '';
    expect(result.checks[0].message).toBe(`Your YAML has errors; fix those first: ${where}${error!.message}`);
    expect(result.checks[4].message).toMatch(/^Fix the errors\. \(Seen: 1 error\(s\), the first: /);
  });

  it('says so when nothing was submitted', () => {
    const result = gradeSubmission(headless, { yaml: '  \n' });
    expect(result.checks.every((c) => c.message === NO_YAML_MESSAGE)).toBe(true);
    expect(result.score).toBe(0);
  });

  it('judges a check bound to a step on the cluster right after that step', () => {
    const result = gradeSubmission(storage, { yaml: storage.solution }, { includeRun: true });
    expect(result.passed).toBe(true);
    const texts = result.run!.timeline.map((e) => e.text);
    expect(texts.some((t) => /^pod\/web-1 deleting/.test(t))).toBe(true);
    expect(result.run!.history.length).toBeGreaterThan(0);
  });

  it('teaches with the check message plus what the simulator saw', () => {
    const result = gradeSubmission(ordering, { yaml: ordering.starter });
    const policy = result.checks.find((c) => c.id === 'policy');
    expect(policy?.message).toBe(
      'The StatefulSet still launches its pods without waiting for each other. Look at spec.podManagementPolicy. (Seen: spec.podManagementPolicy is "Parallel".)',
    );
  });

  it('is deterministic: the same submission gives the same result and timeline', () => {
    const a = gradeSubmission(ordering, { yaml: ordering.solution }, { includeRun: true });
    const b = gradeSubmission(ordering, { yaml: ordering.solution }, { includeRun: true });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(seedFor('ordered-scale-up')).toBe(seedFor('ordered-scale-up'));
    expect(seedFor('ordered-scale-up')).not.toBe(seedFor('headless-service'));
  });

  it('stops at the step budget with a limit error instead of running on', () => {
    const result = gradeSubmission(ordering, { yaml: ordering.solution }, { maxSteps: 3 });
    expect(result.errorKind).toBe('limit');
    expect(result.error).toMatch(/^The simulation stopped at step 1 \(wait until the cluster settles\) after \d+ engine steps, the grader's limit/);
    expect(result.passed).toBe(false);
  });

  it('notes a scenario step the learner\'s YAML made impossible', () => {
    const renamed = (storage.solution as string).replace(/^  name: web$/m, '  name: www');
    const result = gradeSubmission(storage, { yaml: renamed });
    expect(result.notes?.[0]).toBe('The scenario could not write /usr/share/nginx/html/index.html in pod web-1: there is no pod named "web-1".');
    expect(result.passed).toBe(false);
  });
});

describe('gradeSubmission never throws', () => {
  it('on arbitrary text as YAML', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = gradeSubmission(headless, { yaml: text }, { maxSteps: 2000 });
        expect(result.checks).toHaveLength(4);
        expect(result.score).toBeLessThanOrEqual(result.maxScore);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('on malformed submissions and exercises', () => {
    expect(gradeSubmission(headless, { yaml: 42 as unknown as string }).checks[0].message).toBe(NO_YAML_MESSAGE);
    const broken = { ...headless, checks: [{ ...headless.checks[0], expect: { type: 'nonsense' } }] } as unknown as Exercise;
    const result = gradeSubmission(broken, { yaml: headless.solution });
    expect(result.error ?? result.checks[0].message).toBeTruthy();
    const worse = gradeSubmission(null as unknown as Exercise, {});
    expect(worse).toMatchObject({ errorKind: 'internal', score: 0 });
    expect(worse.error?.startsWith(INTERNAL_ERROR_MESSAGE)).toBe(true);
  });
});

describe('quizzes', () => {
  const quiz = exercises.get('scale-down-order') as Exercise;
  it('grades answers without a simulation', () => {
    const result = gradeSubmission(quiz, { answers: { order: ['web-4', 'web-3', 'web-2'], blocked: 'carries-on', claims: 'five' } });
    expect(result.score).toBe(2);
    expect(result.checks[1].message).toBe(
      "Think about why OrderedReady removes pods one at a time, and what an unhealthy member means for the cluster. You picked \"It deletes web-4, web-3 and web-2 as usual; web-1's health does not matter.\": That is what Parallel pod management would do; OrderedReady checks the health of the pods it keeps.",
    );
  });
});

describe('redactHidden', () => {
  it('hides the outcome, title and message of hidden checks and counts only visible ones', () => {
    const result = gradeSubmission(headless, { yaml: headless.starter });
    const redacted = redactHidden(result);
    expect(redacted.checks[3]).toEqual({ id: 'web-2-resolves', title: 'Hidden check', hidden: true, points: 1, passed: false, earned: 0, redacted: true });
    expect(redacted.maxScore).toBe(3);
    expect(redacted.checks.slice(0, 3)).toEqual(result.checks.slice(0, 3));
  });
});

describe('a minimal exercise written inline', () => {
  it('runs scale and advance steps and judges the order of deletions', () => {
    const exercise = parseExerciseDefinition(
      `
id: scale-down-inline
title: Scale down
lesson: 12-ordering
points: 2
kind: yaml
task: t
hints: [h]
scenario:
  steps:
    - runUntilStable: true
    - scale: { name: web, replicas: 1 }
    - advance: 60000
checks:
  - { id: order, title: o, message: m, expect: { type: deletionOrder, names: [web-2, web-1], oneAtATime: true } }
  - { id: first, title: f, message: m, expect: { type: firstDeleted, set: web, name: web-2 } }
`,
      'inline.yaml',
    );
    const yaml = (exercises.get('stable-names') as Exercise).solution as string;
    const result = gradeSubmission(exercise, { yaml });
    expect(result.checks.map((c) => [c.id, c.passed, c.message])).toEqual([
      ['order', true, undefined],
      ['first', true, undefined],
    ]);
  });
});

describe('scenario steps', () => {
  const yaml = (exercises.get('stable-names') as Exercise).solution as string;
  const run = (steps: string, checks: string) =>
    gradeSubmission(
      parseExerciseDefinition(
        `id: steps\ntitle: t\nlesson: 12-ordering\npoints: ${(checks.match(/- \{ id:/g) ?? []).length}\nkind: yaml\ntask: t\nhints: [h]\nscenario:\n  steps:\n${steps}\nchecks:\n${checks}\n`,
        'steps.yaml',
      ),
      { yaml },
    );

  it('failPod makes the controller recreate the pod, with an event', () => {
    const result = run(
      '    - runUntilStable: true\n    - failPod: web-1\n    - runUntilStable: true',
      '  - { id: event, title: e, message: m, expect: { type: eventPresent, reason: RecreatingFailedPod, object: web } }\n  - { id: back, title: b, message: m, expect: { type: podsReady, set: web, count: 3 } }',
    );
    expect(result.checks.map((c) => [c.id, c.passed, c.message])).toEqual([
      ['event', true, undefined],
      ['back', true, undefined],
    ]);
  });

  it('setReady false on a kept pod blocks an OrderedReady scale-down; patch and deleteObject reach the cluster', () => {
    const result = run(
      [
        '    - runUntilStable: true',
        '    - setReady: { pod: web-0, ready: false }',
        '    - scale: { name: web, replicas: 1 }',
        '    - advance: 20000',
        '      label: blocked',
        '    - patch: { name: web, partition: 1 }',
        '    - deleteObject: { kind: Service, name: nginx }',
        '    - runUntilStable: true',
      ].join('\n'),
      [
        '  - { id: blocked, title: b, step: blocked, message: m, expect: { type: podNames, set: web, equals: [web-0, web-1, web-2] } }',
        '  - { id: partition, title: p, message: m, expect: { type: field, kind: StatefulSet, name: web, path: spec.updateStrategy.rollingUpdate.partition, equals: 1 } }',
        '  - { id: gone, title: g, message: m, expect: { type: objectAbsent, kind: Service, name: nginx } }',
      ].join('\n'),
    );
    expect(result.checks.map((c) => [c.id, c.passed, c.message])).toEqual([
      ['blocked', true, undefined],
      ['partition', true, undefined],
      ['gone', true, undefined],
    ]);
  });
});

describe('scenario steps for nodes and traffic', () => {
  const yaml = (exercises.get('stable-names') as Exercise).solution as string;
  const run = (steps: string[], checks: string[]) =>
    gradeSubmission(
      parseExerciseDefinition(
        `id: node-steps\ntitle: t\nlesson: 14-node-failure\npoints: ${checks.length}\nkind: yaml\ntask: t\nhints: [h]\nscenario:\n  steps:\n${steps.map((s) => `    ${s}`).join('\n')}\nchecks:\n${checks.map((c) => `  ${c}`).join('\n')}\n`,
        'node-steps.yaml',
      ),
      { yaml },
    );
  const outcome = (result: ReturnType<typeof run>) => result.checks.map((c) => [c.id, c.passed, c.message]);

  it('cordon keeps new pods off a node, so the default spreading alone puts two on one node; uncordon lets them back', () => {
    const result = run(
      ['- cordon: node-3', '- runUntilStable: true', '  label: cordoned', '- uncordon: node-3', '- deletePod: { name: web-2 }', '- runUntilStable: true'],
      [
        '- { id: off, title: o, step: cordoned, message: m, expect: { type: podOnNode, pod: web-2, notNode: node-3 } }',
        '- { id: shared, title: s, step: cordoned, message: m, expect: { type: podsSpread, set: web } }',
        '- { id: back, title: b, message: m, expect: { type: podOnNode, pod: web-2, node: node-3 } }',
      ],
    );
    expect(outcome(result)).toEqual([
      ['off', true, undefined],
      ['shared', false, 'm (Seen: web-0 and web-2 share node-1.)'],
      ['back', true, undefined],
    ]);
  });

  it('request steps record what each request got; a stopped node is tainted, its pods evicted, and requests avoid them', () => {
    const result = run(
      [
        '- runUntilStable: true',
        '- label: before',
        '  request: { target: nginx, count: 5 }',
        '- stopNode: node-1',
        '- advance: 400000',
        '- label: after',
        '  request: { target: web-0.nginx, count: 2 }',
        '- label: others',
        '  request: { target: nginx, count: 5 }',
      ],
      [
        '- { id: before, title: b, message: m, expect: { type: requestsServed, requests: before, status: 200, bodyContains: served by web- } }',
        '- { id: evicted, title: e, message: m, expect: { type: eventPresent, reason: TaintManagerEviction, object: web-0 } }',
        '- { id: after, title: a, message: m, expect: { type: requestsServed, requests: after } }',
        '- { id: others, title: o, message: m, expect: { type: requestsServed, requests: others } }',
      ],
    );
    expect(outcome(result).slice(0, 2)).toEqual([
      ['before', true, undefined],
      ['evicted', true, undefined],
    ]);
    expect(result.checks[2].passed).toBe(false);
    expect(result.checks[2].message).toMatch(/^m \(Seen: 0 of 2 request\(s\) succeeded; the first that did not: /);
    expect(result.checks[3]).toMatchObject({ passed: true });
    expect(result.notes).toBeUndefined();
  });

  it('drain evicts through the PodDisruptionBudget, and startNode brings a stopped node back', () => {
    const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 3\n  selector:\n    matchLabels:\n      app: nginx\n';
    const result = run(
      ['- runUntilStable: true', `- apply: ${JSON.stringify(pdb)}`, '- drain: node-2', '- advance: 20000', '  label: blocked', '- stopNode: node-3', '- advance: 60000', '- startNode: node-3', '- advance: 1000', '  label: back'],
      [
        '- { id: blocked, title: b, step: blocked, message: m, expect: { type: eventPresent, reason: EvictionBlocked } }',
        '- { id: kept, title: k, step: blocked, message: m, expect: { type: podOnNode, pod: web-1, node: node-2 } }',
        '- { id: cordoned, title: c, step: blocked, message: m, expect: { type: field, kind: Node, name: node-2, path: spec.unschedulable, equals: true } }',
        '- { id: back, title: r, step: back, message: m, expect: { type: podsReady, set: web, count: 3 } }',
      ],
    );
    expect(outcome(result)).toEqual([
      ['blocked', true, undefined],
      ['kept', true, undefined],
      ['cordoned', true, undefined],
      ['back', true, undefined],
    ]);
  });

  it('deleteNode removes the Node, and its pods are collected', () => {
    const result = run(
      ['- runUntilStable: true', '- deleteNode: node-2', '- advance: 60000', '  label: gone'],
      [
        '- { id: node, title: n, step: gone, message: m, expect: { type: objectAbsent, kind: Node, name: node-2 } }',
        '- { id: gc, title: g, step: gone, message: m, expect: { type: eventPresent, reason: PodGC } }',
      ],
    );
    expect(outcome(result)).toEqual([
      ['node', true, undefined],
      ['gc', true, undefined],
    ]);
  });

  it('a node that does not exist becomes a note naming the nodes, not a crash', () => {
    const result = run(['- runUntilStable: true', '- stopNode: node-9'], ['- { id: ready, title: r, message: m, expect: { type: podsReady, set: web, count: 3 } }']);
    expect(result.checks[0].passed).toBe(true);
    expect(result.notes).toEqual(['The scenario could not stop node node-9: There is no node named "node-9". Nodes: node-1, node-2, node-3.']);
  });

  it('a client keeps the cluster busy until it is stopped', () => {
    const check = ['- { id: ready, title: r, message: m, expect: { type: podsReady, set: web, count: 3 } }'];
    const client = '- startClient: { name: c, target: nginx, ratePerSecond: 5 }';
    const stopped = run(['- runUntilStable: true', client, '- advance: 2000', '- stopClient: c', '- runUntilStable: true'], check);
    expect(stopped.error).toBeUndefined();
    expect(stopped.passed).toBe(true);
    const running = run(['- runUntilStable: true', client, '- runUntilStable: true'], check);
    expect(running.errorKind).toBe('limit');
    expect(running.error).toMatch(/step 3 \(wait until the cluster settles\)/);
  });

  it('an advance whose window ends before the next pending work still moves the clock', () => {
    const result = run(
      ['- runUntilStable: true', '- patch: { name: web, image: nginx:1.27 }', '- advance: 500', '  label: early', '- runUntilStable: true'],
      ['- { id: early, title: e, step: early, message: m, expect: { type: podRevision, pod: web-0, revision: current } }', '- { id: done, title: d, message: m, expect: { type: podRevision, pod: web-0, revision: update } }'],
    );
    expect(result.error).toBeUndefined();
    expect(outcome(result)).toEqual([
      ['early', true, undefined],
      ['done', true, undefined],
    ]);
  });
});

describe('the capstone replicated-database on the real engine', () => {
  const capstone = exercises.get('replicated-database') as Exercise;
  const withChecks = (checks: Exercise['checks']): Exercise => ({ ...capstone, checks, points: checks.length });
  const healthy: Exercise['checks'] = [
    { id: 'quorum', title: 'q', points: 1, hidden: false, message: 'The database has no working majority.', expect: { type: 'appHealthy', set: 'db', minServing: 2, role: 'leader' } },
  ];

  it('the solution keeps a leader and a majority after node-3 is lost; the member there is unreachable', () => {
    const result = gradeSubmission(withChecks(healthy), { yaml: capstone.solution });
    expect(result.checks.map((c) => [c.id, c.passed, c.message])).toEqual([['quorum', true, undefined]]);
    const fewer = gradeSubmission(withChecks([{ ...healthy[0], expect: { type: 'appHealthy', set: 'db', minServing: 3 } }]), { yaml: capstone.solution });
    expect(fewer.checks[0].message).toMatch(/^The database has no working majority\. \(Seen: 2 serving: .*db-2 unreachable not serving/);
  });

  it('without anti-affinity all three members end on node-3 and lose their majority with it', () => {
    const wrong = readFileSync(resolve(__dirname, '../../exercises/15-databases-on-statefulsets/replicated-database/wrong/no-anti-affinity.yaml'), 'utf8');
    const result = gradeSubmission(withChecks(healthy), { yaml: wrong });
    expect(result.checks[0].passed).toBe(false);
    expect(result.checks[0].message).toMatch(/\(Seen: 0 serving: db-0 unreachable not serving, db-1 unreachable not serving, db-2 unreachable not serving; none is leader\.\)$/);
  });
});
