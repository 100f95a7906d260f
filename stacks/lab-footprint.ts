import type { KubernetesLab } from "../config/cohort-schema";
import { HelloNodeLab } from "../constructs/cohort/hello-node-lab";
import { ServiceTypesLab } from "../constructs/cohort/service-types-lab";
import { WordpressLab } from "../constructs/cohort/wordpress-lab";
import { parseQuantity, type QuantityKind } from "../constructs/core/kubernetes-quantity";
import type { ContainerResources } from "../constructs/workloads/container-resources";
import { MysqlDatabase } from "../constructs/workloads/mysql-database";
import { HELLO_NODE_AUTOSCALING } from "./students-stack";
import { ROADMAP_WEEK } from "./weeks";

/** CPU in millicores and memory in MiB. */
export interface Compute {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/** Pods with their summed requests and limits. */
export interface PodFootprint {
  readonly pods: number;
  readonly requests: Compute;
  readonly limits: Compute;
}

/**
 * - `steady`: the pods that run between rollouts (an autoscaled Deployment at its minimum): what
 *   the nodes must hold.
 * - `peak`: the most that can exist at once (autoscaled to the maximum, one surge pod of a rolling
 *   update per Deployment): what the namespace quota must admit.
 */
export type FootprintPhase = "steady" | "peak";

export const NO_PODS: PodFootprint = { pods: 0, requests: { cpuMillis: 0, memoryMiB: 0 }, limits: { cpuMillis: 0, memoryMiB: 0 } };

/** `replicas` pods of one container shape. */
export function podsOf(replicas: number, resources: ContainerResources): PodFootprint {
  const compute = (quantities: ContainerResources["requests"]): Compute => ({
    cpuMillis: replicas * quantityValue(quantities?.cpu ?? "0", "cpu") * 1000,
    memoryMiB: replicas * (quantityValue(quantities?.memory ?? "0", "bytes") / 2 ** 20),
  });
  return { pods: replicas, requests: compute(resources.requests), limits: compute(resources.limits) };
}

/** `count` more containers in pods already counted (sidecars): their requests and limits, no pods. */
export function containersOf(count: number, resources: ContainerResources): PodFootprint {
  return { ...podsOf(count, resources), pods: 0 };
}

export function sumFootprints(footprints: readonly PodFootprint[]): PodFootprint {
  const add = (a: Compute, b: Compute): Compute => ({ cpuMillis: a.cpuMillis + b.cpuMillis, memoryMiB: a.memoryMiB + b.memoryMiB });
  return footprints.reduce((sum, next) => ({ pods: sum.pods + next.pods, requests: add(sum.requests, next.requests), limits: add(sum.limits, next.limits) }), NO_PODS);
}

/** `footprint` taken `times` times (e.g. once per student). */
export function scaleFootprint(footprint: PodFootprint, times: number): PodFootprint {
  const scale = (compute: Compute): Compute => ({ cpuMillis: compute.cpuMillis * times, memoryMiB: compute.memoryMiB * times });
  return { pods: footprint.pods * times, requests: scale(footprint.requests), limits: scale(footprint.limits) };
}

/**
 * What one student's copy of a lab runs at `week`, from the constants the lab constructs use, so
 * the quota and capacity rules can never drift from what is deployed.
 */
export function labFootprint(lab: KubernetesLab, week: number, phase: FootprintPhase): PodFootprint {
  const surge = phase === "peak" ? 1 : 0;
  switch (lab) {
    case "hello-node": {
      const autoscaled = week >= ROADMAP_WEEK.AUTOSCALING;
      const replicas = autoscaled ? (phase === "peak" ? HELLO_NODE_AUTOSCALING.maxReplicas : HELLO_NODE_AUTOSCALING.minReplicas) : HelloNodeLab.DEFAULT_REPLICAS;
      return podsOf(replicas + surge, HelloNodeLab.RESOURCES);
    }
    case "service-types":
      return podsOf(ServiceTypesLab.REPLICAS + surge, ServiceTypesLab.RESOURCES);
    case "wordpress":
      // From week 6: the MySQL StatefulSet (replaced in place, no surge) and WordPress.
      return week >= ROADMAP_WEEK.EKS
        ? sumFootprints([podsOf(1, MysqlDatabase.DEFAULT_RESOURCES), podsOf(WordpressLab.REPLICAS + surge, WordpressLab.RESOURCES)])
        : NO_PODS;
  }
}

/** One student's labs together (from week 5; nothing before the cluster exists). */
export function studentFootprint(labs: readonly KubernetesLab[], week: number, phase: FootprintPhase): PodFootprint {
  if (week < ROADMAP_WEEK.KUBERNETES) return NO_PODS;
  return sumFootprints(labs.map((lab) => labFootprint(lab, week, phase)));
}

/** A quantity as a plain number (cores for CPU, bytes for memory); constants here are always valid. */
function quantityValue(text: string, kind: QuantityKind): number {
  const parsed = parseQuantity(text, kind);
  if (typeof parsed === "string") throw new RangeError(`lab footprint: "${text}" ${parsed}`);
  return Number(parsed.coefficient) * 10 ** parsed.exponent;
}
