import * as fs from "fs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { parse, stringify } from "yaml";
import { CohortConfigError, parseCohortYaml, EXAMPLE_COHORT_FILE } from "../config/load-cohort";
import type { CohortConfig } from "../config/cohort-schema";
import { buildCohortApp } from "../stacks/cohort-app";

/** The synthesized Terraform JSON of a stack, with validations run. */
export interface SynthesizedStack {
  readonly terraform?: Record<string, any>;
  readonly provider?: Record<string, any[]>;
  readonly resource?: Record<string, Record<string, any>>;
  readonly data?: Record<string, Record<string, any>>;
  readonly output?: Record<string, any>;
}

/** A stack with an AWS provider, for testing one construct. */
export function awsTestStack(id = "test"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, "aws", { region: "ap-northeast-2" });
  return stack;
}

export function synthStack(stack: TerraformStack): { text: string; json: SynthesizedStack } {
  const text = Testing.synth(stack, true);
  return { text, json: JSON.parse(text) as SynthesizedStack };
}

/** All resources (or data sources) of one type, without cdktf's metadata. */
export function blocksOf(json: SynthesizedStack, type: string, kind: "resource" | "data" = "resource"): Record<string, any>[] {
  return Object.values(json[kind]?.[type] ?? {}).map(({ "//": _metadata, ...rest }) => rest);
}

/** The example cohort file as plain data, to derive variants from. */
export function exampleCohortData(): Record<string, any> {
  return parse(fs.readFileSync(EXAMPLE_COHORT_FILE, "utf8")) as Record<string, any>;
}

/** The day tests take as today, so date rules (EKS support windows) never depend on the clock. */
export const TEST_TODAY = new Date("2026-12-01T00:00:00Z");

/** A validated cohort: the example with `change` applied to its raw data first. */
export function cohortWith(change: (data: Record<string, any>) => void = () => {}): CohortConfig {
  const data = exampleCohortData();
  change(data);
  return parseCohortYaml(stringify(data), "test-cohort.yaml", { today: TEST_TODAY });
}

/** The problems a variant of the example cohort has, as `path: message`; throws if it is accepted. */
export function problemsOf(change: (data: Record<string, any>) => void): string[] {
  try {
    cohortWith(change);
  } catch (error) {
    if (error instanceof CohortConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  throw new Error("expected the cohort to be rejected, but it was accepted");
}

/** Every resource address of a synthesized stack with its settings (metadata stripped). */
export function resourceAddresses(json: SynthesizedStack): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, { "//": _metadata, ...settings }] of Object.entries(byName)) out.set(`${type}.${name}`, settings);
  }
  return out;
}

/** Builds a cohort's app; `ids` are the stack ids in creation order. */
export function buildCohort(cohort: CohortConfig) {
  const app = Testing.app();
  const stacks = buildCohortApp(app, cohort);
  const all = app.node.children.filter(TerraformStack.isStack);
  return { stacks, all, ids: all.map((stack) => stack.node.id) };
}

/**
 * Asserts that going from `before` to `after` (the same stack without one student) removed some
 * resources, all of them that student's, and left every other resource exactly as it was.
 */
export function expectOnlyStudentRemoved(before: TerraformStack, after: TerraformStack, student: string): void {
  const all = resourceAddresses(synthStack(before).json);
  const remaining = resourceAddresses(synthStack(after).json);
  const gone = [...all.keys()].filter((address) => !remaining.has(address));
  expect(gone.length).toBeGreaterThan(0);
  gone.forEach((address) => expect(address).toContain(student));
  for (const [address, settings] of remaining) expect(all.get(address)).toEqual(settings);
}

/** A stack with AWS, Kubernetes and Helm providers (pointing nowhere), for testing in-cluster constructs. */
export function kubernetesTestStack(id = "test"): TerraformStack {
  const stack = awsTestStack(id);
  new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
  new HelmProvider(stack, "helm", { kubernetes: { configPath: "~/.kube/config" } });
  new RandomProvider(stack, "random");
  return stack;
}

/**
 * Asserts that every resource of every stack in `before` is still in `after` at the same address
 * with the same settings: advancing a week only adds. The lifecycle meta-argument may change (from
 * week 9 the HPA owns hello-node's replica count, so `ignore_changes` grows), not the object.
 */
export function expectOnlyAdditions(before: ReadonlyMap<string, SynthesizedStack>, after: ReadonlyMap<string, SynthesizedStack>): void {
  for (const [id, json] of before) {
    const now = resourceAddresses(after.get(id)!);
    for (const [address, settings] of resourceAddresses(json)) {
      const { lifecycle: _was, ...wasSettings } = settings as Record<string, unknown>;
      const { lifecycle: _now, ...nowSettings } = (now.get(address) ?? {}) as Record<string, unknown>;
      expect({ address, settings: nowSettings }).toEqual({ address, settings: wasSettings });
    }
  }
}

/** Synthesized JSON per stack id of a cohort. */
export function synthCohort(cohort: CohortConfig): Map<string, SynthesizedStack> {
  return new Map(buildCohort(cohort).all.map((stack) => [stack.node.id, synthStack(stack).json]));
}
