// The input layer's public functions: learner YAML in, objects plus positioned diagnostics out.
// Never throws: anything unexpected becomes an `internal` diagnostic.
import type { Diagnostic, KubeObject } from '../api';
import { type InputLimits, resolveLimits } from './limits';
import { lintObjects } from './lint';
import { parentPath } from './paths';
import { isRecord, NO_POSITION, Report } from './report';
import type { LineIndex } from './source-text';
import type { ParsedManifests, ParsedObject, Position } from './types';
import { validateUpdateInto } from './update';
import { validateInto } from './validate';
import { readYaml } from './yaml';

export type { InputLimits } from './limits';
export { DEFAULT_LIMITS } from './limits';
export type { ParsedManifests, ParsedObject, Position } from './types';
export { SUPPORTED_KINDS } from './kinds';

function internal(error: unknown, document?: number): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  const d: Diagnostic = {
    severity: 'error',
    code: 'internal',
    message: `The simulator could not check this input (internal error: ${detail}). Please report it together with your YAML.`,
    line: 0,
    column: 0,
  };
  if (document !== undefined) d.object = { document };
  return d;
}

function positionLookup(offsets: Map<string, number>, start: number, lines: LineIndex): (path: string) => Position {
  return (path: string): Position => {
    let current: string | null = typeof path === 'string' ? path : '';
    for (let hops = 0; current !== null && hops < 200; hops++) {
      const offset = offsets.get(current);
      if (offset !== undefined && offset >= 0) return lines.position(offset);
      current = parentPath(current);
    }
    return lines.position(start);
  };
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column;
}

/** Syntax, limits, structural schema, API-server validation and lint warnings of a manifest text. */
export function parseManifests(text: string, limits?: Partial<InputLimits>): ParsedManifests {
  try {
    if (typeof text !== 'string') return { objects: [], diagnostics: [internal(new Error('the input is not text'))] };
    const read = readYaml(text, resolveLimits(limits));
    const objects: ParsedObject[] = [];
    const diagnostics: Diagnostic[] = [...read.diagnostics];
    const seen = new Map<string, number>();
    for (const doc of read.documents) {
      const position = positionLookup(doc.offsets, doc.start, doc.lines);
      const report = new Report(doc.value, position, doc.index);
      try {
        validateInto(report, doc.value);
      } catch (error) {
        diagnostics.push(internal(error, doc.index));
      }
      diagnostics.push(...report.diagnostics);
      if (!isRecord(doc.value)) continue;
      const obj = doc.value as KubeObject;
      objects.push({ object: obj, document: doc.index, position });
      const meta = isRecord(obj.metadata) ? obj.metadata : undefined;
      if (typeof obj.kind === 'string' && typeof meta?.name === 'string') {
        const key = `${obj.kind}/${typeof meta.namespace === 'string' ? meta.namespace : ''}/${meta.name}`;
        const first = seen.get(key);
        if (first !== undefined) {
          report.diagnostics.length = 0;
          report.warning(
            'duplicate-object',
            'metadata.name',
            `metadata.name: document ${first + 1} already defines ${obj.kind} "${meta.name}"; this later copy replaces it. Remove one of them or give them different names.`,
          );
          diagnostics.push(...report.diagnostics);
        } else seen.set(key, doc.index);
      }
    }
    try {
      diagnostics.push(...lintObjects(objects));
    } catch (error) {
      diagnostics.push(internal(error));
    }
    return { objects, diagnostics: diagnostics.sort(byPosition) };
  } catch (error) {
    return { objects: [], diagnostics: [internal(error)] };
  }
}

/** Structural + semantic validation of one object (for the cluster's scale and patch results). */
export function validateObject(obj: KubeObject, position?: (path: string) => Position, document = 0): Diagnostic[] {
  const report = new Report(obj, position ?? NO_POSITION, document);
  try {
    validateInto(report, obj);
  } catch (error) {
    return [...report.diagnostics, internal(error, document)];
  }
  return report.diagnostics;
}

/** Immutable-field rules of an update (only those: run validateObject for the rest). */
export function validateUpdate(oldObj: KubeObject, newObj: KubeObject, position?: (path: string) => Position, document = 0): Diagnostic[] {
  const report = new Report(newObj, position ?? NO_POSITION, document);
  try {
    validateUpdateInto(report, oldObj, newObj);
  } catch (error) {
    return [...report.diagnostics, internal(error, document)];
  }
  return report.diagnostics;
}

/** Warnings about classic mistakes across the objects of one input (also run by parseManifests). */
export function lintManifests(objects: ParsedObject[]): Diagnostic[] {
  try {
    return lintObjects(objects);
  } catch (error) {
    return [internal(error)];
  }
}
