// Node verbs of the Cluster facade (stopNode, startNode, cordon, uncordon, drain).
// PLACEHOLDER until the nodes work lands: every verb reports that it is not modelled yet.
import type { ControllerContext } from '../../cluster/controller';

function notYet(verb: string): never {
  throw new Error(`${verb}: nodes are not modelled yet.`);
}

export const nodeVerbs = {
  stopNode(_ctx: ControllerContext, _name: string): void { notYet('stopNode'); },
  startNode(_ctx: ControllerContext, _name: string): void { notYet('startNode'); },
  cordon(_ctx: ControllerContext, _name: string): void { notYet('cordon'); },
  uncordon(_ctx: ControllerContext, _name: string): void { notYet('uncordon'); },
  drain(_ctx: ControllerContext, _name: string): void { notYet('drain'); },
};
