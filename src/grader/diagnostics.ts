import type { Diagnostic } from '../sim';

/** `line 12:5: message`, or just the message when the diagnostic has no position. */
export function describeDiagnostic(d: Diagnostic): string {
  return d.line > 0 ? `line ${d.line}:${d.column}: ${d.message}` : d.message;
}
