// The Demo format: parse errors read like the exercise loader's, and a demo grades as an exercise.
import { describe, expect, it } from 'vitest';
import { demoAsExercise, ExerciseFormatError, parseDemoDefinition } from '../../src/exercises';
import { gradeSubmission } from '../../src/grader';

const manifests = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels: { app: nginx }
  template:
    metadata:
      labels: { app: nginx }
    spec:
      containers:
        - name: nginx
          image: nginx:1.25
`;

function demoText(claims: string, extra = ''): string {
  const indented = manifests.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
  return `id: two-pods
title: Two pods
caption: Two pods start, in order.
lesson: 12-ordering
manifests: |
${indented}${extra}
claims:
${claims}`;
}

const goodClaims = `  - id: names
    title: The pods are web-0 and web-1
    message: The pods are not named web-0 and web-1.
    expect: { type: podNames, set: web, equals: [web-0, web-1] }
`;

function problems(text: string, file = 'content/demos/two-pods.yaml'): string[] {
  try {
    parseDemoDefinition(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(ExerciseFormatError);
    return (err as ExerciseFormatError).problems;
  }
  return [];
}

describe('parseDemoDefinition', () => {
  it('reads a demo with its manifests, default scenario and claims', () => {
    const demo = parseDemoDefinition(demoText(goodClaims), 'content/demos/two-pods.yaml');
    expect(demo.id).toBe('two-pods');
    expect(demo.manifests.trimEnd()).toBe(manifests.trimEnd());
    expect(demo.claims.map((c) => c.id)).toEqual(['names']);
  });

  it('names the field and what is expected', () => {
    expect(problems(demoText(goodClaims).replace('caption: Two pods start, in order.\n', ''))).toEqual(['caption: required: expected a string']);
    expect(problems(demoText(goodClaims.replace('type: podNames', 'type: podNamez')))).toEqual([
      expect.stringMatching(/^claims\[0\]\.expect\.type: expected one of noErrors, /),
    ]);
    expect(problems(demoText(goodClaims + '    points: 2\n'))).toEqual(['claims[0]: unknown field "points"']);
    expect(problems('id: [')).toEqual([expect.stringMatching(/^line 1:\d+: YAML syntax error: /)]);
    expect(problems('- a list')).toEqual(['(top level): expected a mapping with id, title, caption, lesson, manifests and claims']);
  });

  it('applies the exercise rules across fields, reported against claims', () => {
    const atUnknownStep = goodClaims + '    step: after-scale\n';
    expect(problems(demoText(atUnknownStep))).toEqual([
      'claims[0].step: expected the label of a scenario step (none: add `label:` to a scenario step), found "after-scale"',
    ]);
    expect(problems(demoText(goodClaims + goodClaims))).toEqual(['claims[1].id: duplicate check id "names"']);
    expect(problems(demoText(goodClaims.replace('{ type: podNames, set: web, equals: [web-0, web-1] }', '{ type: answer, question: q }')))).toContain(
      'claims[0].expect.type: expected a cluster expectation: "answer" belongs to quiz exercises',
    );
  });

  it('wants the file named after the id', () => {
    expect(problems(demoText(goodClaims), 'content/demos/other.yaml')).toEqual(['id: expected "other" (the file name), found "two-pods"']);
  });

  it('puts the file name in the error message', () => {
    expect(() => parseDemoDefinition('- a list', 'content/demos/x.yaml')).toThrow(/^content\/demos\/x\.yaml: \(top level\)/);
  });
});

describe('demoAsExercise', () => {
  it('grades the manifests against the claims: true claims pass, false ones fail with their message', () => {
    const falseClaim = `  - id: three
    title: Three pods
    message: There are not three pods.
    expect: { type: podsReady, set: web, count: 3 }
`;
    const demo = parseDemoDefinition(demoText(goodClaims + falseClaim), 'content/demos/two-pods.yaml');
    const exercise = demoAsExercise(demo);
    expect(exercise.kind).toBe('yaml');
    expect(exercise.points).toBe(2);
    const result = gradeSubmission(exercise, { yaml: demo.manifests });
    expect(result.checks.map((c) => [c.id, c.passed])).toEqual([
      ['names', true],
      ['three', false],
    ]);
    expect(result.checks[1].message).toMatch(/^There are not three pods\./);
  });

  it('plays the demo scenario', () => {
    const scenario = `
scenario:
  steps:
    - runUntilStable: true
    - scale: { name: web, replicas: 1 }
    - runUntilStable: true`;
    const claim = `  - id: one-left
    title: One pod is left
    message: web-1 was not removed.
    expect: { type: podNames, set: web, equals: [web-0] }
`;
    const demo = parseDemoDefinition(demoText(claim, scenario), 'content/demos/two-pods.yaml');
    expect(gradeSubmission(demoAsExercise(demo), { yaml: demo.manifests }).passed).toBe(true);
  });
});
