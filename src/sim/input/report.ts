// Collects one object's findings and gives each its position and owner.
import type { Diagnostic, KubeObject, Severity } from '../api';
import type { Position } from './types';

export const NO_POSITION = (): Position => ({ line: 0, column: 0 });

export class Report {
  readonly diagnostics: Diagnostic[] = [];
  private readonly owner: { kind?: string; name?: string; document: number };

  constructor(
    object: unknown,
    private readonly position: (path: string) => Position,
    document: number,
  ) {
    const o = object as Partial<KubeObject> | null;
    const kind = o && typeof o.kind === 'string' ? o.kind : undefined;
    const meta = o && typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as { name?: unknown }) : undefined;
    const name = meta && typeof meta.name === 'string' ? meta.name : undefined;
    this.owner = { document };
    if (kind !== undefined) this.owner.kind = kind;
    if (name !== undefined) this.owner.name = name;
  }

  add(severity: Severity, code: string, path: string, message: string): void {
    let at: Position;
    try {
      at = this.position(path);
    } catch {
      at = { line: 0, column: 0 };
    }
    const d: Diagnostic = { severity, code, message, line: at.line, column: at.column, object: { ...this.owner } };
    if (path !== '') d.path = path;
    this.diagnostics.push(d);
  }

  error(code: string, path: string, message: string): void {
    this.add('error', code, path, message);
  }

  warning(code: string, path: string, message: string): void {
    this.add('warning', code, path, message);
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }
}

/** A value quoted for a message: JSON text, cut short when long. */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** "the string \"three\"", "the number 1.5", "a list", ... */
export function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${quote(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'a mapping';
    default:
      return `a ${typeof value}`;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
