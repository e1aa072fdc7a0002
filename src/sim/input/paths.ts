// Field paths as the API server prints them: `spec.template.spec.containers[0].image`,
// `metadata.labels[app.kubernetes.io/name]` for keys that are not plain identifiers.

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function childPath(parent: string, key: string): string {
  if (PLAIN_KEY.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${key}]`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** The path one level up, or null at the root. */
export function parentPath(path: string): string | null {
  if (path === '') return null;
  if (path.endsWith(']')) {
    const open = path.lastIndexOf('[');
    return open <= 0 ? '' : path.slice(0, open);
  }
  const dot = path.lastIndexOf('.');
  const bracket = path.lastIndexOf(']');
  if (dot > bracket) return path.slice(0, dot);
  if (bracket >= 0) return path.slice(0, bracket + 1);
  return '';
}
