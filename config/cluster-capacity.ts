import { EC2_INSTANCE_TYPES, maxPods, type Ec2InstanceType } from "../constructs/data/ec2-instance-types";
import { clusterFootprint } from "../stacks/cluster-footprint";
import { scaleFootprint, studentFootprint, sumFootprints, type Compute, type PodFootprint } from "../stacks/lab-footprint";
import type { KubernetesLab } from "./cohort-schema";

/**
 * How much of a node's resources pods can request, the way the EKS AL2023 AMI (nodeadm) configures
 * the kubelet: kube-reserved CPU of 6% of the first core, 1% of the second, 0.5% of cores 3-4 and
 * 0.25% of the rest; kube-reserved memory of 255Mi + 11Mi per pod; a 100Mi eviction threshold.
 * The kernel sees about 5% less memory than the nominal size.
 */
export function nodeAllocatable(type: Ec2InstanceType): { pods: number } & Compute {
  const pods = maxPods(type);
  const cores = type.vcpus;
  const reservedCpu = 60 * Math.min(cores, 1) + 10 * Math.min(Math.max(cores - 1, 0), 1) + 5 * Math.min(Math.max(cores - 2, 0), 2) + 2.5 * Math.max(cores - 4, 0);
  const reservedMemory = 255 + 11 * pods + 100;
  return { pods, cpuMillis: cores * 1000 - reservedCpu, memoryMiB: type.memoryMiB * MEMORY_VISIBLE_SHARE - reservedMemory };
}

const MEMORY_VISIBLE_SHARE = 0.95;
/** Only this share of what the nodes hold is planned: the scheduler never packs nodes perfectly. */
export const CAPACITY_PLANNED_SHARE = 0.9;

/** A node group as far as capacity goes: its node count and the smallest of its instance types. */
export interface CapacityGroup {
  readonly name: string;
  readonly nodes: number;
  readonly instanceType: string;
}

export interface CapacityCheck {
  /** What the students' labs request (steady state, see `FootprintPhase`). */
  readonly students: PodFootprint;
  /** The platform's pods: per node times the nodes, plus the cluster-wide ones. */
  readonly platform: PodFootprint;
  /** What the nodes hold, before the planning margin. */
  readonly nodes: { pods: number } & Compute;
  /** Whether the students and the platform fit in {@link CAPACITY_PLANNED_SHARE} of the nodes. */
  readonly fits: boolean;
}

/** The instance type of a group whose capacity counts: the one with the least room (spot may give any of them). */
export function smallestInstanceType(instanceTypes: readonly string[]): string {
  const known = instanceTypes.filter((name) => EC2_INSTANCE_TYPES.has(name));
  const score = (name: string) => {
    const node = nodeAllocatable(EC2_INSTANCE_TYPES.get(name)!);
    return node.cpuMillis * 1e6 + node.pods;
  };
  return known.reduce((smallest, name) => (score(name) < score(smallest) ? name : smallest), known[0]);
}

export function checkCapacity(groups: readonly CapacityGroup[], studentCount: number, labs: readonly KubernetesLab[], week: number): CapacityCheck {
  const footprint = clusterFootprint(week, studentCount);
  const nodeCount = groups.reduce((sum, group) => sum + group.nodes, 0);
  const nodes = groups.reduce(
    (sum, group) => {
      const node = nodeAllocatable(EC2_INSTANCE_TYPES.get(group.instanceType)!);
      return { pods: sum.pods + group.nodes * node.pods, cpuMillis: sum.cpuMillis + group.nodes * node.cpuMillis, memoryMiB: sum.memoryMiB + group.nodes * node.memoryMiB };
    },
    { pods: 0, cpuMillis: 0, memoryMiB: 0 },
  );
  const platform = sumFootprints([scaleFootprint(footprint.perNode, nodeCount), footprint.cluster]);
  const students = scaleFootprint(studentFootprint(labs, week, "steady"), studentCount);
  const fits =
    students.pods + platform.pods <= nodes.pods * CAPACITY_PLANNED_SHARE &&
    students.requests.cpuMillis + platform.requests.cpuMillis <= nodes.cpuMillis * CAPACITY_PLANNED_SHARE &&
    students.requests.memoryMiB + platform.requests.memoryMiB <= nodes.memoryMiB * CAPACITY_PLANNED_SHARE;
  return { students, platform, nodes, fits };
}

/** The smallest node count of `group` (others unchanged) that fits, or undefined past `limit`. */
export function nodesNeeded(groups: readonly CapacityGroup[], index: number, studentCount: number, labs: readonly KubernetesLab[], week: number, limit: number): number | undefined {
  for (let nodes = groups[index].nodes; nodes <= limit; nodes++) {
    const resized = groups.map((group, i) => (i === index ? { ...group, nodes } : group));
    if (checkCapacity(resized, studentCount, labs, week).fits) return nodes;
  }
  return undefined;
}
