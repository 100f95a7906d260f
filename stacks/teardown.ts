import type { StackSummary } from "./synthesize";

/** One `cdktf destroy` of the teardown, with the stacks it selects. */
export interface TeardownStep {
  /** The stack ids (or the one glob) given to `cdktf destroy`. */
  readonly selection: string;
  readonly stacks: readonly string[];
  /** What the step removes, for the printed plan. */
  readonly why: string;
  readonly command: string;
}

const ORDER: readonly { readonly suffix: RegExp; readonly why: string }[] = [
  { suffix: /-students-\d+$/, why: "Ingresses, Services and volumes first, while the load balancer controller still runs to delete their ALBs, NLBs and EBS volumes" },
  { suffix: /-cluster-services$/, why: "the load balancer controller, StorageClass, admission policy, ClusterRole" },
  { suffix: /-platform$/, why: "the cluster and node groups, registries, CI roles, notifications" },
  { suffix: /-labs$/, why: "the lab workstations" },
  { suffix: /-network$/, why: "the VPC, last but the state bucket (load balancer interfaces in its subnets would block it)" },
];

/**
 * The destroy order that avoids the load balancer trap, as `cdktf destroy` commands that cdktf
 * accepts: it refuses to destroy a stack whose dependants are not destroyed in the same run unless
 * `--ignore-missing-stack-dependencies` is given, which each later step needs because the earlier
 * steps already destroyed those dependants. The state stack (with `stateBackend`) is left out: it
 * holds every other stack's state and is removed by hand, if ever.
 */
export function teardownSteps(stacks: readonly Pick<StackSummary, "stackId" | "dependsOn">[]): TeardownStep[] {
  const steps: TeardownStep[] = [];
  for (const { suffix, why } of ORDER) {
    const selected = stacks.filter((stack) => suffix.test(stack.stackId)).map((stack) => stack.stackId);
    if (selected.length === 0) continue;
    const selection = selected.length > 1 ? `'${selected[0].replace(/-\d+$/, "-*")}'` : selected[0];
    const dependants = stacks.filter((stack) => !selected.includes(stack.stackId) && stack.dependsOn.some((dependency) => selected.includes(dependency)));
    const command = `npx cdktf destroy ${selection}${dependants.length > 0 ? " --ignore-missing-stack-dependencies" : ""}`;
    steps.push({ selection, stacks: selected, why, command });
  }
  return steps;
}
