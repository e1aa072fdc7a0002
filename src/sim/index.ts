// The engine's public entry: everything outside src/sim imports from here only.
export * from './api';
export { createCluster } from './cluster/cluster';
export { replayScenario } from './replay/replay';
export { lintManifests, parseManifests, validateObject, validateUpdate, DEFAULT_LIMITS, SUPPORTED_KINDS, type InputLimits, type ParsedManifests, type ParsedObject, type Position } from './input';
