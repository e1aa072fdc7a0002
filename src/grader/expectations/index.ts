// The closed set of expectation evaluators, one per type of src/exercises/schema.ts.
import type { Expectation, ExpectationType } from '../../exercises';
import type { EvalContext, Evaluator, Verdict } from '../context';
import { answer } from './answer';
import { appHealthy } from './appHealthy';
import { creationOrder } from './creationOrder';
import { dataSurvives } from './dataSurvives';
import { deletionOrder } from './deletionOrder';
import { diagnosticAbsent } from './diagnosticAbsent';
import { diagnosticPresent } from './diagnosticPresent';
import { dnsResolves } from './dnsResolves';
import { eventPresent } from './eventPresent';
import { field } from './field';
import { firstDeleted } from './firstDeleted';
import { noErrors } from './noErrors';
import { objectAbsent } from './objectAbsent';
import { objectExists } from './objectExists';
import { podNames } from './podNames';
import { podOnNode } from './podOnNode';
import { podRevision } from './podRevision';
import { podsReady } from './podsReady';
import { podsSpread } from './podsSpread';
import { pvcForPod } from './pvcForPod';
import { pvcSurvives } from './pvcSurvives';
import { requestsServed } from './requestsServed';
import { statusField } from './statusField';

export const evaluators: { [T in ExpectationType]: Evaluator<T> } = {
  noErrors,
  diagnosticPresent,
  diagnosticAbsent,
  objectExists,
  objectAbsent,
  field,
  podsReady,
  podNames,
  creationOrder,
  deletionOrder,
  firstDeleted,
  pvcForPod,
  pvcSurvives,
  dataSurvives,
  dnsResolves,
  podRevision,
  statusField,
  eventPresent,
  answer,
  podOnNode,
  podsSpread,
  requestsServed,
  appHealthy,
};

export function evaluate(expect: Expectation, ctx: EvalContext): Verdict {
  const evaluator = evaluators[expect.type] as Evaluator<ExpectationType>;
  return evaluator(expect as never, ctx);
}
