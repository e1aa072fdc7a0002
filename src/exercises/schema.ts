// The exercise format: one zod schema per concept, all in this file, so exercise.yaml has exactly one
// definition. Types are inferred from the schemas; `load.ts` turns zod issues into author-facing text.
import { z } from 'zod';

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const exerciseId = z.string().regex(kebab, 'expected a kebab-case id such as "headless-service"');
export const lessonSlug = z.string().regex(/^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lesson slug such as "10-stable-identity"');
export const nonEmpty = z.string().trim().min(1, 'expected a non-empty string');
const points = z.number().int('expected a whole number').min(0, 'expected a number of points ≥ 0');
const label = z.string().regex(kebab, 'expected a kebab-case step label such as "after-delete"');

/** Kinds the simulator knows; a typo here is caught when the exercise loads, not when a learner grades. */
export const KINDS = [
  'Pod',
  'StatefulSet',
  'Deployment',
  'ReplicaSet',
  'Service',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'ConfigMap',
  'Secret',
  'ControllerRevision',
  'Endpoints',
  'PodDisruptionBudget',
  'Node',
  'StorageClass',
  'Ingress',
] as const;
export const kind = z.enum(KINDS);

// ---------------------------------------------------------------------------------------------
// Scenario: what happens to the learner's YAML after it is applied. One action per step.

const kubeletSchema = z
  .object({
    bindDelayMs: z.number().min(0),
    readyDelayMs: z.number().min(0),
    terminateDelayMs: z.number().min(0),
    neverReady: z.boolean(),
    unready: z.array(z.string()),
    staggerMs: z.number().min(0),
  })
  .partial()
  .strict();

const methodSchema = z.enum(['GET', 'POST', 'PUT', 'DELETE']);
const headersSchema = z.record(z.string());

const requestSchema = z
  .object({
    target: nonEmpty,
    count: z.number().int().min(1).max(1000).default(1),
    method: methodSchema.default('GET'),
    path: nonEmpty.optional(),
    body: z.string().optional(),
    client: nonEmpty.optional(),
    connection: z.enum(['new', 'reuse']).optional(),
    headers: headersSchema.optional(),
    via: nonEmpty.optional(),
  })
  .strict();

const clientSchema = z
  .object({
    name: nonEmpty,
    target: nonEmpty,
    ratePerSecond: z.number().positive().max(1000),
    connection: z.enum(['short', 'long']).default('short'),
    via: nonEmpty.optional(),
    path: nonEmpty.optional(),
    method: methodSchema.optional(),
    headers: headersSchema.optional(),
    durationMs: z.number().int().min(0).max(3_600_000).optional(),
  })
  .strict();

export const STEP_ACTIONS = [
  'apply',
  'scale',
  'patch',
  'deletePod',
  'deleteObject',
  'failPod',
  'setReady',
  'kubelet',
  'writeFile',
  'advance',
  'runUntilStable',
  'stopNode',
  'startNode',
  'cordon',
  'uncordon',
  'drain',
  'deleteNode',
  'request',
  'startClient',
  'stopClient',
] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

export const stepSchema = z
  .object({
    label: label.optional(),
    /** Extra manifests (inline YAML) the scenario applies, e.g. a client that needs the learner's Service. */
    apply: nonEmpty.optional(),
    scale: z.object({ kind: kind.default('StatefulSet'), name: nonEmpty, replicas: z.number().int().min(0).max(50) }).strict().optional(),
    /** `image` patches the first container's image, `partition` the rolling-update partition; `body` is a raw strategic merge patch. */
    patch: z
      .object({
        kind: kind.default('StatefulSet'),
        name: nonEmpty,
        image: nonEmpty.optional(),
        partition: z.number().int().min(0).optional(),
        body: z.record(z.unknown()).optional(),
      })
      .strict()
      .refine((p) => p.image !== undefined || p.partition !== undefined || p.body !== undefined, {
        message: 'expected at least one of image, partition or body',
      })
      .optional(),
    deletePod: z.object({ name: nonEmpty, force: z.boolean().default(false) }).strict().optional(),
    deleteObject: z.object({ kind, name: nonEmpty, force: z.boolean().default(false) }).strict().optional(),
    failPod: nonEmpty.optional(),
    setReady: z.object({ pod: nonEmpty, ready: z.boolean() }).strict().optional(),
    kubelet: kubeletSchema.optional(),
    writeFile: z.object({ pod: nonEmpty, path: nonEmpty, content: z.string() }).strict().optional(),
    /** Simulated milliseconds to run. */
    advance: z.number().int().min(0).max(3_600_000).optional(),
    runUntilStable: z.literal(true).optional(),
    /** The node's kubelet stops reporting (power loss, partition); its pods become unreachable. */
    stopNode: nonEmpty.optional(),
    /** The node's kubelet reports again. */
    startNode: nonEmpty.optional(),
    /** `kubectl cordon` / `uncordon`: no new pods are scheduled on the node (or again allowed). */
    cordon: nonEmpty.optional(),
    uncordon: nonEmpty.optional(),
    /** `kubectl drain`: cordon, then evict the node's pods, retrying every 5 s while a PodDisruptionBudget refuses. */
    drain: nonEmpty.optional(),
    /** `kubectl delete node`: the Node object goes; PodGC then removes the pods bound to it. */
    deleteNode: nonEmpty.optional(),
    /** Sends `count` requests now, through a Service, DNS name or pod IP; a labelled step's results feed `requestsServed`. */
    request: requestSchema.optional(),
    /** A client that keeps sending requests while simulated time runs (stop it, or give durationMs, before a runUntilStable). */
    startClient: clientSchema.optional(),
    stopClient: nonEmpty.optional(),
  })
  .strict()
  .superRefine((step, ctx) => {
    const actions = STEP_ACTIONS.filter((a) => step[a] !== undefined);
    if (actions.length !== 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          actions.length === 0
            ? `expected exactly one action: one of ${STEP_ACTIONS.join(', ')}`
            : `expected exactly one action per step, found ${actions.join(' and ')}`,
      });
    }
  });
