import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { ServiceRole } from "../core/iam";
import { formatIpv4Cidr, parseIpv4Cidr, subnetOf, type Ipv4Cidr } from "../core/ipv4-cidr";
import { AwsNameLimit, fitName } from "../core/resource-name";
import { checkLogRetention, propsError, requireProps } from "../core/validation";

/**
 * How private subnets reach the internet.
 * - `single`: one NAT gateway in the first zone for all private subnets (cheapest; a zone outage cuts egress).
 * - `one-per-az`: a NAT gateway per zone (highly available; one hourly charge per zone).
 * - `none`: no NAT gateway; private subnets have no route to the internet at all.
 */
export type NatGatewayMode = "single" | "one-per-az" | "none";

/** What flow logs record. */
export type FlowLogTraffic = "ALL" | "ACCEPT" | "REJECT";

export interface VpcNetworkProps {
  /** Prefixes the `Name` tags and the derived names (log group, IAM role), e.g. `devops-2026`. */
  readonly name: string;
  /**
   * The VPC's IPv4 range, a literal `/16` to `/20` (subnets are laid out at synth time; see
   * {@link VpcNetwork.subnetLayout}).
   * @default VpcNetwork.DEFAULT_CIDR ("10.0.0.0/16")
   */
  readonly cidr?: string;
  /**
   * How many availability zones to spread over (2 to 4), or their names. A count takes the first
   * zones of the region by name, local and wavelength zones excluded.
   * @default VpcNetwork.DEFAULT_AVAILABILITY_ZONES (3)
   */
  readonly availabilityZones?: number | readonly string[];
  /** @default VpcNetwork.DEFAULT_NAT_GATEWAYS ("single") */
  readonly natGateways?: NatGatewayMode;
  /** @default VpcNetwork.DEFAULT_FLOW_LOG_RETENTION_DAYS (30) */
  readonly flowLogRetentionDays?: number;
  /** @default "ALL" */
  readonly flowLogTraffic?: FlowLogTraffic;
  /**
   * Add an S3 gateway endpoint to the private route tables (free; keeps image layer and S3 traffic
   * off the NAT gateway, which bills per GB).
   * @default true
   */
  readonly s3GatewayEndpoint?: boolean;
  /**
   * Zone IDs never chosen when `availabilityZones` is a count. Zone IDs, not names: names are
   * shuffled per account.
   * @default VpcNetwork.EKS_UNSUPPORTED_ZONE_IDS (the zones where EKS cannot place a control plane)
   */
  readonly excludeZoneIds?: readonly string[];
}

/** One tier's subnet sizes and where in the VPC range they start, as a function of the VPC prefix. */
interface TierLayout {
  /** Added to the VPC prefix length to get the subnet prefix length. */
  readonly extraPrefixBits: number;
  /** Index (in subnets of this size) of the tier's first subnet. */
  readonly firstIndex: number;
}

/**
 * A multi-AZ VPC the way an EKS user wants it (what terraform-aws-modules/vpc builds for EKS):
 * public and private subnets in every zone, NAT for the private tier, flow logs to CloudWatch,
 * the default security group stripped of all rules, and an S3 gateway endpoint.
 *
 * Subnet layout for a VPC of prefix `/p` (a `/16` in brackets): private subnets are `/p+3` [/19,
 * 8,190 addresses for pods] from the start of the range; public subnets are `/p+6` [/22] from its
 * middle; the last 7/16 of the range is left free for tiers added later.
 */
export class VpcNetwork extends Construct {
  public static readonly DEFAULT_CIDR = "10.0.0.0/16";
  public static readonly DEFAULT_AVAILABILITY_ZONES = 3;
  public static readonly DEFAULT_NAT_GATEWAYS: NatGatewayMode = "single";
  public static readonly DEFAULT_FLOW_LOG_RETENTION_DAYS = 30;
  public static readonly MIN_PREFIX_LENGTH = 16;
  public static readonly MAX_PREFIX_LENGTH = 20;
  public static readonly PRIVATE_TIER: TierLayout = { extraPrefixBits: 3, firstIndex: 0 };
  public static readonly PUBLIC_TIER: TierLayout = { extraPrefixBits: 6, firstIndex: 32 };
  /**
   * Zones where EKS cannot create a cluster's network interfaces (EKS user guide, "VPC and subnet
   * requirements", checked 2026-12-01): a cluster in the VPC's private subnets would fail to create.
   */
  public static readonly EKS_UNSUPPORTED_ZONE_IDS: readonly string[] = ["use1-az3", "usw1-az2", "cac1-az3"];

  public readonly vpcId: string;
  public readonly cidr: string;
  /** Zone names, in subnet order (tokens when looked up from a count). */
  public readonly availabilityZoneNames: string[];
  public readonly publicSubnetIds: string[];
  public readonly privateSubnetIds: string[];
  public readonly publicSubnetCidrs: string[];
  public readonly privateSubnetCidrs: string[];
  public readonly publicRouteTableId: string;
  /** One per zone, in subnet order. */
  public readonly privateRouteTableIds: string[];
  public readonly natGatewayIds: string[];
  public readonly flowLogGroupName: string;

