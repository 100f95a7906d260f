import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { CohortConfig } from "../config/cohort-schema";
import { StateBucket } from "../constructs/state/state-bucket";
import { CohortStack } from "./cohort-stack";

/**
 * `<cohort>-state`: the S3 bucket every other stack keeps its state in. It keeps its own state in
 * a local file (it cannot live in the bucket it creates), deployed once, before anything else.
 */
export class StateStack extends CohortStack {
  public readonly bucket: StateBucket;

  constructor(scope: Construct, cohort: CohortConfig, bucketName: string) {
    super(scope, cohort, "state", { state: "local" });
    this.bucket = new StateBucket(this, "state-bucket", { bucketName });
    new TerraformOutput(this, "state_bucket", { value: this.bucket.bucketName, description: "S3 bucket holding the Terraform state of every other stack" });
  }
}
