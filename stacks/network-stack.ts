import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { CohortConfig } from "../config/cohort-schema";
import { VpcNetwork } from "../constructs/network/vpc-network";
import { CohortStack } from "./cohort-stack";

/** `<cohort>-network` (week 1): the VPC everything else runs in. */
export class NetworkStack extends CohortStack {
  public readonly network: VpcNetwork;

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
  }
}
