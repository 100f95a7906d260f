import type { Construct } from "constructs";
import type { CohortConfig } from "../config/cohort-schema";
import { ClusterServicesStack } from "./cluster-services-stack";
import { LabsStack } from "./labs-stack";
import { NetworkStack } from "./network-stack";
import { PlatformStack } from "./platform-stack";
import { StateStack } from "./state-stack";
import { studentShards } from "./student-shards";
import { StudentsStack } from "./students-stack";
import { hasReached, ROADMAP_WEEK } from "./weeks";

/** The stacks of one cohort; a stack whose week has not come is absent. */
export interface CohortStacks {
  /** Only with `stateBackend` in the cohort file. */
  readonly state?: StateStack;
  /** Week 1, so always there (`throughWeek` is at least 1). */
  readonly network: NetworkStack;
  /** From week 2. */
  readonly labs?: LabsStack;
  /** From week 3. */
  readonly platform?: PlatformStack;
  /** From week 5. */
  readonly clusterServices?: ClusterServicesStack;
  /** From week 5: `<cohort>-students-1..N`, one per shard (`workloads.shards`), in shard order. */
  readonly students: readonly StudentsStack[];
}

/**
 * Builds every stack the cohort needs up to `throughWeek`, with deploy order declared through
 * stack dependencies. The config must be validated (`loadCohortFile`/`parseCohortYaml`).
 * Week 1 (the network) always exists; each later stack is created only once `throughWeek` reaches
 * its week, and advancing a week only adds stacks and resources.
 */
export function buildCohortApp(app: Construct, cohort: CohortConfig): CohortStacks {
  const state = cohort.stateBackend ? new StateStack(app, cohort, cohort.stateBackend.bucket) : undefined;
  const network = new NetworkStack(app, cohort);
  const labs = hasReached(cohort.throughWeek, ROADMAP_WEEK.LABS) ? new LabsStack(app, cohort) : undefined;
  labs?.addDependency(network);
  const platform = hasReached(cohort.throughWeek, ROADMAP_WEEK.REGISTRY) ? new PlatformStack(app, cohort) : undefined;
  // The cluster (week 5) finds the network's private subnets by name.
  platform?.addDependency(network);
  const clusterServices = platform && hasReached(cohort.throughWeek, ROADMAP_WEEK.KUBERNETES) ? new ClusterServicesStack(app, cohort) : undefined;
  clusterServices?.addDependency(platform!);
  const students = clusterServices ? [...studentShards(cohort)].map(([shard, members]) => new StudentsStack(app, cohort, shard, members)) : [];
  // The shards need the cluster's access entries and the cohort-wide objects (IngressClass,
  // StorageClass, the students' ClusterRole); they do not depend on each other, so they deploy in parallel.
  students.forEach((stack) => stack.addDependency(clusterServices!));

  // Every stack whose state lives in the bucket deploys after the stack that creates it.
  if (state) [network, labs, platform, clusterServices, ...students].forEach((stack) => stack?.addDependency(state));
  return { state, network, labs, platform, clusterServices, students };
}
