import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { dependable, Token, type ITerraformDependable, type TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { checkIamRoleName, ServiceRole } from "../core/iam";
import { eksKubernetesVersion, eksVersionList, EKS_VERSIONS_CHECKED_ON, NEWEST_EKS_KUBERNETES_VERSION } from "../data/eks-kubernetes-versions";
import { cidrContains, isRfc1918, parseIpv4Cidr, type Ipv4Cidr } from "../core/ipv4-cidr";
import { AwsNameLimit, fitName } from "../core/resource-name";
import { checkLogRetention, propsError, requireProps } from "../core/validation";
import { EksAccessEntry, type AccessGrantOptions } from "./eks-access-entry";
import { EksAddon, type EksAddonOptions } from "./eks-addon";
import { ManagedNodeGroup, type ManagedNodeGroupOptions } from "./managed-node-group";

/** Control-plane log types EKS can send to CloudWatch Logs. */
export type ClusterLogType = "api" | "audit" | "authenticator" | "controllerManager" | "scheduler";
const CLUSTER_LOG_TYPES: readonly ClusterLogType[] = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** STANDARD: 14 months per version. EXTENDED: 12 more months, billed per cluster-hour at a much higher rate. */
export type ClusterSupportType = "STANDARD" | "EXTENDED";

export interface EksClusterProps {
  /** 1..100 letters, digits, `-` and `_`, starting with a letter or digit. */
  readonly clusterName: string;
  /**
   * `<major>.<minor>`, one EKS offers (`EKS_KUBERNETES_VERSIONS`); EKS picks the patch level. With
   * the STANDARD support type, choose one whose standard support outlasts the cluster's use: past
   * that date EKS upgrades the control plane itself, and every plan then wants to downgrade it.
   * @default EksCluster.DEFAULT_KUBERNETES_VERSION (the newest version EKS offers)
   */
  readonly kubernetesVersion?: string;
  /** Private subnets in at least two availability zones, for the control plane's network interfaces. */
  readonly subnetIds: readonly string[];
  /**
   * Networks that may reach the API endpoint over the internet. Empty: the endpoint is private, so
   * kubectl works only from inside the VPC (SSM session, VPN). Listing the networks students work
   * from turns the public endpoint on for those networks only (still IAM-authenticated); the whole
   * internet (0.0.0.0/0) is refused.
   * @default [] (private endpoint only)
   */
  readonly publicAccessCidrs?: readonly string[];
  /** @default EksCluster.DEFAULT_LOG_RETENTION_DAYS (30) */
  readonly logRetentionDays?: number;
  /** @default EksCluster.DEFAULT_LOG_TYPES (api, audit, authenticator) */
  readonly logTypes?: readonly ClusterLogType[];
  /**
   * STANDARD: $0.10 per cluster-hour, upgraded by EKS when standard support ends. EXTENDED: $0.60
   * per cluster-hour while the version is in extended support (12 more months).
   * @default EksCluster.DEFAULT_SUPPORT_TYPE ("STANDARD": no extended-support charge; upgrade in time)
   */
  readonly supportType?: ClusterSupportType;
  /** The cluster IAM role's name. @default - `<clusterName>-cluster`, shortened with fitName to 64 */
  readonly roleName?: string;
  /**
   * The range Service ClusterIPs come from: RFC 1918, /12 to /24, not overlapping the VPC. Fixed
   * at creation (changing it replaces the cluster). Pin it when something must know it, such as a
   * network policy that keeps pods from other namespaces' ClusterIPs; `EksCluster.defaultServiceCidr`
   * gives the range EKS would pick, so pinning it on an existing cluster changes nothing.
   * @default - EKS picks 172.20.0.0/16 when the VPC uses 10.0.0.0/8, otherwise 10.100.0.0/16
   */
  readonly serviceIpv4Cidr?: string;
}

/** {@link EksCluster.addAddon}'s options: `beforeCompute` add-ons come before the node groups. */
export interface ClusterAddonOptions extends EksAddonOptions {
  /**
   * Create the add-on before any node group (vpc-cni, eks-pod-identity-agent: nodes need them to
   * become Ready). Other add-ons wait for every node group (coredns and friends need nodes to schedule on).
   * @default false
   */
  readonly beforeCompute?: boolean;
}

/**
 * An EKS control plane as terraform-aws-modules/eks sets it up: a cluster role, secrets encrypted
 * with a customer-managed KMS key, control-plane logs in a log group created first, API
 * authentication mode with no implicit creator admin, and a private endpoint by default.
 * Access entries, add-ons and node groups are added with the grant and add methods, which keep
 * add-ons and node groups in the right order whatever order they are called in.
 */
export class EksCluster extends Construct {
  public static readonly DEFAULT_LOG_RETENTION_DAYS = 30;
  public static readonly DEFAULT_LOG_TYPES: readonly ClusterLogType[] = ["api", "audit", "authenticator"];
  public static readonly DEFAULT_SUPPORT_TYPE: ClusterSupportType = "STANDARD";
  public static readonly DEFAULT_KUBERNETES_VERSION = NEWEST_EKS_KUBERNETES_VERSION;
  /**
   * The minimum: the key is only replaced or destroyed together with the cluster (encryption cannot
   * be switched to another key), and then the secrets it protected are gone anyway.
   */
  public static readonly KMS_KEY_DELETION_WINDOW_DAYS = 7;
  public static readonly CLUSTER_ADMIN_POLICY = "AmazonEKSClusterAdminPolicy";

  /**
   * The Service range EKS chooses when none is given: 172.20.0.0/16 for a VPC in 10.0.0.0/8,
   * 10.100.0.0/16 otherwise (so it never overlaps the VPC).
   */
  public static defaultServiceCidr(vpcCidr: string): string {
    const vpc = parseIpv4Cidr(vpcCidr);
    if (typeof vpc === "string") throw new RangeError(`defaultServiceCidr: "${vpcCidr}" ${vpc}`);
    return cidrContains(parseIpv4Cidr("10.0.0.0/8") as Ipv4Cidr, vpc) ? "172.20.0.0/16" : "10.100.0.0/16";
  }

  public readonly cluster: EksClusterResource;
  /**
   * The name as given: a synth-time literal, safe to pass to other stacks (DESIGN.md section 4) and
   * to derive AWS names from. A resource in the same stack that must wait for the cluster should
   * use `cluster.name` (a reference) or depend on `cluster`.
   */
  public readonly clusterName: string;
  public readonly clusterArn: string;
  public readonly endpoint: string;
  public readonly certificateAuthorityData: string;
  /** The security group EKS creates for the control plane and managed nodes. */
  public readonly clusterSecurityGroupId: string;
  /** As given (or the default), e.g. "1.36". */
  public readonly kubernetesVersion: string;
  public readonly roleArn: string;
  public readonly kmsKeyArn: string;
  public readonly logGroupName: string;
  public readonly subnetIds: readonly string[];
  /** As given; undefined when EKS picks it. */
  public readonly serviceIpv4Cidr?: string;

  private readonly partition: string;
  private readonly accessScope: Construct;
  private readonly principals = new Map<string, string>();
  private readonly _nodeGroups: ManagedNodeGroup[] = [];
  private readonly _addons: EksAddon[] = [];
  private readonly beforeComputeAddons: EksAddon[] = [];
  private readonly afterComputeAddons: EksAddon[] = [];

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    requireProps(this, props, ["clusterName", "subnetIds"]);
    this.checkProps(props);
    const publicAccessCidrs = [...(props.publicAccessCidrs ?? [])];
    const logRetentionDays = props.logRetentionDays ?? EksCluster.DEFAULT_LOG_RETENTION_DAYS;
    checkLogRetention(this, "logRetentionDays", logRetentionDays);
    const logTypes = [...(props.logTypes ?? EksCluster.DEFAULT_LOG_TYPES)];
    const supportType = props.supportType ?? EksCluster.DEFAULT_SUPPORT_TYPE;
    const kubernetesVersion = props.kubernetesVersion ?? EksCluster.DEFAULT_KUBERNETES_VERSION;

    this.partition = new DataAwsPartition(this, "partition").partition;
    const role = new ServiceRole(this, "role", {
      name: props.roleName ?? fitName(`${props.clusterName}-cluster`, AwsNameLimit.IAM_ROLE),
      servicePrincipal: "eks.amazonaws.com",
      trustActions: ["sts:AssumeRole", "sts:TagSession"],
      managedPolicies: ["AmazonEKSClusterPolicy"],
      partition: this.partition,
    });
    const key = this.addSecretsKey(props.clusterName, role);
    this.logGroupName = `/aws/eks/${props.clusterName}/cluster`;
    const logGroup = new CloudwatchLogGroup(this, "log-group", { name: this.logGroupName, retentionInDays: logRetentionDays });

    const publicEndpoint = publicAccessCidrs.length > 0;
    this.cluster = new EksClusterResource(this, "cluster", {
      name: props.clusterName,
      version: kubernetesVersion,
      roleArn: role.roleArn,
      upgradePolicy: { supportType },
      // Add-ons come as managed EKS add-ons (addAddon), never as unmanaged defaults nobody upgrades.
      bootstrapSelfManagedAddons: false,
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicEndpoint,
        publicAccessCidrs: publicEndpoint ? publicAccessCidrs : undefined,
      },
      kubernetesNetworkConfig: props.serviceIpv4Cidr ? { serviceIpv4Cidr: props.serviceIpv4Cidr } : undefined,
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } },
      enabledClusterLogTypes: logTypes,
      // The log group first (or EKS creates one that never expires), and the role's policy kept
      // until the cluster is gone (or deleting it fails halfway).
      dependsOn: [logGroup, ...role.policyAttachments],
    });

    this.clusterName = props.clusterName;
    this.clusterArn = this.cluster.arn;
    this.endpoint = this.cluster.endpoint;
    this.certificateAuthorityData = this.cluster.certificateAuthority.get(0).data;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;
    this.kubernetesVersion = kubernetesVersion;
    this.roleArn = role.roleArn;
    this.kmsKeyArn = key.arn;
    this.subnetIds = [...props.subnetIds];
    this.serviceIpv4Cidr = props.serviceIpv4Cidr;
    this.accessScope = new Construct(this, "access");
  }

  /** Node groups, in the order added. */
  public get nodeGroups(): readonly ManagedNodeGroup[] {
    return [...this._nodeGroups];
  }

  /** Add-ons, in the order added. */
  public get addons(): readonly EksAddon[] {
    return [...this._addons];
  }

  /** Cluster-wide admin (AmazonEKSClusterAdminPolicy, cluster scope): the only way to grant cluster scope. */
  public grantClusterAdmin(id: string, principalArn: string): EksAccessEntry {
    const entry = this.addAccessEntry(id, { principalArn });
    new EksAccessPolicyAssociation(entry, EksCluster.CLUSTER_ADMIN_POLICY, {
      clusterName: entry.accessEntry.clusterName,
      principalArn: entry.accessEntry.principalArn,
      policyArn: EksAccessEntry.accessPolicyArn(this.partition, EksCluster.CLUSTER_ADMIN_POLICY),
      accessScope: { type: "cluster" },
    });
    return entry;
  }

  /** An access entry with Kubernetes groups and namespace-scoped policies only (students, CI roles). */
  public grantAccess(id: string, options: AccessGrantOptions): EksAccessEntry {
    return this.addAccessEntry(id, options);
  }

  /** A managed add-on (`addon-<addonName>`), ordered before or after every node group. */
  public addAddon(options: ClusterAddonOptions): EksAddon {
    const { beforeCompute = false, ...addonOptions } = options;
    if (this._addons.some((addon) => addon.addonName === options.addonName)) {
      throw propsError(this, `addAddon: the add-on "${options.addonName}" is already added`);
    }
    const addon = new EksAddon(this, `addon-${options.addonName}`, {
      ...addonOptions,
      clusterName: this.cluster.name,
      kubernetesVersion: this.kubernetesVersion,
      dependsOn: beforeCompute ? undefined : nonEmpty(this._nodeGroups.map((group) => group.nodeGroup)),
    });
    if (beforeCompute) {
      this.beforeComputeAddons.push(addon);
      for (const group of this._nodeGroups) addDependency(group.nodeGroup, addon.addon);
    } else {
      this.afterComputeAddons.push(addon);
    }
    this._addons.push(addon);
    return addon;
  }

  /** A managed node group (`node-group-<nodeGroupName>`) in the cluster's subnets unless given others. */
  public addNodeGroup(options: ManagedNodeGroupOptions): ManagedNodeGroup {
    if (this._nodeGroups.some((group) => group.nodeGroupName === options.nodeGroupName)) {
      throw propsError(this, `addNodeGroup: the node group "${options.nodeGroupName}" is already added`);
    }
    const group = new ManagedNodeGroup(this, `node-group-${options.nodeGroupName}`, {
      ...options,
      clusterName: this.clusterName,
      subnetIds: options.subnetIds ?? this.subnetIds,
      partition: this.partition,
      // The cluster's version attribute: upgrading the cluster rolls the nodes after it.
      kubernetesVersion: this.cluster.version,
      dependsOn: [this.cluster, ...this.beforeComputeAddons.map((addon) => addon.addon)],
    });
    for (const addon of this.afterComputeAddons) addDependency(addon.addon, group.nodeGroup);
    this._nodeGroups.push(group);
    return group;
  }

  private addAccessEntry(id: string, options: AccessGrantOptions): EksAccessEntry {
    const entry = new EksAccessEntry(this.accessScope, id, { ...options, clusterName: this.cluster.name, partition: this.partition });
    const existing = this.principals.get(options.principalArn);
    if (existing !== undefined) {
      throw propsError(entry, `principalArn already has the access entry "${existing}" (EKS allows one per principal: give it everything in one grant), got "${options.principalArn}"`);
    }
    this.principals.set(options.principalArn, id);
    return entry;
  }

  /** A customer-managed key for envelope encryption of Kubernetes secrets, the cluster role its user. */
  private addSecretsKey(clusterName: string, role: ServiceRole): KmsKey {
    const account = new DataAwsCallerIdentity(this, "account");
    const grantForAwsResource = [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }];
    const policy = new DataAwsIamPolicyDocument(this, "secrets-key-policy", {
      statement: [
        {
          // The default key policy statement (what terraform-aws-modules/eks keeps): the account
          // administers the key and IAM policies decide who in it may act. In a key policy "*" is this key.
          sid: "AccountAdministersKey",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [`arn:${this.partition}:iam::${account.accountId}:root`] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        {
          sid: "ClusterRoleUsesKey",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [role.roleArn] }],
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
          resources: ["*"],
        },
        {
          sid: "ClusterRoleGrantsOnlyToAwsResources",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [role.roleArn] }],
          actions: ["kms:CreateGrant"],
          resources: ["*"],
          condition: grantForAwsResource,
        },
      ],
    });
    const key = new KmsKey(this, "secrets-key", {
      description: `Encrypts the Kubernetes secrets of the EKS cluster ${clusterName}`,
      enableKeyRotation: true,
      deletionWindowInDays: EksCluster.KMS_KEY_DELETION_WINDOW_DAYS,
      policy: policy.json,
    });
    new KmsAlias(this, "secrets-key-alias", { name: `alias/eks/${clusterName}`, targetKeyId: key.keyId });
    return key;
  }

  private checkProps(props: EksClusterProps): void {
    const { clusterName, kubernetesVersion, subnetIds } = props;
    if (!Token.isUnresolved(clusterName) && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(clusterName)) {
      throw propsError(this, `clusterName must be 1..100 letters, digits, "-" and "_", starting with a letter or digit, got "${clusterName}"`);
    }
    if (kubernetesVersion !== undefined && !Token.isUnresolved(kubernetesVersion) && eksKubernetesVersion(kubernetesVersion) === undefined) {
      throw propsError(
        this,
        `kubernetesVersion must be a version EKS offers (${eksVersionList()}, as of ${EKS_VERSIONS_CHECKED_ON}; EKS picks the patch level), got "${kubernetesVersion}"`,
      );
    }
    if (!Token.isUnresolved(subnetIds) && subnetIds.length < 2) {
      throw propsError(this, `subnetIds must list at least 2 private subnets in different availability zones (EKS requires two zones), got ${subnetIds.length}`);
    }
    (props.publicAccessCidrs ?? []).forEach((cidr, index) => this.checkPublicCidr(cidr, index));
    this.checkServiceCidr(props.serviceIpv4Cidr);
    for (const logType of props.logTypes ?? []) {
      if (!CLUSTER_LOG_TYPES.includes(logType)) throw propsError(this, `logTypes must be from ${CLUSTER_LOG_TYPES.join(", ")}, got "${logType}"`);
    }
    if (props.supportType !== undefined && !["STANDARD", "EXTENDED"].includes(props.supportType)) {
      throw propsError(this, `supportType must be "STANDARD" or "EXTENDED", got "${props.supportType}"`);
    }
    if (props.roleName !== undefined) checkIamRoleName(this, "roleName", props.roleName);
  }

  private checkServiceCidr(cidr: string | undefined): void {
    if (cidr === undefined || Token.isUnresolved(cidr)) return;
    const parsed = parseIpv4Cidr(cidr);
    if (typeof parsed === "string") throw propsError(this, `serviceIpv4Cidr "${cidr}" ${parsed}`);
    if (!isRfc1918(parsed) || parsed.prefixLength < 12 || parsed.prefixLength > 24) {
      throw propsError(this, `serviceIpv4Cidr must be a private (RFC 1918) range from /12 to /24 that does not overlap the VPC, got "${cidr}"`);
    }
  }

  private checkPublicCidr(cidr: string, index: number): void {
    if (Token.isUnresolved(cidr)) return;
    const parsed = parseIpv4Cidr(cidr);
    if (typeof parsed === "string") throw propsError(this, `publicAccessCidrs[${index}] "${cidr}" ${parsed}`);
    if (parsed.prefixLength === 0) {
      throw propsError(
        this,
        `publicAccessCidrs must not contain ${cidr}: that opens the Kubernetes API endpoint to the whole internet (still behind IAM authentication, but exposed to scanning and to any leaked credential). ` +
          `List the networks people work from (e.g. "203.0.113.0/24"), or leave publicAccessCidrs empty for a private endpoint reached from inside the VPC (SSM session, VPN)`,
      );
    }
  }
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/** Adds `dependency` to `resource`'s depends_on after the resource was created. */
function addDependency(resource: TerraformResource, dependency: ITerraformDependable): void {
  resource.dependsOn = [...(resource.dependsOn ?? []), dependable(dependency)];
}
