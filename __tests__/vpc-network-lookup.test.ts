import { VpcNetwork } from "../constructs/network/vpc-network";
import { VpcNetworkLookup } from "../constructs/network/vpc-network-lookup";
import { awsTestStack, blocksOf, synthStack } from "./helpers";

describe("VpcNetworkLookup", () => {
  test("finds the VPC by Name tag and CIDR, and each private subnet by the Name tag VpcNetwork gives it", () => {
    const stack = awsTestStack();
    const lookup = new VpcNetworkLookup(stack, "network", { name: "demo", cidr: "10.20.0.0/16", zoneCount: 2 });
    const { json } = synthStack(stack);
    expect(blocksOf(json, "aws_vpc", "data")).toEqual([{ cidr_block: "10.20.0.0/16", tags: { Name: "demo" } }]);
    expect(blocksOf(json, "aws_subnet", "data")).toEqual([
      { vpc_id: expect.stringMatching(/^\$\{data\.aws_vpc\.[\w-]+\.id\}$/), tags: { Name: "demo-private-0" } },
      { vpc_id: expect.stringMatching(/^\$\{data\.aws_vpc\.[\w-]+\.id\}$/), tags: { Name: "demo-private-1" } },
    ]);
    expect(lookup.privateSubnetIds).toHaveLength(2);
  });

  test("uses the same Name tags VpcNetwork writes", () => {
    const stack = awsTestStack();
    new VpcNetwork(stack, "network", { name: "demo", cidr: "10.20.0.0/16", availabilityZones: 2 });
    const names = blocksOf(synthStack(stack).json, "aws_subnet").map((subnet) => subnet.tags.Name);
    expect(names).toEqual(expect.arrayContaining([VpcNetwork.privateSubnetName("demo", 0), VpcNetwork.privateSubnetName("demo", 1)]));
  });

  test("rejects a zone count of zero", () => {
    expect(() => new VpcNetworkLookup(awsTestStack(), "network", { name: "demo", cidr: "10.20.0.0/16", zoneCount: 0 })).toThrow(
      "VpcNetworkLookup test/network: zoneCount must be a whole number of at least 1, got 0",
    );
  });
});
