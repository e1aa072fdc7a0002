// `kv`: a key-value store that keeps its data in one file on a volume (`<data-path>/kv.json`, data
// path default /data), like Redis with an append-only file or any small database. The data lives
// where the path is mounted: on a PersistentVolumeClaim it follows the claim to the next pod with
// that claim; on an emptyDir or the container filesystem it dies with the pod.
import type { KubeObject } from '../api';
import type { ControllerContext } from '../cluster/controller';
import type { AppModel, PodAppStatus } from './model';
import { routeOf, text } from './model';
import { kvKey, param } from './params';
import { dataLocation, joinPath, readJson, writeJson } from './runtime';

export const KV_FILE = 'kv.json';
export const DEFAULT_DATA_PATH = '/data';

export function dataPathOf(pod: KubeObject): string {
  const p = param(pod, 'data-path');
  return p && p.startsWith('/') ? p : DEFAULT_DATA_PATH;
}

function kvFile(pod: KubeObject): string {
  return joinPath(dataPathOf(pod), KV_FILE);
}

export function kvData(ctx: ControllerContext, pod: KubeObject): Record<string, string> {
  const data = readJson<Record<string, unknown>>(ctx, pod, kvFile(pod));
  const out: Record<string, string> = {};
  if (data && typeof data === 'object' && !Array.isArray(data)) for (const [k, v] of Object.entries(data)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function kvGet(ctx: ControllerContext, pod: KubeObject, key: string): string | undefined {
  return kvData(ctx, pod)[key];
}

/** Stores `value` (or removes the key when value is undefined); the error says why it failed. */
export function kvPut(ctx: ControllerContext, pod: KubeObject, key: string, value: string | undefined): { ok: true } | { ok: false; message: string } {
  const data = kvData(ctx, pod);
  if (value === undefined) delete data[key];
  else data[key] = value;
  return writeJson(ctx, pod, kvFile(pod), data);
}

export const kvModel: AppModel = {
  handle(ctx, pod, req) {
    const name = pod.metadata.name;
    const path = routeOf(req);
    if (path === '/' || path === '/kv' || path === '/kv/') {
      if (req.method !== 'GET') return text(405, `${req.method} ${path} is not supported: use PUT /kv/<key> to store and GET /kv/<key> to read.`);
      const keys = Object.keys(kvData(ctx, pod)).sort();
      return text(200, JSON.stringify(keys));
    }
    const parsed = kvKey(path);
    if (!parsed) return text(404, `${name} serves /kv/<key> (GET, PUT, DELETE); ${path} is not one of its paths.`);
    if (parsed.error) return text(400, parsed.error);
    const key = parsed.key!;
    switch (req.method) {
      case 'GET': {
        const value = kvGet(ctx, pod, key);
        return value === undefined ? text(404, `key ${key} not found on ${name}`) : text(200, value);
      }
      case 'PUT':
      case 'POST': {
        const result = kvPut(ctx, pod, key, req.body ?? '');
        return result.ok ? text(200, `stored ${key} on ${name}`) : text(500, `${name}: ${result.message}`);
      }
      case 'DELETE': {
        const result = kvPut(ctx, pod, key, undefined);
        return result.ok ? text(200, `deleted ${key} on ${name}`) : text(500, `${name}: ${result.message}`);
      }
      default:
        return text(405, `${req.method} is not supported on /kv/<key>: use GET, PUT or DELETE.`);
    }
  },
  status(ctx, pod): PodAppStatus {
    const where = dataLocation(ctx, pod, kvFile(pod));
    return {
      serving: true,
      detail: { keys: Object.keys(kvData(ctx, pod)).length, dataPath: dataPathOf(pod), storage: where.source, persistent: where.ok && !where.ephemeral },
    };
  },
};
