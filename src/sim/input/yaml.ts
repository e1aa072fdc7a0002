// Reads the learner's YAML with js-yaml's event API: one walk over the events records where every
// field path starts, counts documents, and measures how far aliases expand before anything is
// constructed, so a "billion laughs" document is refused without ever being built.
import {
  CORE_SCHEMA,
  EVENT_ID,
  SCALAR_STYLE,
  constructFromEvents,
  getScalarValue,
  mergeTag,
  parseEvents,
  type Event,
} from 'js-yaml';
import type { Diagnostic } from '../api';
import { formatBytes, type InputLimits, utf8Length } from './limits';
import { childPath, indexPath } from './paths';
import { LineIndex } from './source-text';

const SCHEMA = CORE_SCHEMA.withTags(mergeTag);

export interface SourceDocument {
  /** 0-based index in the YAML stream, empty documents included. */
  index: number;
  value: unknown;
  /** Offset of the document's root node. */
  start: number;
  /** Field path → offset of its key (mapping entries) or of the item (sequence entries). */
  offsets: Map<string, number>;
  /** Turns this document's offsets into positions in the learner's text. */
  lines: LineIndex;
}

export interface ReadResult {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
}

/** A document marker at the start of a line: `---` or `...`, alone or followed by a space. */
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r]|$)/;

/**
 * After a syntax error, each `---` section is read on its own so that the other documents still
 * yield their objects and diagnostics. A section is padded with the newlines before it, so its
 * offsets give the right lines and columns.
 */
function readSections(text: string, limits: InputLimits): ReadResult {
  const rawLines = text.split('\n');
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  let first = 0;
  let base = 0;
  for (let i = 1; i <= rawLines.length; i++) {
    if (i < rawLines.length && !MARKER.test(rawLines[i])) continue;
    const section = '\n'.repeat(first) + rawLines.slice(first, i).join('\n') + (i < rawLines.length ? '\n' : '');
    const result = readStream(section, limits, base);
    documents.push(...result.documents);
    diagnostics.push(...result.diagnostics.map((d) => (d.object ? d : { ...d, object: { document: base } })));
    base += Math.max(result.count, result.diagnostics.length > 0 ? 1 : 0);
    first = i;
    if (base > limits.maxDocuments) break;
  }
  return { documents, diagnostics };
}

interface Frame {
  isMap: boolean;
  path: string;
  /** Mapping: the next scalar is a key. */
  expectKey: boolean;
  key: string | null;
  index: number;
  /** Nodes this collection expands to, aliases followed (capped just above the limit). */
  size: number;
  anchor: string | null;
}

function err(code: string, message: string, line: number, column: number, document?: number): Diagnostic {
  const d: Diagnostic = { severity: 'error', code, message, line, column };
  if (document !== undefined) d.object = { document };
  return d;
}

const NUDGES: Array<[string, string]> = [
  ['bad indentation of a mapping entry', 'Check that this line lines up with the keys above it, and quote values that contain ": ".'],
  ['bad indentation of a sequence entry', 'Check that the "- " items of this list line up with each other.'],
  ['tab characters must not be used in indentation', 'Indent with spaces only; replace the tab with spaces.'],
  ['end of the stream or a document separator is expected', 'This line does not fit under the one above it: check its indentation.'],
  ['duplicated mapping key', 'A key may appear only once in the same mapping: remove or merge the repeated one.'],
  ['deficient indentation', 'A bracket or a quote opened earlier is probably not closed.'],
  ['unidentified alias', 'An alias (*name) must refer to an anchor (&name) defined above it in the same YAML document, before the next ---.'],
  ['implicit key', 'A key is probably missing its colon, or a long value should be quoted.'],
  ['block mapping entry', 'A key is probably missing its colon, or a long value should be quoted.'],
  ['missed comma', 'Separate the items inside [ ] or { } with commas.'],
  ['within a double quoted scalar', 'A double quote is not closed.'],
  ['within a single quoted scalar', 'A single quote is not closed.'],
  ['within a flow collection', 'A [ or { is not closed.'],
  ['explicit tag', 'Remove the !! tag, or make the value match it.'],
  ['unknown tag', 'Remove the ! tag: Kubernetes manifests do not use custom tags.'],
];

