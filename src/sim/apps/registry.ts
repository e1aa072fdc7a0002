// Model name (the `sim.k8s.course/app` annotation value) → model.
import type { AppModel } from './model';
import { webModel } from './web';
import { kvModel } from './kv';
import { replicatedDbModel } from './replicated-db';
import { quorumModel } from './quorum';

export const MODEL_TABLE: Record<string, AppModel | undefined> = {
  web: webModel,
  kv: kvModel,
  'replicated-db': replicatedDbModel,
  quorum: quorumModel,
};
