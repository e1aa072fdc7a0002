// Shared pieces of the API server's validation: object metadata, labels and label selectors
// (k8s.io/apimachinery .../validation: ValidateObjectMeta, ValidateLabels, ValidateLabelSelector).
import { describeRule, labelValueProblem, nameProblem, type NameRule, qualifiedNameProblem } from '../names';
import { childPath, indexPath } from '../paths';
import { isRecord, quote, type Report } from '../report';
import { selectorMatches as matchesLabelSelector, type LabelSelectorRequirement } from '../../cluster/labels';

export type Rec = Record<string, unknown>;

export function rec(value: unknown): Rec | undefined {
  return isRecord(value) ? value : undefined;
}
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
export function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** ValidateNonnegativeField. */
export function nonNegative(report: Report, path: string, value: unknown): void {
  const n = int(value);
  if (n !== undefined && n < 0) report.error('invalid-value', path, `${path}: Invalid value: ${n}: must be greater than or equal to 0.`);
}

export function oneOf(report: Report, path: string, value: unknown, allowed: string[], nudge = ''): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string' && allowed.includes(value)) return;
  const list = [...allowed].sort().map((v) => `"${v}"`).join(', ');
  report.error('unsupported-value', path, `${path}: Unsupported value: ${quote(value)}: supported values: ${list}.${nudge}`);
}

/** The name rule of each kind's `metadata.name` (ValidateStatefulSetName, ValidateServiceName, ...). */
export function nameRuleOf(kind: string): NameRule {
  if (kind === 'StatefulSet' || kind === 'Namespace') return 'dns1123-label';
  if (kind === 'Service') return 'dns1035-label';
  return 'dns1123-subdomain';
}

export function checkName(report: Report, path: string, value: string, rule: NameRule, what: string): void {
  const problem = nameProblem(value, rule);
  if (problem) {
    report.error('invalid-name', path, `${path}: ${quote(value)} is not a valid ${what}: ${problem}. It must be ${describeRule(rule)}.`);
  }
}

/** ValidateObjectMeta (what `kubectl apply` needs): a valid name, namespace, labels, annotations. */
export function validateMetadata(report: Report, kind: string, meta: unknown): void {
  const m = rec(meta);
  if (!m) {
    report.error('name-missing', 'metadata', `metadata: required field is missing. Every object needs metadata with at least a name, for example \`metadata: {name: web}\`.`);
    return;
  }
  const name = m.name;
  if (name === undefined || name === null || name === '') {
    report.error('name-missing', 'metadata.name', `metadata.name: required field is missing. Give the ${kind} a name, for example \`name: web\`.`);
  } else if (typeof name === 'string') {
    checkName(report, 'metadata.name', name, nameRuleOf(kind), `${kind} name`);
  }
  if (typeof m.namespace === 'string' && m.namespace !== '') checkName(report, 'metadata.namespace', m.namespace, 'dns1123-label', 'namespace name');
  validateLabels(report, 'metadata.labels', m.labels);
  const annotations = rec(m.annotations);
  if (annotations) {
    for (const key of Object.keys(annotations)) {
      const problem = qualifiedNameProblem(key);
      if (problem) report.error('invalid-label', childPath('metadata.annotations', key), `metadata.annotations: ${quote(key)} is not a valid annotation key: ${problem}.`);
    }
  }
}

/** ValidateLabels: qualified-name keys, short values. */
export function validateLabels(report: Report, path: string, labels: unknown): void {
  const l = rec(labels);
  if (!l) return;
  for (const [key, value] of Object.entries(l)) {
    const problem = qualifiedNameProblem(key);
    if (problem) report.error('invalid-label', childPath(path, key), `${path}: ${quote(key)} is not a valid label key: ${problem}.`);
    if (typeof value === 'string') {
      const vp = labelValueProblem(value);
      if (vp) report.error('invalid-label', childPath(path, key), `${childPath(path, key)}: ${quote(value)} is not a valid label value: ${vp}.`);
    }
  }
}

/** ValidateLabelSelector. Returns false when the selector is empty (no labels, no expressions). */
export function validateSelector(report: Report, path: string, selector: Rec): boolean {
  validateLabels(report, childPath(path, 'matchLabels'), selector.matchLabels);
  const exprs = arr(selector.matchExpressions);
  exprs.forEach((raw, i) => {
    const e = rec(raw);
    const p = indexPath(childPath(path, 'matchExpressions'), i);
    if (!e) return;
    const op = str(e.operator);
    oneOf(report, `${p}.operator`, e.operator, ['In', 'NotIn', 'Exists', 'DoesNotExist']);
    const values = arr(e.values);
    if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      report.error('invalid-selector', `${p}.values`, `${p}.values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'.`);
    }
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      report.error('invalid-selector', `${p}.values`, `${p}.values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'.`);
    }
    if (typeof e.key === 'string') {
      const problem = qualifiedNameProblem(e.key);
      if (problem) report.error('invalid-label', `${p}.key`, `${p}.key: ${quote(e.key)} is not a valid label key: ${problem}.`);
    }
  });
  const matchLabels = rec(selector.matchLabels);
  return (matchLabels !== undefined && Object.keys(matchLabels).length > 0) || exprs.length > 0;
}

/**
 * labels.Selector.Matches for a selector as the learner wrote it: the untrusted shape is narrowed
 * (label values compared as text; a malformed expression matches nothing), then the engine's own
 * matcher decides, so validation and the controllers can never disagree.
 */
export function selectorMatches(selector: Rec, labels: Rec): boolean {
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const raw of arr(selector.matchExpressions)) {
    const e = rec(raw);
    if (!e || typeof e.key !== 'string') return false;
    matchExpressions.push({ key: e.key, operator: String(e.operator), values: arr(e.values).map(String) });
  }
  const asText = (r: Rec | undefined): Record<string, string> =>
    Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, String(v)]));
  return matchesLabelSelector({ matchLabels: asText(rec(selector.matchLabels)), matchExpressions }, asText(labels));
}

/** `app=nginx, tier=web` for messages. */
export function showLabels(labels: Rec | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return 'no labels';
  return entries.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

export function showSelector(selector: Rec): string {
  const parts = Object.entries(rec(selector.matchLabels) ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  for (const raw of arr(selector.matchExpressions)) {
    const e = rec(raw);
    if (e) parts.push(`${String(e.key)} ${String(e.operator)}${e.values ? ` (${arr(e.values).map(String).join(', ')})` : ''}`);
  }
  return parts.join(', ');
}