  constructor(scope: Construct, id: string, props: VpcNetworkProps) {
    super(scope, id);
    requireProps(this, props, ["name"]);
    const cidr = this.parseCidr(props.cidr ?? VpcNetwork.DEFAULT_CIDR);
    const zoneCount = this.checkZones(props.availabilityZones ?? VpcNetwork.DEFAULT_AVAILABILITY_ZONES);
    const natGateways = props.natGateways ?? VpcNetwork.DEFAULT_NAT_GATEWAYS;
    if (!["single", "one-per-az", "none"].includes(natGateways)) {
      throw propsError(this, `natGateways must be "single", "one-per-az" or "none", got "${natGateways}"`);
    }
    const retentionDays = props.flowLogRetentionDays ?? VpcNetwork.DEFAULT_FLOW_LOG_RETENTION_DAYS;
    checkLogRetention(this, "flowLogRetentionDays", retentionDays);

    const layout = VpcNetwork.subnetLayout(formatIpv4Cidr(cidr), zoneCount);
    this.cidr = formatIpv4Cidr(cidr);
    this.publicSubnetCidrs = layout.public;
    this.privateSubnetCidrs = layout.private;
    this.availabilityZoneNames = this.resolveZoneNames(props.availabilityZones ?? zoneCount, zoneCount, props.excludeZoneIds ?? VpcNetwork.EKS_UNSUPPORTED_ZONE_IDS);

    const vpc = new Vpc(this, "vpc", {
      cidrBlock: this.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    this.vpcId = vpc.id;

    // Adopting the default security group with no rules removes the allow-all rules AWS creates.
    new DefaultSecurityGroup(this, "default-security-group", {
      vpcId: vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${props.name}-default-deny` },
    });

    const internetGateway = new InternetGateway(this, "internet-gateway", { vpcId: vpc.id, tags: { Name: props.name } });
    const publicRouteTable = new RouteTable(this, "public-route-table", { vpcId: vpc.id, tags: { Name: `${props.name}-public` } });
    new Route(this, "public-internet-route", {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: internetGateway.id,
    });
    this.publicRouteTableId = publicRouteTable.id;

    const publicSubnets: Subnet[] = [];
    const privateSubnets: Subnet[] = [];
    const privateRouteTables: RouteTable[] = [];
    for (let zone = 0; zone < zoneCount; zone++) {
      const zoneName = this.availabilityZoneNames[zone];
      const publicSubnet = new Subnet(this, `public-subnet-${zone}`, {
        vpcId: vpc.id,
        cidrBlock: layout.public[zone],
        availabilityZone: zoneName,
        // Load balancers and NAT gateways get their addresses explicitly; nothing else belongs here.
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${zone}`, "kubernetes.io/role/elb": "1" },
      });
      new RouteTableAssociation(this, `public-subnet-${zone}-routes`, { subnetId: publicSubnet.id, routeTableId: publicRouteTable.id });
      publicSubnets.push(publicSubnet);

      const privateSubnet = new Subnet(this, `private-subnet-${zone}`, {
        vpcId: vpc.id,
        cidrBlock: layout.private[zone],
        availabilityZone: zoneName,
        mapPublicIpOnLaunch: false,
        tags: { Name: VpcNetwork.privateSubnetName(props.name, zone), "kubernetes.io/role/internal-elb": "1" },
      });
      // One route table per zone whatever the NAT mode, so switching modes only changes routes.
      const privateRouteTable = new RouteTable(this, `private-route-table-${zone}`, { vpcId: vpc.id, tags: { Name: `${props.name}-private-${zone}` } });
      new RouteTableAssociation(this, `private-subnet-${zone}-routes`, { subnetId: privateSubnet.id, routeTableId: privateRouteTable.id });
      privateSubnets.push(privateSubnet);
      privateRouteTables.push(privateRouteTable);
    }

    const natCount = natGateways === "one-per-az" ? zoneCount : natGateways === "single" ? 1 : 0;
    const natGatewayResources = Array.from({ length: natCount }, (_, zone) => {
      const address = new Eip(this, `nat-eip-${zone}`, { domain: "vpc", tags: { Name: `${props.name}-nat-${zone}` } });
      return new NatGateway(this, `nat-gateway-${zone}`, {
        allocationId: address.id,
        subnetId: publicSubnets[zone].id,
        tags: { Name: `${props.name}-nat-${zone}` },
        dependsOn: [internetGateway],
      });
    });
    privateRouteTables.forEach((routeTable, zone) => {
      if (natGatewayResources.length === 0) return;
      new Route(this, `private-nat-route-${zone}`, {
        routeTableId: routeTable.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: natGatewayResources[natGateways === "one-per-az" ? zone : 0].id,
      });
    });

    this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);
    this.privateSubnetIds = privateSubnets.map((subnet) => subnet.id);
    this.privateRouteTableIds = privateRouteTables.map((routeTable) => routeTable.id);
    this.natGatewayIds = natGatewayResources.map((gateway) => gateway.id);

