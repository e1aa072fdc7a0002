import { describe, expect, it } from 'vitest';
import { BAD_REQUEST_MESSAGE, isResponse, parseRequest } from '../../src/worker/protocol';

describe('parseRequest', () => {
  it('accepts grade and validate requests', () => {
    expect(parseRequest({ id: 3, type: 'validate', yaml: 'a: 1' })).toEqual({ ok: true, request: { id: 3, type: 'validate', yaml: 'a: 1' } });
    const g = parseRequest({ id: 4, type: 'grade', exercise: { id: 'x' }, submission: { yaml: '' }, includeRun: true });
    expect(g).toMatchObject({ ok: true, request: { id: 4, type: 'grade', includeRun: true } });
  });
  it('rejects anything else, keeping the id when there is one', () => {
    expect(parseRequest(null)).toEqual({ ok: false, id: -1, message: BAD_REQUEST_MESSAGE });
    expect(parseRequest({ id: 5, type: 'grade', exercise: 'nope', submission: {} })).toEqual({ ok: false, id: 5, message: BAD_REQUEST_MESSAGE });
    expect(parseRequest({ id: 6, type: 'validate' })).toMatchObject({ ok: false, id: 6 });
    expect(parseRequest({ id: 7, type: 'drop-tables', yaml: '' })).toMatchObject({ ok: false, id: 7 });
    expect(parseRequest({ id: Number.NaN, type: 'validate', yaml: '' })).toMatchObject({ ok: false, id: -1 });
  });
});

describe('isResponse', () => {
  it('recognises the three response shapes only', () => {
    expect(isResponse({ id: 1, type: 'result', result: {} })).toBe(true);
    expect(isResponse({ id: 1, type: 'diagnostics', diagnostics: [] })).toBe(true);
    expect(isResponse({ id: 1, type: 'error', message: 'x' })).toBe(true);
    expect(isResponse({ id: 1, type: 'result' })).toBe(false);
    expect(isResponse({ type: 'error', message: 'x' })).toBe(false);
    expect(isResponse([1])).toBe(false);
  });
});