/** Turns a js-yaml exception into a learner-facing diagnostic (reason kept, code snippet dropped). */
export function syntaxDiagnostic(error: unknown, maxDepth: number): Diagnostic {
  const e = error as { reason?: unknown; mark?: { line?: unknown; column?: unknown }; message?: unknown };
  const reason = typeof e?.reason === 'string' ? e.reason : typeof e?.message === 'string' ? e.message : String(error);
  const line = typeof e?.mark?.line === 'number' ? e.mark.line + 1 : 1;
  const column = typeof e?.mark?.column === 'number' ? e.mark.column + 1 : 1;
  if (reason.startsWith('nesting exceeded maxDepth')) {
    return err(
      'yaml-too-deep',
      `The YAML nests deeper than ${maxDepth} levels. A Kubernetes manifest needs far fewer: look for runaway indentation or unclosed brackets.`,
      line,
      column,
    );
  }
  const nudge = NUDGES.find(([needle]) => reason.includes(needle))?.[1] ??
    'Check the indentation and punctuation of this line and of the line above it.';
  return err('yaml-syntax', `YAML syntax error: ${reason}. ${nudge}`, line, column);
}

/** Start offset of a node event, including its anchor or tag and the opening quote. */
function nodeStart(ev: Event): number {
  let start = -1;
  if (ev.type === EVENT_ID.SCALAR) {
    start = ev.valueStart;
    if (start >= 0 && (ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED)) start -= 1;
  } else if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) start = ev.start;
  else if (ev.type === EVENT_ID.ALIAS) start = ev.anchorStart - 1;
  if (ev.type !== EVENT_ID.DOCUMENT && ev.type !== EVENT_ID.POP) {
    if (ev.anchorStart >= 0 && (start < 0 || ev.anchorStart - 1 < start)) start = ev.anchorStart - 1;
    if ('tagStart' in ev && ev.tagStart >= 0 && (start < 0 || ev.tagStart < start)) start = ev.tagStart;
  }
  return start;
}

export function readYaml(text: string, limits: InputLimits): ReadResult {
  const bytes = utf8Length(text);
  if (bytes > limits.maxBytes) {
    const message = `The input is ${formatBytes(bytes)} (${bytes} bytes); the limit is ${formatBytes(limits.maxBytes)} (${limits.maxBytes} bytes). Keep only the objects this exercise needs.`;
    return { documents: [], diagnostics: [err('input-too-large', message, 1, 1)] };
  }
  const whole = readStream(text, limits, 0);
  if (whole.diagnostics.length === 1 && whole.diagnostics[0].code === 'yaml-syntax' && text.split('\n').some((l) => MARKER.test(l))) {
    return readSections(text, limits);
  }
  return { documents: whole.documents, diagnostics: whole.diagnostics };
}

interface StreamResult extends ReadResult {
  /** Documents in the stream, empty ones included. */
  count: number;
}