    const region = new DataAwsRegion(this, "region");
    if (props.s3GatewayEndpoint ?? true) {
      new VpcEndpoint(this, "s3-endpoint", {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${region.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: this.privateRouteTableIds,
        tags: { Name: `${props.name}-s3` },
      });
    }

    this.flowLogGroupName = fitName(`/aws/vpc-flow-logs/${props.name}`, AwsNameLimit.LOG_GROUP);
    this.addFlowLogs(props.name, vpc, region, retentionDays, props.flowLogTraffic ?? "ALL");
  }

  /** The `Name` tag of the private subnet in zone `zone` (how other stacks find it: {@link VpcNetworkLookup}). */
  public static privateSubnetName(name: string, zone: number): string {
    return `${name}-private-${zone}`;
  }

  /**
   * The subnet CIDRs for a VPC range and zone count, exactly as the construct lays them out, so a
   * README or a test can show them without synthesizing.
   */
  public static subnetLayout(vpcCidr: string, zoneCount: number): { readonly public: string[]; readonly private: string[] } {
    const parsed = parseIpv4Cidr(vpcCidr);
    if (typeof parsed === "string") throw new RangeError(`subnetLayout: "${vpcCidr}" ${parsed}`);
    const tier = (layout: TierLayout) =>
      Array.from({ length: zoneCount }, (_, zone) => formatIpv4Cidr(subnetOf(parsed, parsed.prefixLength + layout.extraPrefixBits, layout.firstIndex + zone)));
    return { public: tier(VpcNetwork.PUBLIC_TIER), private: tier(VpcNetwork.PRIVATE_TIER) };
  }

  private addFlowLogs(name: string, vpc: Vpc, region: DataAwsRegion, retentionDays: number, traffic: FlowLogTraffic): void {
    const logGroup = new CloudwatchLogGroup(this, "flow-log-group", { name: this.flowLogGroupName, retentionInDays: retentionDays });
    const account = new DataAwsCallerIdentity(this, "account");
    const partition = new DataAwsPartition(this, "partition");
    const role = new ServiceRole(this, "flow-log-role", {
      name: fitName(`${name}-vpc-flow-logs`, AwsNameLimit.IAM_ROLE),
      servicePrincipal: "vpc-flow-logs.amazonaws.com",
      // Only flow logs of this account and region may use the role (confused-deputy protection).
      trustConditions: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
        { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition.partition}:ec2:${region.region}:${account.accountId}:vpc-flow-log/*`] },
      ],
      statements: [
        {
          sid: "WriteFlowLogsToItsLogGroup",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [logGroup.arn, `${logGroup.arn}:*`],
        },
        // The flow log service lists log groups before it writes (the VPC guide's role policy);
        // DescribeLogGroups has no resource-level permissions.
        { sid: "FindLogGroups", actions: ["logs:DescribeLogGroups"], resources: ["*"] },
      ],
    });
    new FlowLog(this, "flow-log", {
      vpcId: vpc.id,
      trafficType: traffic,
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.roleArn,
      tags: { Name: `${name}-flow-log` },
      // Created before its role may write, the flow log's first deliveries fail with an access error.
      dependsOn: role.policy ? [role.policy] : [],
    });
  }

  private parseCidr(cidr: string): Ipv4Cidr {
    if (Token.isUnresolved(cidr)) {
      throw propsError(this, "cidr must be a literal like 10.20.0.0/16, not a token: subnets are laid out at synth time");
    }
    const parsed = parseIpv4Cidr(cidr);
    if (typeof parsed === "string") throw propsError(this, `cidr "${cidr}" ${parsed}`);
    if (parsed.prefixLength < VpcNetwork.MIN_PREFIX_LENGTH || parsed.prefixLength > VpcNetwork.MAX_PREFIX_LENGTH) {
      throw propsError(this, `cidr must have a prefix from /${VpcNetwork.MIN_PREFIX_LENGTH} to /${VpcNetwork.MAX_PREFIX_LENGTH}, got "${cidr}"`);
    }
    return parsed;
  }

  private checkZones(zones: number | readonly string[]): number {
    const count = typeof zones === "number" ? zones : zones.length;
    if (!Number.isInteger(count) || count < 2 || count > 4) {
      throw propsError(this, `availabilityZones must be 2..4 (a count or that many zone names), got ${typeof zones === "number" ? zones : `${count} names`}`);
    }
    if (typeof zones !== "number" && new Set(zones).size !== zones.length) {
      throw propsError(this, `availabilityZones must not name a zone twice, got ${zones.join(", ")}`);
    }
    return count;
  }

  private resolveZoneNames(zones: number | readonly string[], count: number, excludeZoneIds: readonly string[]): string[] {
    if (typeof zones !== "number") return [...zones];
    // No `state` filter: a zone that is briefly impaired must not shift every subnet to another zone.
    const available = new DataAwsAvailabilityZones(this, "zones", {
      filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
      excludeZoneIds: excludeZoneIds.length > 0 ? [...excludeZoneIds] : undefined,
    });
    return Array.from({ length: count }, (_, zone) => Fn.element(available.names, zone));
  }
}
