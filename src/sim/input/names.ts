// Name, label, port-name, key and quantity rules of k8s.io/apimachinery/pkg/util/validation, with
// the reason a value fails written for a learner.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

export type NameRule = 'dns1123-label' | 'dns1123-subdomain' | 'dns1035-label';

/** How the rule reads in a message. */
export function describeRule(rule: NameRule): string {
  switch (rule) {
    case 'dns1123-label':
      return "a DNS-1123 label: at most 63 characters, only lowercase letters, digits and '-', starting and ending with a letter or digit";
    case 'dns1035-label':
      return "a DNS-1035 label: at most 63 characters, only lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";
    case 'dns1123-subdomain':
      return "a DNS-1123 subdomain: at most 253 characters, only lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
  }
}

/** IsDNS1123Label / IsDNS1123Subdomain / IsDNS1035Label: null when valid, else the first reason it fails. */
export function nameProblem(value: string, rule: NameRule): string | null {
  const max = rule === 'dns1123-subdomain' ? 253 : 63;
  const pattern = rule === 'dns1123-label' ? DNS1123_LABEL : rule === 'dns1035-label' ? DNS1035_LABEL : DNS1123_SUBDOMAIN;
  if (value.length <= max && pattern.test(value)) return null;
  if (value.length === 0) return 'it is empty';
  if (value.length > max) return `it is ${value.length} characters long`;
  if (/[A-Z]/.test(value)) return 'it contains uppercase letters';
  const allowed = rule === 'dns1123-subdomain' ? /[^-a-z0-9.]/ : /[^-a-z0-9]/;
  const bad = allowed.exec(value);
  if (bad) return bad[0] === ' ' ? 'it contains a space' : `it contains '${bad[0]}'`;
  if (rule === 'dns1035-label' && !/^[a-z]/.test(value)) return 'it does not start with a letter';
  if (!/^[a-z0-9]/.test(value)) return `it starts with '${value[0]}'`;
  if (!/[a-z0-9]$/.test(value)) return `it ends with '${value[value.length - 1]}'`;
  return 'one of its dot-separated parts starts or ends with a character other than a letter or digit';
}

/** IsQualifiedName: label and annotation keys (`app`, `app.kubernetes.io/name`). */
export function qualifiedNameProblem(key: string): string | null {
  const parts = key.split('/');
  if (parts.length > 2) return "a key may contain at most one '/' (prefix/name)";
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) return "the prefix before '/' is empty";
    const p = nameProblem(prefix, 'dns1123-subdomain');
    if (p) return `the prefix "${prefix}" must be a DNS subdomain such as example.com (${p})`;
  }
  if (name.length === 0) return 'the name part is empty';
  if (name.length > 63) return `the name part is ${name.length} characters long (at most 63)`;
  if (!QUALIFIED_NAME.test(name)) {
    return "use letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  }
  return null;
}

/** IsValidLabelValue: empty, or at most 63 of [A-Za-z0-9-_.] starting and ending alphanumeric. */
export function labelValueProblem(value: string): string | null {
  if (value === '') return null;
  if (value.length > 63) return `it is ${value.length} characters long (at most 63)`;
  if (!QUALIFIED_NAME.test(value)) return "use letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return null;
}

/** IsValidPortName (IANA_SVC_NAME): at most 15 characters, lowercase, at least one letter. */
export function portNameProblem(value: string): string | null {
  if (value.length === 0) return 'it is empty';
  if (value.length > 15) return `it is ${value.length} characters long (at most 15)`;
  if (!/^[-a-z0-9]+$/.test(value)) return "use only lowercase letters, digits and '-'";
  if (!/[a-z]/.test(value)) return 'it needs at least one letter';
  if (value.includes('--')) return "it contains '--'";
  if (value.startsWith('-') || value.endsWith('-')) return "it starts or ends with '-'";
  return null;
}

/** IsConfigMapKey: ConfigMap and Secret data keys. */
export function configKeyProblem(key: string): string | null {
  if (key.length > 253) return `it is ${key.length} characters long (at most 253)`;
  if (!CONFIG_MAP_KEY.test(key)) return "use only letters, digits, '-', '_' and '.'";
  if (key === '.' || key === '..') return `"${key}" is reserved`;
  if (key.startsWith('..')) return "it starts with '..'";
  return null;
}

const QUANTITY = /^([+-]?[0-9.]+)([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$/;
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** resource.ParseQuantity, approximately: the value as a number, or null when it is not a quantity. */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const m = QUANTITY.exec(value.trim() === value ? value : '');
  if (!m) return null;
  const digits = m[1];
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(digits)) return null;
  const n = Number(digits);
  const suffix = m[2] ?? '';
  if (suffix.startsWith('e') || suffix.startsWith('E')) return n * 10 ** Number(suffix.slice(1));
  if (suffix in BINARY) return n * BINARY[suffix];
  return n * DECIMAL[suffix];
}

/** `25%`: an IntOrString percentage; returns the number or null. */
export function parsePercent(value: string): number | null {
  const m = /^(\d+)%$/.exec(value);
  return m ? Number(m[1]) : null;
}
