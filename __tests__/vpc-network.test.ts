import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { cidrContains, cidrsOverlap, parseIpv4Cidr, type Ipv4Cidr } from "../constructs/core/ipv4-cidr";
import { VpcNetwork, type VpcNetworkProps } from "../constructs/network/vpc-network";
import { awsTestStack, blocksOf, synthStack } from "./helpers";

function synthVpc(props: Partial<VpcNetworkProps> = {}) {
  const stack = awsTestStack();
  const network = new VpcNetwork(stack, "network", { name: "demo", cidr: "10.20.0.0/16", ...props });
  return { network, ...synthStack(stack) };
}

const cidr = (text: string) => parseIpv4Cidr(text) as Ipv4Cidr;

describe("VpcNetwork", () => {
  test("the VPC has DNS support and hostnames on", () => {
    const { text } = synthVpc();
    expect(text).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.20.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: "demo" },
    });
  });

  test.each([2, 3, 4])("%i zones get one public and one private subnet each, inside the VPC and not overlapping", (zones) => {
    const { json } = synthVpc({ availabilityZones: zones });
    const subnets = blocksOf(json, "aws_subnet");
    const publicSubnets = subnets.filter((subnet) => subnet.tags["kubernetes.io/role/elb"] === "1");
    const privateSubnets = subnets.filter((subnet) => subnet.tags["kubernetes.io/role/internal-elb"] === "1");
    expect(publicSubnets).toHaveLength(zones);
    expect(privateSubnets).toHaveLength(zones);
    expect(subnets).toHaveLength(2 * zones);

    const blocks = subnets.map((subnet) => cidr(subnet.cidr_block));
    blocks.forEach((block) => expect(cidrContains(cidr("10.20.0.0/16"), block)).toBe(true));
    blocks.forEach((a, i) => blocks.slice(i + 1).forEach((b) => expect(cidrsOverlap(a, b)).toBe(false)));
    // Each zone index appears once per tier.
    expect(new Set(privateSubnets.map((subnet) => subnet.availability_zone)).size).toBe(zones);
  });

  test("the documented layout: private /19s from the start, public /22s from the middle of a /16", () => {
    expect(VpcNetwork.subnetLayout("10.20.0.0/16", 3)).toEqual({
      private: ["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"],
      public: ["10.20.128.0/22", "10.20.132.0/22", "10.20.136.0/22"],
    });
    expect(VpcNetwork.subnetLayout("172.16.0.0/20", 4)).toEqual({
      private: ["172.16.0.0/23", "172.16.2.0/23", "172.16.4.0/23", "172.16.6.0/23"],
      public: ["172.16.8.0/26", "172.16.8.64/26", "172.16.8.128/26", "172.16.8.192/26"],
    });
  });

  test("no subnet hands out public IPs on launch", () => {
    const { json } = synthVpc();
    for (const subnet of blocksOf(json, "aws_subnet")) expect(subnet.map_public_ip_on_launch).toBe(false);
  });

  test("zones given by name are used as they are, with no lookup", () => {
    const { json, network } = synthVpc({ availabilityZones: ["ap-northeast-2a", "ap-northeast-2c"] });
    expect(blocksOf(json, "aws_availability_zones", "data")).toHaveLength(0);
    expect(blocksOf(json, "aws_subnet").map((subnet) => subnet.availability_zone).sort()).toEqual([
      "ap-northeast-2a",
      "ap-northeast-2a",
      "ap-northeast-2c",
      "ap-northeast-2c",
    ]);
    expect(network.availabilityZoneNames).toEqual(["ap-northeast-2a", "ap-northeast-2c"]);
  });

  test("a zone count looks zones up without a state filter (an impaired zone never shifts subnets), never in a zone EKS cannot use", () => {
    const { json } = synthVpc({ availabilityZones: 2 });
    const [zones] = blocksOf(json, "aws_availability_zones", "data");
    expect(zones).toEqual({ filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }], exclude_zone_ids: ["use1-az3", "usw1-az2", "cac1-az3"] });
    const [custom] = blocksOf(synthVpc({ availabilityZones: 2, excludeZoneIds: [] }).json, "aws_availability_zones", "data");
    expect(custom.exclude_zone_ids).toBeUndefined();
    expect(blocksOf(json, "aws_subnet").map((subnet) => subnet.availability_zone)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\$\{element\(data\.aws_availability_zones\.\w+\.names, 0\)\}$/)]),
    );
  });

  test("the public route table sends 0.0.0.0/0 to the internet gateway and serves every public subnet", () => {
    const { json } = synthVpc({ availabilityZones: 3 });
    const routes = blocksOf(json, "aws_route").filter((route) => route.gateway_id);
    expect(routes).toEqual([{ route_table_id: expect.stringContaining("public-route-table"), destination_cidr_block: "0.0.0.0/0", gateway_id: expect.stringContaining("aws_internet_gateway") }]);
    const publicAssociations = blocksOf(json, "aws_route_table_association").filter((association) => association.route_table_id.includes("public-route-table"));
    expect(publicAssociations).toHaveLength(3);
  });

  describe.each<[VpcNetworkProps["natGateways"], number, number]>([
    ["single", 1, 1],
    ["one-per-az", 3, 3],
    ["none", 0, 0],
  ])("natGateways %s", (mode, gateways, distinctTargets) => {
    test(`creates ${gateways} NAT gateway(s) with Elastic IPs in public subnets, used by the private routes`, () => {
      const { json } = synthVpc({ availabilityZones: 3, natGateways: mode });
      const natGateways = blocksOf(json, "aws_nat_gateway");
      expect(natGateways).toHaveLength(gateways);
      expect(blocksOf(json, "aws_eip")).toHaveLength(gateways);
      for (const gateway of natGateways) {
        expect(gateway.subnet_id).toMatch(/aws_subnet\.network_public-subnet-\d/);
        expect(gateway.allocation_id).toMatch(/aws_eip\./);
        expect(gateway.depends_on).toEqual([expect.stringMatching(/^aws_internet_gateway\./)]);
      }
      const natRoutes = blocksOf(json, "aws_route").filter((route) => route.nat_gateway_id);
      expect(natRoutes).toHaveLength(gateways === 0 ? 0 : 3);
      expect(new Set(natRoutes.map((route) => route.nat_gateway_id)).size).toBe(distinctTargets);
      natRoutes.forEach((route) => expect(route.destination_cidr_block).toBe("0.0.0.0/0"));
      // Private route tables exist whatever the mode, so switching modes only changes routes.
      expect(blocksOf(json, "aws_route_table")).toHaveLength(4);
    });
  });

  test("one-per-az routes each zone through its own NAT gateway", () => {
    const { json } = synthVpc({ availabilityZones: 2, natGateways: "one-per-az" });
    const natRoutes = blocksOf(json, "aws_route").filter((route) => route.nat_gateway_id);
    const pairs = natRoutes.map((route) => [route.route_table_id.match(/private-route-table-(\d)/)?.[1], route.nat_gateway_id.match(/nat-gateway-(\d)/)?.[1]]);
    expect(pairs).toEqual([
      ["0", "0"],
      ["1", "1"],
    ]);
  });

  test("the default security group is adopted with no rules", () => {
    const { json } = synthVpc();
    expect(blocksOf(json, "aws_default_security_group")).toEqual([
      { vpc_id: expect.stringContaining("aws_vpc."), ingress: [], egress: [], tags: { Name: "demo-default-deny" } },
    ]);
  });

  test("flow logs of ALL traffic go to a log group with finite retention, through a least-privilege role", () => {
    const { json } = synthVpc();
    expect(blocksOf(json, "aws_cloudwatch_log_group")).toEqual([{ name: "/aws/vpc-flow-logs/demo", retention_in_days: VpcNetwork.DEFAULT_FLOW_LOG_RETENTION_DAYS }]);
    const [flowLog] = blocksOf(json, "aws_flow_log");
    expect(flowLog).toMatchObject({
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      log_destination: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.network_flow-log-group_\w+\.arn\}$/),
      iam_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.network_flow-log-role_\w+\.arn\}$/),
      vpc_id: expect.stringContaining("aws_vpc."),
      // Created before its role may write, the flow log's first deliveries would fail.
      depends_on: [expect.stringMatching(/^aws_iam_role_policy\.network_flow-log-role_policy_\w+$/)],
    });

    const [role] = blocksOf(json, "aws_iam_role");
    expect(role.name).toBe("demo-vpc-flow-logs");
    const documents = json.data!.aws_iam_policy_document;
    const trust = Object.entries(documents).find(([id]) => id.includes("trust"))![1];
    expect(trust.statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringContaining("account_id")] },
          { test: "ArnLike", variable: "aws:SourceArn", values: [expect.stringMatching(/:vpc-flow-log\/\*$/)] },
        ],
      },
    ]);
    const permissions = Object.entries(documents).find(([id]) => id.includes("permissions"))![1];
    expect(permissions.statement).toHaveLength(2);
    expect(permissions.statement[0].actions).toEqual(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]);
    expect(permissions.statement[0].resources).toEqual([
      expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.network_flow-log-group_\w+\.arn\}$/),
      expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.network_flow-log-group_\w+\.arn\}:\*$/),
    ]);
    // The only "*": DescribeLogGroups, which the VPC guide's role policy lists, has no resource-level permissions.
    expect(permissions.statement[1]).toEqual({ sid: "FindLogGroups", effect: "Allow", actions: ["logs:DescribeLogGroups"], resources: ["*"] });
  });

  test("an S3 gateway endpoint serves the private route tables", () => {
    const { json } = synthVpc({ availabilityZones: 2 });
    const [endpoint] = blocksOf(json, "aws_vpc_endpoint");
    expect(endpoint.vpc_endpoint_type).toBe("Gateway");
    expect(endpoint.service_name).toMatch(/^com\.amazonaws\.\$\{data\.aws_region\.\w+\.region\}\.s3$/);
    expect(endpoint.route_table_ids).toEqual([expect.stringContaining("private-route-table-0"), expect.stringContaining("private-route-table-1")]);
  });

  test("the S3 endpoint can be turned off", () => {
    const { json } = synthVpc({ s3GatewayEndpoint: false });
    expect(blocksOf(json, "aws_vpc_endpoint")).toHaveLength(0);
  });

  test("outputs are plain readonly values the stack can pass on", () => {
    const { network } = synthVpc({ availabilityZones: 2 });
    expect(network.privateSubnetIds).toHaveLength(2);
    expect(network.publicSubnetIds).toHaveLength(2);
    expect(network.privateRouteTableIds).toHaveLength(2);
    expect(network.natGatewayIds).toHaveLength(1);
    expect(network.privateSubnetCidrs).toEqual(["10.20.0.0/19", "10.20.32.0/19"]);
    expect(network.cidr).toBe("10.20.0.0/16");
  });

  describe("rejects bad props with a message naming the construct, the prop and the value", () => {
    test.each<[string, Partial<VpcNetworkProps>, string]>([
      ["too many zones", { availabilityZones: 7 }, "VpcNetwork test/network: availabilityZones must be 2..4 (a count or that many zone names), got 7"],
      ["one zone name", { availabilityZones: ["eu-west-1a"] }, "VpcNetwork test/network: availabilityZones must be 2..4 (a count or that many zone names), got 1 names"],
      ["a zone named twice", { availabilityZones: ["eu-west-1a", "eu-west-1a"] }, "VpcNetwork test/network: availabilityZones must not name a zone twice, got eu-west-1a, eu-west-1a"],
      ["a /24", { cidr: "10.0.0.0/24" }, 'VpcNetwork test/network: cidr must have a prefix from /16 to /20, got "10.0.0.0/24"'],
      ["host bits", { cidr: "10.0.0.1/16" }, 'VpcNetwork test/network: cidr "10.0.0.1/16" has host bits set: the network address of a /16 here is 10.0.0.0/16'],
      ["a NAT mode", { natGateways: "many" as never }, 'VpcNetwork test/network: natGateways must be "single", "one-per-az" or "none", got "many"'],
      ["a retention CloudWatch does not offer", { flowLogRetentionDays: 45 }, "VpcNetwork test/network: flowLogRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days, got 45"],
    ])("%s", (_case, props, message) => {
      expect(() => synthVpc(props)).toThrow(message);
    });
  });
});
