import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { Construct } from "constructs";
import { checkWholeNumber, requireProps } from "../core/validation";
import { VpcNetwork } from "./vpc-network";

export interface VpcNetworkLookupProps {
  /** The `name` the {@link VpcNetwork} was created with. */
  readonly name: string;
  /** The VPC's CIDR, so a same-named VPC elsewhere in the account cannot be picked up. */
  readonly cidr: string;
  /** How many zones the network spans (subnets are looked up one by one, in zone order). */
  readonly zoneCount: number;
}

/**
 * Finds a {@link VpcNetwork} deployed by another stack from synth-time names (its `Name` tags and
 * CIDR), so stacks pass names rather than cross-stack tokens. Each private subnet is looked up on
 * its own, which keeps zone order stable (a list lookup returns ids in no guaranteed order).
 */
export class VpcNetworkLookup extends Construct {
  public readonly vpcId: string;
  /** In zone order, like {@link VpcNetwork.privateSubnetIds}. */
  public readonly privateSubnetIds: string[];

  constructor(scope: Construct, id: string, props: VpcNetworkLookupProps) {
    super(scope, id);
    requireProps(this, props, ["name", "cidr", "zoneCount"]);
    checkWholeNumber(this, "zoneCount", props.zoneCount, 1);
    const vpc = new DataAwsVpc(this, "vpc", { cidrBlock: props.cidr, tags: { Name: props.name } });
    this.vpcId = vpc.id;
    this.privateSubnetIds = Array.from({ length: props.zoneCount }, (_, zone) => {
      const subnet = new DataAwsSubnet(this, `private-subnet-${zone}`, {
        vpcId: vpc.id,
        tags: { Name: VpcNetwork.privateSubnetName(props.name, zone) },
      });
      return subnet.id;
    });
  }
}
