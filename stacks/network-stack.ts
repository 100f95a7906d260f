import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { CohortConfig } from "../config/cohort-schema";
import { CostBudget } from "../constructs/delivery/cost-budget";
import { VpcNetwork } from "../constructs/network/vpc-network";
import { CohortStack } from "./cohort-stack";

/** `<cohort>-network` (week 1): the VPC everything else runs in, and the cost budget (`budget`). */
export class NetworkStack extends CohortStack {
  public readonly network: VpcNetwork;
  /** With `budget` in the cohort file. */
  public readonly budget?: CostBudget;

  constructor(scope: Construct, cohort: CohortConfig) {
    super(scope, cohort, "network");
    this.network = new VpcNetwork(this, "vpc", {
      name: cohort.name,
      cidr: cohort.network.cidr,
      availabilityZones: cohort.network.availabilityZones,
      natGateways: cohort.network.natGateways,
    });
    new TerraformOutput(this, "vpc_id", { value: this.network.vpcId });
    new TerraformOutput(this, "private_subnet_ids", { value: this.network.privateSubnetIds });
    new TerraformOutput(this, "public_subnet_ids", { value: this.network.publicSubnetIds });
    new TerraformOutput(this, "availability_zones", { value: this.network.availabilityZoneNames });
    // From week 1, as costs start with the NAT gateway; the week-4 Slack channel subscribes to its topic by name.
    if (cohort.budget) {
      this.budget = new CostBudget(this, "budget", { name: cohortBudgetName(cohort), monthlyUsd: cohort.budget.monthlyUsd, emails: cohort.notifications.emails });
      new TerraformOutput(this, "budget_alert_topic_arn", { value: this.budget.alertTopicArn, description: "SNS topic of the cost budget's alerts" });
    }
  }
}

/** The name of the cohort's AWS Budget (its alert topic is `CostBudget.alertTopicName` of it). */
export function cohortBudgetName(cohort: Pick<CohortConfig, "name">): string {
  return `${cohort.name}-monthly-cost`;
}
