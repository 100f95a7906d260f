import * as fs from "fs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { parse, stringify } from "yaml";
import { parseCohortYaml, EXAMPLE_COHORT_FILE } from "../config/load-cohort";
import type { CohortConfig } from "../config/cohort-schema";

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

/** A validated cohort: the example with `change` applied to its raw data first. */
export function cohortWith(change: (data: Record<string, any>) => void = () => {}): CohortConfig {
  const data = exampleCohortData();
  change(data);
  return parseCohortYaml(stringify(data), "test-cohort.yaml");
}

/** Every resource address of a synthesized stack with its settings (metadata stripped). */
export function resourceAddresses(json: SynthesizedStack): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, { "//": _metadata, ...settings }] of Object.entries(byName)) out.set(`${type}.${name}`, settings);
  }
  return out;
}
