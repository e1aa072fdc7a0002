// Fixed latencies of the simulated control plane, calibrated on the v1.20.2 traces
// (shared/reference/k8s-traces): a controller acts a few ms after the watch event that woke it,
// and the scripted kubelet reacts a few ms after the API writes it waits for.

/** Watch event → the controller's sync (trace: Ready at 1657, next PVC at 1660–1678). */
export const CONTROLLER_SYNC_DELAY_MS = 10;
/** The kubelet notices a new pod / a deletion this long after the write. */
export const KUBELET_WATCH_DELAY_MS = 7;
/** The kubelet's status write lands this long after its timer fires (trace: created→Ready ≈ 1615 ms). */
export const KUBELET_WRITE_DELAY_MS = 8;
/** Between a terminating pod's NotReady write and its removal (trace: 8–17 ms). */
export const KUBELET_REMOVE_DELAY_MS = 12;
/** The garbage collector processes an owner's deletion this long after it (graph build + API call). */
export const GC_DELAY_MS = 10;
