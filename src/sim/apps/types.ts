// The contract between the traffic layer (which picks a pod) and the app model running in it
// (which answers). Pure data; see src/sim/apps/index.ts for the models.

export interface AppRequest {
  /** Client name, also its source IP for session affinity. */
  client: string;
  /** Connection id: the same id means the same TCP connection. */
  connection: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: string;
  /** Lower-case header names, e.g. `cookie`. */
  headers: Record<string, string>;
}

export interface AppResponse {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}
