// Label selectors (`metav1.LabelSelectorAsSelector`): matchLabels AND matchExpressions.

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** True when `labels` satisfy the selector. A nil selector matches nothing; an empty one everything. */
export function selectorMatches(selector: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  // for-in, not Object.entries: this runs on every pod event and should not allocate.
  const wanted = selector.matchLabels;
  if (wanted) for (const k in wanted) if (l[k] !== wanted[k]) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(l[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** `kubectl get -l a=b` style: every pair must match. */
export function labelsMatch(wanted: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!wanted) return true;
  const l = labels ?? {};
  for (const k in wanted) if (l[k] !== wanted[k]) return false;
  return true;
}
