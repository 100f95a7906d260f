import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { CohortConfig } from "../config/cohort-schema";
import { ResourceNames } from "../constructs/core/resource-name";
import { resolveStackOnce, singleResolutionApplies } from "./single-resolution";
import { checkSynthesizedStack, type SynthesizedStackCounts } from "./stack-references";

/** The value of the `ManagedBy` tag on every AWS resource. */
export const MANAGED_BY = "cohort-platform";

/**
 * Every stack's `terraform.required_version`: S3-native state locking (`use_lockfile`) needs
 * Terraform 1.10 (OpenTofu 1.10 has it too), and an older binary would fail late, at init.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10";

/** Where a stack keeps its Terraform state. */
export type StateLocation = "cohort-backend" | "local";

/** The stack id for one part of a cohort's platform: `<cohort>-<purpose>`. */
export function cohortStackId(cohort: Pick<CohortConfig, "name">, purpose: string): string {
  return `${cohort.name}-${purpose}`;
}

/** The tags the AWS provider puts on every resource of a cohort (`defaultTags`). */
export function cohortTags(cohort: Pick<CohortConfig, "name" | "tags">): Record<string, string> {
  return { Cohort: cohort.name, ManagedBy: MANAGED_BY, ...cohort.tags };
}

export interface CohortStackOptions {
  /** @default "cohort-backend" (the state bucket with `stateBackend`, else a local file) */
  readonly state?: StateLocation;
  /**
   * Configure the AWS provider (cohort region and default tags). Off for a stack with nothing of
   * AWS in it, e.g. an in-cluster stack on a non-EKS cluster: Terraform then needs no AWS provider
   * or credentials for it.
   * @default true
   */
  readonly awsProvider?: boolean;
}

/**
 * A stack of a cohort's platform: named `<cohort>-<purpose>`, with the AWS provider in the
 * cohort's region tagging everything, and its state either in the cohort's S3 backend (when the
 * cohort file has `stateBackend`) or in a local file beside cdktf.json.
 */
export class CohortStack extends TerraformStack {
  public readonly cohort: CohortConfig;
  public readonly names: ResourceNames;
  private lastCounts?: SynthesizedStackCounts;

  constructor(scope: Construct, cohort: CohortConfig, purpose: string, options: CohortStackOptions = {}) {
    const stackId = cohortStackId(cohort, purpose);
    super(scope, stackId);
    this.cohort = cohort;
    this.names = new ResourceNames(cohort.name);
    const state = options.state ?? "cohort-backend";

    if (options.awsProvider ?? true) new AwsProvider(this, "aws", { region: cohort.region, defaultTags: [{ tags: cohortTags(cohort) }] });
    // cdktf's stack API has no setting for required_version; the override writes it into the terraform block.
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);

    if (state === "cohort-backend" && cohort.stateBackend) {
      const backend = new S3Backend(this, {
        bucket: cohort.stateBackend.bucket,
        key: `${stackId}/terraform.tfstate`,
        region: cohort.region,
        encrypt: true,
      });
      // cdktf 0.21's S3BackendConfig predates `use_lockfile` (S3-native locking, Terraform >= 1.10).
      backend.addOverride("use_lockfile", true);
    } else {
      // Relative to the stack's working directory `cdktf.out/stacks/<stack>`: the file sits beside
      // cdktf.json, and the synthesized plan does not embed this machine's absolute path.
      new LocalBackend(this, { path: `../../../terraform.${stackId}.tfstate` });
    }
  }

  /**
   * cdktf resolves every stack twice: once "preparing", only to turn tokens of another stack into
   * remote-state lookups, then for real. A cohort's stacks never share tokens (each finds the
   * others by name, so each plans on its own), so the first pass, a third of synthesis time at
   * cohort scale, is skipped. `undeclaredReferences` (run on every synthesized stack) fails the
   * synth if a token of another stack ever slips in.
   */
  public prepareStack(): void {
    this.ensureBackendExists();
  }

  /** Counts of the JSON the last {@link toTerraform} returned; set when a synth has run. */
  public get synthesizedCounts(): SynthesizedStackCounts | undefined {
    return this.lastCounts;
  }

  /**
   * cdktf's JSON, resolved once ({@link resolveStackOnce}), counted and checked for references to
   * other stacks as it is produced.
   */
  public toTerraform(): any {
    const json = singleResolutionApplies ? resolveStackOnce(this) : super.toTerraform();
    this.lastCounts = checkSynthesizedStack(this.node.id, json);
    return json;
  }
}
