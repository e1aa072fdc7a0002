// The per-volume file store behind Cluster.writeFile/readFile: data lives with the volume it was
// written to (a PV, an unbound claim, or a pod's own emptyDir / container filesystem).

/** Files by volume key, then by path inside the volume. */
export class FileStore {
  private readonly volumes = new Map<string, Map<string, string>>();

  write(volumeKey: string, path: string, content: string): void {
    let files = this.volumes.get(volumeKey);
    if (!files) {
      files = new Map();
      this.volumes.set(volumeKey, files);
    }
    files.set(path, content);
  }

  read(volumeKey: string, path: string): string | undefined {
    return this.volumes.get(volumeKey)?.get(path);
  }

  /** Forget a volume's data (its PV was deleted, or its pod is gone). */
  drop(volumeKey: string): void {
    this.volumes.delete(volumeKey);
  }

  /** Move data to a new key (an unbound claim's data follows it onto the volume it binds). */
  move(from: string, to: string): void {
    const files = this.volumes.get(from);
    if (!files) return;
    this.volumes.delete(from);
    const target = this.volumes.get(to);
    if (!target) this.volumes.set(to, files);
    else for (const [p, c] of files) if (!target.has(p)) target.set(p, c);
  }

  keys(): string[] {
    return [...this.volumes.keys()];
  }

  /** Keys whose prefix matches (all volumes of one pod). */
  keysWithPrefix(prefix: string): string[] {
    return this.keys().filter((k) => k.startsWith(prefix));
  }
}

/** Normalizes `/a//b/./c/` to `/a/b/c`; `..` cannot climb above the root. */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

/** The path relative to `mountPath` when `path` lies under it, else undefined. */
export function relativeTo(path: string, mountPath: string): string | undefined {
  const p = normalizePath(path);
  const m = normalizePath(mountPath);
  if (m === '/') return p;
  if (p === m) return '/';
  if (p.startsWith(m + '/')) return p.slice(m.length);
  return undefined;
}
