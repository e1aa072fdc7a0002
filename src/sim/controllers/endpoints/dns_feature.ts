// Cluster.resolve and Cluster.dnsRecords: the cluster DNS computed from Services and Endpoints.
import type { ClusterFeature } from '../../cluster/registry';
import { dnsRecords, resolveName } from './dns';

export const dnsFeature: ClusterFeature = {
  resolve(name, ctx) {
    return resolveName(name, ctx.store.defaultNamespace, dnsRecords(ctx.store.list('Service'), ctx.store.list('Endpoints')));
  },
  dnsRecords(ctx) {
    return dnsRecords(ctx.store.list('Service'), ctx.store.list('Endpoints'));
  },
};