/** Reads one YAML stream; document indexes start at `base`. */
function readStream(text: string, limits: InputLimits, base: number): StreamResult {
  const lines = new LineIndex(text);
  const fail = (d: Diagnostic): StreamResult => ({ documents: [], diagnostics: [d], count: 0 });

  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: limits.maxDepth });
  } catch (error) {
    return fail(syntaxDiagnostic(error, limits.maxDepth));
  }

  // One walk: positions, document count, alias expansion, alias cycles.
  const starts: Array<{ start: number; offsets: Map<string, number> }> = [];
  const anchors = new Map<string, number>();
  const open = new Set<string>();
  const stack: Frame[] = [];
  const cap = limits.maxExpandedNodes;
  let offsets = new Map<string, number>();
  let docStart = -1;
  let rootSize = 0;
  let documentIndex = -1;

  const pathFor = (frame: Frame | undefined): string | null => {
    if (!frame) return '';
    if (frame.isMap) return frame.key === null ? null : childPath(frame.path, frame.key);
    return indexPath(frame.path, frame.index);
  };
  // Adds a finished node of `size` nodes to its parent and moves the parent to its next slot.
  const addToParent = (size: number): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      rootSize = Math.min(cap + 1, rootSize + size);
      return;
    }
    parent.size = Math.min(cap + 1, parent.size + size);
    if (parent.isMap) {
      if (parent.expectKey) parent.expectKey = false;
      else {
        parent.expectKey = true;
        parent.key = null;
      }
    } else parent.index += 1;
  };

  for (let i = 0; i < events.length; i++) {
    const ev = events[i];
    if (ev.type === EVENT_ID.DOCUMENT) {
      documentIndex += 1;
      offsets = new Map();
      docStart = -1;
      rootSize = 0;
      anchors.clear();
      continue;
    }
    if (ev.type === EVENT_ID.POP) {
      const frame = stack.pop();
      if (!frame) {
        starts.push({ start: docStart, offsets });
        if (base + documentIndex + 1 > limits.maxDocuments) {
          const at = lines.position(Math.max(0, docStart));
          return fail(
            err(
              'too-many-documents',
              `The input has more than ${limits.maxDocuments} YAML documents (separated by ---). Keep only the objects this exercise needs.`,
              at.line,
              at.column,
              base + documentIndex,
            ),
          );
        }
        continue;
      }
      if (frame.anchor !== null) {
        anchors.set(frame.anchor, frame.size);
        open.delete(frame.anchor);
      }
      addToParent(frame.size);
      continue;
    }

    const parent = stack[stack.length - 1];
    const start = nodeStart(ev);
    if (docStart < 0 && !parent) docStart = start;
    const isKey = parent !== undefined && parent.isMap && parent.expectKey;
    if (isKey) {
      // Keys: plain scalars name the field; anything else (complex keys) gets no path of its own.
      parent.key = ev.type === EVENT_ID.SCALAR ? getScalarValue(text, ev) : null;
      if (parent.key !== null) {
        const path = childPath(parent.path, parent.key);
        if (!offsets.has(path)) offsets.set(path, start);
      }
    } else {
      const path = pathFor(parent);
      if (path !== null && parent && !parent.isMap) offsets.set(path, start);
      if (path === '' && !offsets.has('')) offsets.set('', start);
    }

    const anchor = ev.type !== EVENT_ID.ALIAS && ev.anchorStart >= 0 ? text.slice(ev.anchorStart, ev.anchorEnd) : null;
    if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) {
      const path = isKey ? '\u0000key' : pathFor(parent) ?? '\u0000key';
      if (anchor !== null) open.add(anchor);
      stack.push({ isMap: ev.type === EVENT_ID.MAPPING, path, expectKey: true, key: null, index: 0, size: 1, anchor });
      if (stack.length > limits.maxDepth) {
        const at = lines.position(Math.max(0, start));
        return fail(err('yaml-too-deep', `The YAML nests deeper than ${limits.maxDepth} levels. A Kubernetes manifest needs far fewer: look for runaway indentation or unclosed brackets.`, at.line, at.column, base + documentIndex));
      }
      continue;
    }
    if (ev.type === EVENT_ID.SCALAR) {
      if (anchor !== null) anchors.set(anchor, 1);
      addToParent(1);
      continue;
    }
    // Alias: follow it by size only.
    const name = text.slice(ev.anchorStart, ev.anchorEnd);
    const at = lines.position(Math.max(0, start));
    if (open.has(name)) {
      return fail(err('yaml-alias-cycle', `The alias *${name} refers to the node that contains it, so the document would never end. Write the values out instead.`, at.line, at.column, base + documentIndex));
    }
    addToParent(anchors.get(name) ?? 1);
    let total = rootSize;
    for (const frame of stack) total += frame.size;
    if (total > cap) {
      return fail(
        err(
          'yaml-alias-bomb',
          `This document expands to more than ${cap} nodes through aliases (a 'billion laughs' document); write the values out instead.`,
          at.line,
          at.column,
          base + documentIndex,
        ),
      );
    }
  }

  let values: unknown[];
  try {
    values = constructFromEvents(events, { source: text, schema: SCHEMA, maxTotalMergeKeys: 10_000 });
  } catch (error) {
    return fail(syntaxDiagnostic(error, limits.maxDepth));
  }

  const documents: SourceDocument[] = [];
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined) continue; // empty document
    const info = starts[index] ?? { start: 0, offsets: new Map<string, number>() };
    documents.push({ index: base + index, value, start: Math.max(0, info.start), offsets: info.offsets, lines });
  }
  return { documents, diagnostics: [], count: values.length };
}
