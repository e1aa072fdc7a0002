// Types of the input layer's public contract (see src/sim/input/index.ts).
import type { Diagnostic, KubeObject } from '../api';

export type { InputLimits } from './limits';

/** 1-based line and column in the learner's text. */
export interface Position {
  line: number;
  column: number;
}

export interface ParsedObject {
  /** Exactly what the learner wrote (defaulting is the cluster's job). */
  object: KubeObject;
  /** 0-based index of the YAML document in the stream (empty documents count). */
  document: number;
  /** Position of a field path such as `spec.template.spec.containers[0].image`; falls back to the
   * nearest existing ancestor, then to the document start. */
  position(path: string): Position;
}

export interface ParsedManifests {
  objects: ParsedObject[];
  diagnostics: Diagnostic[];
}

/** Where a validator's findings land: a position lookup plus the object they belong to. */
export interface ObjectContext {
  position: (path: string) => Position;
  document: number;
}