export type ScenarioStep = z.infer<typeof stepSchema>;

export const scenarioSchema = z
  .object({
    /** The kubelet model before the learner's YAML is applied. */
    kubelet: kubeletSchema.optional(),
    /** Steps after the learner's YAML is applied. Default: one `runUntilStable`. */
    steps: z.array(stepSchema).max(100, 'expected at most 100 steps').default([{ runUntilStable: true }]),
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema>;

// ---------------------------------------------------------------------------------------------
// Expectations: the closed set of things a check can assert. One evaluator per type in src/grader/expectations/.

const podNameList = z.array(nonEmpty).min(1, 'expected at least one pod name');

const expectations = [
  z.object({ type: z.literal('noErrors') }).strict(),
  z.object({ type: z.literal('diagnosticPresent'), code: nonEmpty }).strict(),
  z.object({ type: z.literal('diagnosticAbsent'), code: nonEmpty }).strict(),
  z.object({ type: z.literal('objectExists'), kind, name: nonEmpty }).strict(),
  z.object({ type: z.literal('objectAbsent'), kind, name: nonEmpty }).strict(),
  z
    .object({
      type: z.literal('field'),
      kind,
      name: nonEmpty,
      path: nonEmpty,
      equals: z.unknown().optional(),
      oneOf: z.array(z.unknown()).min(1).optional(),
      exists: z.boolean().optional(),
      matches: nonEmpty.optional(),
    })
    .strict(),
  z.object({ type: z.literal('podsReady'), set: nonEmpty, count: z.number().int().min(0) }).strict(),
  z
    .object({
      type: z.literal('podNames'),
      set: nonEmpty.optional(),
      selector: z.record(z.string()).optional(),
      equals: z.array(nonEmpty).optional(),
      matches: nonEmpty.optional(),
    })
    .strict(),
  z.object({ type: z.literal('creationOrder'), kind: z.literal('Pod').default('Pod'), names: podNameList, afterReady: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('deletionOrder'), names: podNameList, oneAtATime: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('firstDeleted'), set: nonEmpty, name: nonEmpty }).strict(),
  z.object({ type: z.literal('pvcForPod'), pod: nonEmpty, pvc: nonEmpty }).strict(),
  z.object({ type: z.literal('pvcSurvives'), pvc: nonEmpty, since: label }).strict(),
  z.object({ type: z.literal('dataSurvives'), pod: nonEmpty, path: nonEmpty, content: z.string() }).strict(),
  z.object({ type: z.literal('dnsResolves'), name: nonEmpty, count: z.number().int().min(0).optional(), toPod: nonEmpty.optional() }).strict(),
  z.object({ type: z.literal('podRevision'), pod: nonEmpty, revision: z.union([z.enum(['update', 'current']), z.number().int().min(1)]) }).strict(),
  z.object({ type: z.literal('statusField'), kind, name: nonEmpty, field: nonEmpty, equals: z.unknown() }).strict(),
  z.object({ type: z.literal('eventPresent'), reason: nonEmpty, object: nonEmpty.optional() }).strict(),
  z.object({ type: z.literal('answer'), question: nonEmpty }).strict(),
  z.object({ type: z.literal('podOnNode'), pod: nonEmpty, node: nonEmpty.optional(), notNode: nonEmpty.optional() }).strict(),
  z.object({ type: z.literal('podsSpread'), set: nonEmpty, topologyKey: nonEmpty.default('kubernetes.io/hostname') }).strict(),
  z
    .object({
      type: z.literal('requestsServed'),
      /** The label of the `request` step whose requests are judged, or several labels (judged together). */
      requests: z.union([label, z.array(label).min(1)]),
      /** Share of the step's requests that must succeed, 0 to 1. */
      atLeast: z.number().min(0).max(1).default(1),
      /** Success means this status; default any 2xx. */
      status: z.number().int().min(100).max(599).optional(),
      /** Success also needs the response body to contain this text. */
      bodyContains: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('appHealthy'),
      set: nonEmpty,
      /** At least this many pods of the set whose app model serves (default 1). */
      minServing: z.number().int().min(0).default(1),
      /** Also require one pod in this role, e.g. `leader` or `primary`. */
      role: nonEmpty.optional(),
    })
    .strict(),
] as const;

export const expectationSchema = z.discriminatedUnion('type', [...expectations]);
export type Expectation = z.infer<typeof expectationSchema>;
export type ExpectationType = Expectation['type'];
export const EXPECTATION_TYPES = expectations.map((e) => e.shape.type.value) as ExpectationType[];
/** Expectations judged on the diagnostics alone: still meaningful when the YAML has errors. */
export const DIAGNOSTIC_EXPECTATIONS: ReadonlySet<ExpectationType> = new Set(['noErrors', 'diagnosticPresent', 'diagnosticAbsent']);

export const checkSchema = z
  .object({
    id: exerciseId,
    title: nonEmpty,
    points: points.default(1),
    hidden: z.boolean().default(false),
    /** Evaluate on the cluster as it was right after the step with this label (default: at the end). */
    step: label.optional(),
    /** Learner-facing failure text: what went wrong and a nudge; never the answer. */
    message: nonEmpty,
    expect: expectationSchema,
  })
  .strict();
export type Check = z.infer<typeof checkSchema>;

// ---------------------------------------------------------------------------------------------
// Quiz questions.

export const optionSchema = z
  .object({
    id: exerciseId,
    text: nonEmpty,
    correct: z.boolean().default(false),
    /** Why this option is right or wrong; shown to a learner who picked it wrongly. */
    explanation: nonEmpty,
  })
  .strict();
export type QuizOption = z.infer<typeof optionSchema>;

export const questionSchema = z
  .object({
    id: exerciseId,
    type: z.enum(['single', 'multi', 'order']),
    prompt: nonEmpty,
    options: z.array(optionSchema).min(2, 'expected at least two options'),
    /** For `order` questions: every option id, in the right order. */
    answer: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const ids = q.options.map((o) => o.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['options', i, 'id'], message: `duplicate option id "${id}"` });
    });
    const correct = q.options.filter((o) => o.correct).length;
    if (q.type === 'single' && correct !== 1) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['options'], message: `expected exactly one option with correct: true, found ${correct}` });
    }
    if (q.type === 'multi' && correct < 1) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['options'], message: 'expected at least one option with correct: true' });
    }
    if (q.type === 'order') {
      const answer = q.answer ?? [];
      const same = answer.length === ids.length && [...answer].sort().join('\n') === [...ids].sort().join('\n');
      if (!same) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['answer'], message: `expected every option id exactly once, in the right order (${ids.join(', ')})` });
    } else if (q.answer !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['answer'], message: 'expected no answer list: single and multi questions mark options with correct: true' });
    }
  });
