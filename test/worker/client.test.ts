import { describe, expect, it } from 'vitest';
import { GraderClient, DISPOSED_MESSAGE, type WorkerLike } from '../../src/worker/client';
import { TIMEOUT_MESSAGE, WORKER_FAILED_MESSAGE, type Exercise, type GradeResult } from '../../src/worker/protocol';

/** A worker that records what it was sent and answers only when the test says so. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  sent: Array<Record<string, unknown>> = [];
  terminated = false;
  postMessage(message: unknown): void {
    this.sent.push(message as Record<string, unknown>);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(data: unknown): void {
    this.onmessage?.({ data });
  }
}

/** Manual timers: the test fires them, so nothing depends on wall-clock time. */
function harness(timeoutMs = 5000) {
  const workers: FakeWorker[] = [];
  const timers = new Map<number, { cb: () => void; ms: number }>();
  let nextTimer = 1;
  const client = new GraderClient({
    timeoutMs,
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    setTimer: (cb, ms) => {
      const h = nextTimer++;
      timers.set(h, { cb, ms });
      return h;
    },
    clearTimer: (h) => timers.delete(h as number),
  });
  const fireAll = () => {
    for (const [h, t] of [...timers]) {
      timers.delete(h);
      t.cb();
    }
  };
  return { client, workers, timers, fireAll };
}

const exercise = { id: 'demo', checks: [] } as unknown as Exercise;
const result: GradeResult = { exerciseId: 'demo', score: 1, maxScore: 1, passed: true, checks: [], diagnostics: [] };

describe('GraderClient', () => {
  it('spawns one worker lazily and matches responses to requests by id', async () => {
    const { client, workers, timers } = harness();
    expect(workers).toHaveLength(0);
    const a = client.grade(exercise, { yaml: 'a: 1' });
    const b = client.validate('b: 2');
    expect(workers).toHaveLength(1);
    const [ga, vb] = workers[0].sent;
    expect(ga).toMatchObject({ type: 'grade', submission: { yaml: 'a: 1' }, includeRun: false });
    expect(vb).toMatchObject({ type: 'validate', yaml: 'b: 2' });
    expect(ga.id).not.toBe(vb.id);
    // Answer out of order.
    const diag = [{ severity: 'error', code: 'yaml-syntax', message: 'bad', line: 1, column: 2 }];
    workers[0].reply({ id: vb.id, type: 'diagnostics', diagnostics: diag });
    workers[0].reply({ id: ga.id, type: 'result', result });
    expect(await b).toEqual({ ok: true, value: diag });
    expect(await a).toEqual({ ok: true, value: result });
    expect(timers.size).toBe(0);
  });

  it('passes an error response through with its message', async () => {
    const { client, workers } = harness();
    const p = client.grade(exercise, { yaml: 'x' });
    workers[0].reply({ id: workers[0].sent[0].id, type: 'error', message: 'The checker broke.' });
    expect(await p).toEqual({ ok: false, reason: 'error', message: 'The checker broke.' });
  });

  it('ignores malformed messages and answers to unknown ids', async () => {
    const { client, workers } = harness();
    const p = client.grade(exercise, { yaml: 'x' });
    const id = workers[0].sent[0].id;
    workers[0].reply('hello');
    workers[0].reply({ id: 999, type: 'result', result });
    workers[0].reply({ id, type: 'result' });
    workers[0].reply({ id, type: 'result', result });
    expect(await p).toEqual({ ok: true, value: result });
  });

  it('on timeout: tells the learner, terminates the worker and uses a fresh one next time', async () => {
    const { client, workers, fireAll } = harness(5000);
    const p = client.grade(exercise, { yaml: 'replicas: 100000' });
    fireAll();
    expect(await p).toEqual({ ok: false, reason: 'timeout', message: TIMEOUT_MESSAGE });
    expect(TIMEOUT_MESSAGE.startsWith('The check took too long and was stopped.')).toBe(true);
    expect(workers[0].terminated).toBe(true);
    // A late answer from the dead worker changes nothing.
    workers[0].reply({ id: workers[0].sent[0].id, type: 'result', result });
    const q = client.grade(exercise, { yaml: 'ok' });
    expect(workers).toHaveLength(2);
    expect(client.spawned).toBe(2);
    workers[1].reply({ id: workers[1].sent[0].id, type: 'result', result });
    expect(await q).toEqual({ ok: true, value: result });
  });

  it('re-sends the other requests of a timed-out worker to the fresh one', async () => {
    const { client, workers, timers } = harness(5000);
    const slow = client.grade(exercise, { yaml: 'slow' });
    const other = client.validate('fine');
    const slowTimer = [...timers.keys()][0];
    const t = timers.get(slowTimer)!;
    timers.delete(slowTimer);
    t.cb();
    expect((await slow).ok).toBe(false);
    expect(workers).toHaveLength(2);
    const resent = workers[1].sent[0];
    expect(resent).toMatchObject({ type: 'validate', yaml: 'fine' });
    workers[1].reply({ id: resent.id, type: 'diagnostics', diagnostics: [] });
    expect(await other).toEqual({ ok: true, value: [] });
  });

  it('a crashed worker fails its requests with a learner message and is replaced', async () => {
    const { client, workers } = harness();
    const p = client.grade(exercise, { yaml: 'x' });
    workers[0].onerror?.(new Error('boom'));
    expect(await p).toEqual({ ok: false, reason: 'crash', message: WORKER_FAILED_MESSAGE });
    expect(workers[0].terminated).toBe(true);
    void client.validate('y');
    expect(workers).toHaveLength(2);
  });

  it('a worker that cannot even be created resolves with a message instead of throwing', async () => {
    const client = new GraderClient({
      createWorker: () => {
        throw new Error('no workers here');
      },
    });
    expect(await client.validate('x')).toEqual({ ok: false, reason: 'crash', message: WORKER_FAILED_MESSAGE });
  });

  it('dispose settles everything pending and refuses new work', async () => {
    const { client, workers } = harness();
    const p = client.grade(exercise, { yaml: 'x' });
    client.dispose();
    expect(await p).toEqual({ ok: false, reason: 'disposed', message: DISPOSED_MESSAGE });
    expect(workers[0].terminated).toBe(true);
    expect(await client.validate('x')).toMatchObject({ ok: false, reason: 'disposed' });
    expect(workers).toHaveLength(1);
  });
});
