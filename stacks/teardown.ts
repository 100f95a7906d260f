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

/** How a teardown run ended. */
export interface TeardownRun {
  /** Steps that finished, counting from step 1 (steps before `from` count as finished). */
  readonly completed: number;
  /** The 1-based step that failed, if one did. */
  readonly failedStep?: number;
  readonly exitCode: number;
}

/**
 * Runs the steps from step `from` (1-based) in order, each to its end, and stops at the first
 * whose command exits non-zero: a later step would otherwise destroy what an earlier one still
 * needs (the load balancer controller, the cluster, the VPC). `execute` runs one command line and
 * returns its exit code; `extraArgs` go after each command (e.g. `--auto-approve`).
 */
export function runTeardown(
  steps: readonly TeardownStep[],
  execute: (commandLine: string) => number,
  options: { readonly from?: number; readonly extraArgs?: readonly string[]; readonly log?: (line: string) => void } = {},
): TeardownRun {
  const from = options.from ?? 1;
  if (!Number.isInteger(from) || from < 1 || from > steps.length) throw new Error(`from must be a step number from 1 to ${steps.length}, got ${from}`);
  const log = options.log ?? (() => undefined);
  for (let index = from - 1; index < steps.length; index++) {
    const commandLine = [steps[index].command, ...(options.extraArgs ?? [])].join(" ");
    log(`teardown: step ${index + 1} of ${steps.length}: ${commandLine}`);
    const exitCode = execute(commandLine);
    if (exitCode !== 0) {
      log(`teardown: step ${index + 1} failed (exit ${exitCode}); nothing after it ran. Fix the cause, then continue with --run --from ${index + 1}`);
      return { completed: index, failedStep: index + 1, exitCode };
    }
  }
  log(`teardown: all ${steps.length} steps done`);
  return { completed: steps.length, exitCode: 0 };
}