export type Question = z.infer<typeof questionSchema>;

// ---------------------------------------------------------------------------------------------
// The exercise file.

export const exerciseFileSchema = z
  .object({
    id: exerciseId,
    title: nonEmpty,
    lesson: lessonSlug,
    points: points,
    task: nonEmpty,
    hints: z.array(nonEmpty).min(1, 'expected at least one hint'),
    kind: z.enum(['yaml', 'quiz']),
    scenario: scenarioSchema.optional(),
    questions: z.array(questionSchema).optional(),
    checks: z.array(checkSchema).min(1, 'expected at least one check'),
    /** Ids of the checks the starter is meant to fail (the golden test holds the exercise to it). */
    starterFails: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((ex, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    const checkIds = ex.checks.map((c) => c.id);
    checkIds.forEach((id, i) => {
      if (checkIds.indexOf(id) !== i) issue(['checks', i, 'id'], `duplicate check id "${id}"`);
    });
    const total = ex.checks.reduce((sum, c) => sum + c.points, 0);
    if (total !== ex.points) issue(['points'], `expected the sum of the checks' points (${total}), found ${ex.points}`);
    const labels = (ex.scenario?.steps ?? []).flatMap((s) => (s.label ? [s.label] : []));
    labels.forEach((l, i) => {
      if (labels.indexOf(l) !== i) issue(['scenario', 'steps'], `duplicate step label "${l}"`);
    });
    const knownLabels = labels.length ? labels.join(', ') : 'none: add `label:` to a scenario step';
    const questionIds = (ex.questions ?? []).map((q) => q.id);
    ex.checks.forEach((check, i) => {
      if (check.step !== undefined && !labels.includes(check.step)) {
        issue(['checks', i, 'step'], `expected the label of a scenario step (${knownLabels}), found "${check.step}"`);
      }
      const e = check.expect;
      if (e.type === 'pvcSurvives' && !labels.includes(e.since)) {
        issue(['checks', i, 'expect', 'since'], `expected the label of a scenario step (${knownLabels}), found "${e.since}"`);
      }
      if (ex.kind === 'quiz' && e.type !== 'answer') issue(['checks', i, 'expect', 'type'], 'expected "answer": a quiz exercise checks answers only');
      if (ex.kind === 'yaml' && e.type === 'answer') issue(['checks', i, 'expect', 'type'], 'expected a cluster expectation: "answer" belongs to quiz exercises');
      if (e.type === 'answer' && !questionIds.includes(e.question)) {
        issue(['checks', i, 'expect', 'question'], `expected the id of a question (${questionIds.join(', ') || 'none defined'}), found "${e.question}"`);
      }
      if (e.type === 'requestsServed') {
        const requestLabels = (ex.scenario?.steps ?? []).flatMap((s) => (s.label && s.request ? [s.label] : []));
        for (const wanted of typeof e.requests === 'string' ? [e.requests] : e.requests) {
          if (!requestLabels.includes(wanted)) {
            issue(['checks', i, 'expect', 'requests'], `expected the label of a \`request\` scenario step (${requestLabels.join(', ') || 'none: label a request step'}), found "${wanted}"`);
          }
        }
      }
      if (e.type === 'podOnNode' && (e.node === undefined) === (e.notNode === undefined)) issue(['checks', i, 'expect'], 'expected exactly one of node or notNode');
      if (e.type === 'field') {
        const given = ['equals', 'oneOf', 'exists', 'matches'].filter((k) => (e as Record<string, unknown>)[k] !== undefined);
        if (given.length !== 1) issue(['checks', i, 'expect'], 'expected exactly one of equals, oneOf, exists or matches');
      }
      if (e.type === 'podNames') {
        if ((e.set === undefined) === (e.selector === undefined)) issue(['checks', i, 'expect'], 'expected exactly one of set or selector');
        if ((e.equals === undefined) === (e.matches === undefined)) issue(['checks', i, 'expect'], 'expected exactly one of equals or matches');
      }
      if ((e.type === 'field' || e.type === 'podNames') && 'matches' in e && e.matches !== undefined) {
        try {
          new RegExp(e.matches);
        } catch {
          issue(['checks', i, 'expect', 'matches'], 'expected a valid regular expression');
        }
      }
    });
    if (ex.kind === 'quiz') {
      if (!ex.questions?.length) issue(['questions'], 'expected at least one question for a quiz exercise');
      if (ex.scenario) issue(['scenario'], 'expected no scenario: a quiz exercise runs no simulation');
      questionIds.forEach((id, i) => {
        if (questionIds.indexOf(id) !== i) issue(['questions', i, 'id'], `duplicate question id "${id}"`);
      });
    } else if (ex.questions) {
      issue(['questions'], 'expected no questions: a yaml exercise is graded by its checks on the cluster');
    }
    (ex.starterFails ?? []).forEach((id, i) => {
      if (!checkIds.includes(id)) issue(['starterFails', i], `expected the id of a check (${checkIds.join(', ')}), found "${id}"`);
    });
  });
export type ExerciseFile = z.infer<typeof exerciseFileSchema>;

/** An exercise as the grader and the site use it: the file plus the YAML beside it. */
export interface Exercise extends ExerciseFile {
  /** The YAML the learner starts from (yaml exercises). */
  starter?: string;
  /** A reference solution (yaml exercises); the site should not ship it to learners. */
  solution?: string;
}
