// Services, Endpoints and the cluster DNS.
export { createEndpointsController } from './endpoints_controller';
export { dnsFeature } from './dns_feature';
export { defaultService } from './service_defaults';
export type { DnsRecord } from './dns';
