import type { Construct } from "constructs";
import type { CohortConfig } from "../config/cohort-schema";
import { NetworkStack } from "./network-stack";
import { StateStack } from "./state-stack";

/** The stacks of one cohort; a stack whose week has not come is absent. */
export interface CohortStacks {
  /** Only with `stateBackend` in the cohort file. */
  readonly state?: StateStack;
  /** Week 1, so always there (`throughWeek` is at least 1). */
  readonly network: NetworkStack;
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
  // Every stack whose state lives in the bucket deploys after the stack that creates it.
  const needsStateBucket = [network];
  if (state) needsStateBucket.forEach((stack) => stack.addDependency(state));
  return { state, network };
}
