// A malformed exercise fails loudly, naming the file, the field path and what is expected.
import { describe, expect, it } from 'vitest';
import { buildExercise, ExerciseFormatError, expectedFailingCheck, parseAnswers, parseExerciseDefinition, quizSolution } from '../../src/exercises';

const FILE = 'exercises/10-stable-identity/headless-service/exercise.yaml';

const valid = `
id: headless-service
title: Give every pod a DNS name
lesson: 10-stable-identity
points: 2
kind: yaml
task: Fix the Service.
hints: [Look at serviceName.]
scenario:
  steps:
    - runUntilStable: true
      label: settled
checks:
  - id: service-exists
    title: The Service exists
    message: No Service named nginx.
    expect: { type: objectExists, kind: Service, name: nginx }
  - id: headless
    title: The Service is headless
    step: settled
    message: The Service has a cluster IP.
    expect: { type: field, kind: Service, name: nginx, path: spec.clusterIP, equals: None }
`;

function problems(text: string, file = FILE): string[] {
  try {
    parseExerciseDefinition(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(ExerciseFormatError);
    return (err as ExerciseFormatError).message.split('\n');
  }
  throw new Error('expected the exercise to be rejected');
}

describe('parseExerciseDefinition', () => {
  it('accepts a valid exercise and fills in defaults', () => {
    const ex = parseExerciseDefinition(valid, FILE);
    expect(ex.checks.map((c) => [c.id, c.points, c.hidden])).toEqual([
      ['service-exists', 1, false],
      ['headless', 1, false],
    ]);
    expect(ex.scenario?.steps).toEqual([{ runUntilStable: true, label: 'settled' }]);
  });

  it('names the file, the field path and the allowed kinds for an unknown kind', () => {
    expect(problems(valid.replace('kind: Service, name: nginx }\n  - id: headless', 'kind: Servce, name: nginx }\n  - id: headless'))).toEqual([
      `${FILE}: checks[0].expect.kind: expected one of Pod, StatefulSet, Deployment, ReplicaSet, Service, PersistentVolumeClaim, PersistentVolume, ConfigMap, Secret, ControllerRevision, Endpoints, PodDisruptionBudget, Node, StorageClass, Ingress, found "Servce"`,
    ]);
  });

  it('lists the expectation types for an unknown one', () => {
    expect(problems(valid.replace('type: objectExists', 'type: objectPresent'))).toEqual([
      `${FILE}: checks[0].expect.type: expected one of noErrors, diagnosticPresent, diagnosticAbsent, objectExists, objectAbsent, field, podsReady, podNames, creationOrder, deletionOrder, firstDeleted, pvcForPod, pvcSurvives, dataSurvives, dnsResolves, podRevision, statusField, eventPresent, answer, podOnNode, podsSpread, requestsServed, appHealthy`,
    ]);
  });

  it('reports a missing required field', () => {
    expect(problems(valid.replace('hints: [Look at serviceName.]\n', ''))).toEqual([`${FILE}: hints: required: expected a list`]);
  });

  it('reports unknown fields (typos) instead of ignoring them', () => {
    expect(problems(valid.replace('task: Fix the Service.', 'task: Fix the Service.\nhint: one'))).toEqual([`${FILE}: (top level): unknown field "hint"`]);
  });

  it('requires a step label that exists', () => {
    expect(problems(valid.replace('step: settled', 'step: later'))).toEqual([
      `${FILE}: checks[1].step: expected the label of a scenario step (settled), found "later"`,
    ]);
  });

  it('requires exactly one action per scenario step', () => {
    expect(problems(valid.replace('    - runUntilStable: true\n', '    - runUntilStable: true\n      advance: 100\n'))).toEqual([
      `${FILE}: scenario.steps[0]: expected exactly one action per step, found advance and runUntilStable`,
    ]);
  });

  it('requires the points to add up', () => {
    expect(problems(valid.replace('points: 2', 'points: 3'))).toEqual([`${FILE}: points: expected the sum of the checks' points (2), found 3`]);
  });

  it('requires kebab-case ids and unique check ids', () => {
    expect(problems(valid.replace('id: headless\n', 'id: service-exists\n').replace('id: headless-service', 'id: Headless_Service'))).toEqual([
      `${FILE}: id: expected a kebab-case id such as "headless-service"`,
      `${FILE}: checks[1].id: duplicate check id "service-exists"`,
    ]);
  });

  it('requires exactly one comparison in a field expectation', () => {
    expect(problems(valid.replace('equals: None }', 'equals: None, exists: true }'))).toEqual([
      `${FILE}: checks[1].expect: expected exactly one of equals, oneOf, exists or matches`,
    ]);
  });

  it('accepts the node and traffic steps, with defaults for a request', () => {
    const steps = [
      '    - stopNode: node-1',
      '    - drain: node-2',
      '    - request: { target: db, method: PUT, path: /kv/x, body: "1", count: 3 }',
      '      label: writes',
      '    - request: { target: db-0.db }',
      '    - startClient: { name: c, target: db, ratePerSecond: 5 }',
      '    - stopClient: c',
    ].join('\n');
    const ex = parseExerciseDefinition(valid.replace('    - runUntilStable: true\n', `${steps}\n    - runUntilStable: true\n`), FILE);
    expect(ex.scenario?.steps.slice(0, 6)).toEqual([
      { stopNode: 'node-1' },
      { drain: 'node-2' },
      { request: { target: 'db', method: 'PUT', path: '/kv/x', body: '1', count: 3 }, label: 'writes' },
      { request: { target: 'db-0.db', method: 'GET', count: 1 } },
      { startClient: { name: 'c', target: 'db', ratePerSecond: 5, connection: 'short' } },
      { stopClient: 'c' },
    ]);
  });

  it('requires requestsServed to name labelled request steps, and podOnNode one of node or notNode', () => {
    const withRequest = valid.replace('    - runUntilStable: true\n', '    - request: { target: nginx }\n      label: sent\n    - runUntilStable: true\n');
    expect(problems(withRequest.replace('{ type: objectExists, kind: Service, name: nginx }', '{ type: requestsServed, requests: [sent, settled] }'))).toEqual([
      `${FILE}: checks[0].expect.requests: expected the label of a \`request\` scenario step (sent), found "settled"`,
    ]);
    expect(parseExerciseDefinition(withRequest.replace('{ type: objectExists, kind: Service, name: nginx }', '{ type: requestsServed, requests: sent, atLeast: 0.5 }'), FILE).checks[0].expect).toEqual({
      type: 'requestsServed',
      requests: 'sent',
      atLeast: 0.5,
    });
    expect(problems(valid.replace('{ type: objectExists, kind: Service, name: nginx }', '{ type: podOnNode, pod: web-0, node: node-1, notNode: node-2 }'))).toEqual([
      `${FILE}: checks[0].expect: expected exactly one of node or notNode`,
    ]);
  });

  it('reports YAML syntax errors with a line and column', () => {
    expect(problems('id: [unclosed\n')).toEqual([expect.stringMatching(new RegExp(`^${FILE}: line \\d+:\\d+: YAML syntax error: `))]);
  });

  it('rejects a file that is not a mapping', () => {
    expect(problems('- just a list\n')).toEqual([
      `${FILE}: (top level): expected a mapping with id, title, lesson, points, task, hints, kind and checks`,
    ]);
  });

  it('keeps quiz and yaml checks apart', () => {
    expect(problems(valid.replace('type: objectExists, kind: Service, name: nginx', 'type: answer, question: q1'))).toEqual([
      `${FILE}: checks[0].expect.type: expected a cluster expectation: "answer" belongs to quiz exercises`,
      `${FILE}: checks[0].expect.question: expected the id of a question (none defined), found "q1"`,
    ]);
  });
});

const quiz = `
id: order-quiz
title: Order
lesson: 12-ordering
points: 2
kind: quiz
task: Order them.
hints: [Highest first.]
questions:
  - id: order
    type: order
    prompt: Order the deletions.
    options:
      - { id: web-1, text: web-1, explanation: lowest }
      - { id: web-2, text: web-2, explanation: highest }
    answer: [web-2, web-1]
  - id: pick
    type: single
    prompt: Pick one.
    options:
      - { id: a, text: A, correct: true, explanation: right }
      - { id: b, text: B, explanation: wrong }
checks:
  - { id: order, title: Orders, message: Not that order., expect: { type: answer, question: order } }
  - { id: pick, title: Picks, message: Not that one., expect: { type: answer, question: pick } }
`;

describe('quiz questions', () => {
  it('derive the full-marks answers from the file', () => {
    expect(quizSolution(parseExerciseDefinition(quiz, 'q.yaml'))).toEqual({ order: ['web-2', 'web-1'], pick: 'a' });
  });

  it('require an order answer that lists every option once', () => {
    expect(problems(quiz.replace('answer: [web-2, web-1]', 'answer: [web-2]'), 'q.yaml')).toEqual([
      'q.yaml: questions[0].answer: expected every option id exactly once, in the right order (web-1, web-2)',
    ]);
  });

  it('require exactly one right option in a single-choice question', () => {
    expect(problems(quiz.replace('{ id: b, text: B, explanation: wrong }', '{ id: b, text: B, correct: true, explanation: wrong }'), 'q.yaml')).toEqual([
      'q.yaml: questions[1].options: expected exactly one option with correct: true, found 2',
    ]);
  });
});

describe('buildExercise', () => {
  it('requires the folder names to match lesson and id, and starter and solution beside a yaml exercise', () => {
    expect(() =>
      buildExercise({ file: FILE, definition: valid, lessonFolder: '11-stable-storage', exerciseFolder: 'headless-service', solution: 'x' }),
    ).toThrow(
      [
        `${FILE}: lesson: expected "11-stable-storage" (the name of the lesson folder), found "10-stable-identity"`,
        `${FILE}: starter.yaml: required beside a yaml exercise (the YAML the learner starts from)`,
      ].join('\n'),
    );
  });

  it('attaches starter and solution to yaml exercises only', () => {
    expect(buildExercise({ file: FILE, definition: valid, starter: 'a', solution: 'b' })).toMatchObject({ starter: 'a', solution: 'b' });
    expect(buildExercise({ file: 'q.yaml', definition: quiz, starter: '{}', solution: 'x' }).starter).toBeUndefined();
  });
});

describe('helpers', () => {
  it('reads the expect-fail header of a wrong file', () => {
    expect(expectedFailingCheck('# expect-fail: headless\nkind: Service\n')).toBe('headless');
    expect(expectedFailingCheck('kind: Service\n# expect-fail: headless\n')).toBeUndefined();
  });

  it('parses quiz answers written as YAML and rejects other shapes', () => {
    expect(parseAnswers('order: [web-2, web-1]\npick: a\n')).toEqual({ ok: true, answers: { order: ['web-2', 'web-1'], pick: 'a' } });
    expect(parseAnswers('# nothing yet\n')).toEqual({ ok: true, answers: {} });
    expect(parseAnswers('pick: 3\n')).toEqual({
      ok: false,
      problem: 'expected question ids mapped to an option id or a list of option ids: pick: expected a string or a list, found a number',
    });
  });
});
