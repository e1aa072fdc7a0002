// Traffic verbs of the Cluster facade (request, clients, stats) and container environments.
// PLACEHOLDER until the traffic work lands.
import type { ClientSpec, RequestOptions, RequestResult, TrafficStats } from '../api';
import type { ControllerContext } from '../cluster/controller';

function notYet(verb: string): never {
  throw new Error(`${verb}: traffic is not modelled yet.`);
}

export const trafficVerbs = {
  request(_ctx: ControllerContext, _target: string, _options: RequestOptions = {}): RequestResult { notYet('request'); },
  startClient(_ctx: ControllerContext, _spec: ClientSpec): void { notYet('startClient'); },
  stopClient(_ctx: ControllerContext, _name: string): void { notYet('stopClient'); },
  trafficStats(_ctx: ControllerContext, _options: { bucketMs?: number } = {}): TrafficStats { notYet('trafficStats'); },
  env(_ctx: ControllerContext, _pod: string, _container?: string): Record<string, string> | undefined { notYet('env'); },
};
