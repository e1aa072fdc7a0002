// The page's side of the grading worker: one worker per page, requests matched to responses by id,
// and a time limit per request. On timeout the worker is terminated (the only way to stop a busy
// worker) and a fresh one is spawned for the next request, so the page always stays responsive.
// Every method resolves; nothing here throws at the caller.
import {
  isResponse,
  TIMEOUT_MESSAGE,
  WORKER_FAILED_MESSAGE,
  type Diagnostic,
  type Exercise,
  type GradeResult,
  type SimAction,
  type SimState,
  type Submission,
  type WorkerRequestBody,
} from './protocol';

/** The part of `Worker` the client uses (a fake one in tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' | 'error' | 'crash' | 'disposed'; message: string };

export interface ClientOptions {
  createWorker: () => WorkerLike;
  /** Per-request limit in ms (default 5000). */
  timeoutMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

interface Pending {
  resolve: (outcome: Outcome<unknown>) => void;
  timer: unknown;
  body: WorkerRequestBody;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DISPOSED_MESSAGE = 'The checker was closed.';

export class GraderClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly timeoutMs: number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private disposed = false;
  /** How many workers were started (tests and the bench read it). */
  spawned = 0;

  constructor(private readonly options: ClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.setTimer = options.setTimer ?? ((cb, ms) => setTimeout(cb, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  grade(exercise: Exercise, submission: Submission, includeRun = false): Promise<Outcome<GradeResult>> {
    return this.send({ type: 'grade', exercise, submission, includeRun }) as Promise<Outcome<GradeResult>>;
  }

  validate(yaml: string): Promise<Outcome<Diagnostic[]>> {
    return this.send({ type: 'validate', yaml }) as Promise<Outcome<Diagnostic[]>>;
  }

  /** Starts a playground cluster with `yaml` applied; with `exercise`, after playing its scenario as the grader does. */
  simOpen(yaml: string, seed?: number, exercise?: Exercise): Promise<Outcome<SimState>> {
    return this.send({ type: 'sim:open', yaml, ...(seed === undefined ? {} : { seed }), ...(exercise === undefined ? {} : { exercise }) }) as Promise<Outcome<SimState>>;
  }

  simAct(session: string, action: SimAction): Promise<Outcome<SimState>> {
    return this.send({ type: 'sim:act', session, action }) as Promise<Outcome<SimState>>;
  }

  simClose(session: string): Promise<Outcome<string>> {
    return this.send({ type: 'sim:close', session }) as Promise<Outcome<string>>;
  }

  /** Stops the worker; pending requests resolve with reason 'disposed'. */
  dispose(): void {
    this.disposed = true;
    this.stopWorker('disposed', DISPOSED_MESSAGE);
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.options.createWorker();
    this.spawned++;
    worker.onmessage = (event) => this.onMessage(worker, event.data);
    worker.onerror = () => {
      // A crash (or a failed module load) kills every request in flight on this worker.
      if (this.worker === worker) this.stopWorker('crash', WORKER_FAILED_MESSAGE);
    };
    this.worker = worker;
    return worker;
  }

  private send(body: WorkerRequestBody): Promise<Outcome<unknown>> {
    if (this.disposed) return Promise.resolve({ ok: false, reason: 'disposed', message: DISPOSED_MESSAGE });
    return new Promise((resolve) => {
      const id = this.nextId++;
      let worker: WorkerLike;
      try {
        worker = this.ensureWorker();
      } catch {
        resolve({ ok: false, reason: 'crash', message: WORKER_FAILED_MESSAGE });
        return;
      }
      const timer = this.setTimer(() => this.onTimeout(id), this.timeoutMs);
      this.pending.set(id, { resolve, timer, body });
      try {
        worker.postMessage({ ...body, id });
      } catch {
        this.settle(id, { ok: false, reason: 'crash', message: WORKER_FAILED_MESSAGE });
      }
    });
  }

  private onMessage(worker: WorkerLike, data: unknown): void {
    if (worker !== this.worker || !isResponse(data)) return;
    const pending = this.pending.get(data.id);
    if (!pending) return; // a late answer to a request that already timed out
    if (data.type === 'error') this.settle(data.id, { ok: false, reason: 'error', message: data.message });
    else if (data.type === 'result') this.settle(data.id, { ok: true, value: data.result });
    else if (data.type === 'sim') this.settle(data.id, { ok: true, value: data.state });
    else if (data.type === 'sim:closed') this.settle(data.id, { ok: true, value: data.session });
    else this.settle(data.id, { ok: true, value: data.diagnostics });
  }

  private onTimeout(id: number): void {
    if (!this.pending.has(id)) return;
    this.settle(id, { ok: false, reason: 'timeout', message: TIMEOUT_MESSAGE });
    // The worker is stuck on this request: stop it, and hand whatever else it held (still within
    // their own time limits) to a fresh worker.
    const others = [...this.pending.entries()];
    this.pending.clear();
    this.stopWorker('crash', WORKER_FAILED_MESSAGE);
    if (others.length === 0) return;
    let worker: WorkerLike;
    try {
      worker = this.ensureWorker();
    } catch {
      for (const [, p] of others) {
        this.clearTimer(p.timer);
        p.resolve({ ok: false, reason: 'crash', message: WORKER_FAILED_MESSAGE });
      }
      return;
    }
    for (const [otherId, p] of others) {
      this.pending.set(otherId, p);
      try {
        worker.postMessage({ ...p.body, id: otherId });
      } catch {
        this.settle(otherId, { ok: false, reason: 'crash', message: WORKER_FAILED_MESSAGE });
      }
    }
  }

  private settle(id: number, outcome: Outcome<unknown>): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    this.clearTimer(pending.timer);
    pending.resolve(outcome);
  }

  private stopWorker(reason: 'crash' | 'disposed', message: string): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
      try {
        worker.terminate();
      } catch {
        // already gone
      }
    }
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, reason, message });
  }
}

/** The browser's client: a module worker bundled by Vite from grader.worker.ts. */
export function createGraderClient(timeoutMs = DEFAULT_TIMEOUT_MS): GraderClient {
  return new GraderClient({
    timeoutMs,
    createWorker: () => new Worker(new URL('./grader.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
  });
}
