import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ServiceRole } from "../core/iam";
import { checkDnsLabel } from "../core/kubernetes-names";
import { AwsNameLimit, fitName } from "../core/resource-name";
import { propsError, requireProps } from "../core/validation";

/** What a taint does to pods that do not tolerate it (the EKS API spelling). */
export type NodeTaintEffect = "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE";

/** A Kubernetes taint EKS puts on every node of the group. */
export interface NodeTaint {
  readonly key: string;
  /** @default - a taint without a value */
  readonly value?: string;
  readonly effect: NodeTaintEffect;
}

/** Whether the group runs on-demand or spot instances. */
export type NodeCapacityType = "ON_DEMAND" | "SPOT";

/** The CPU architecture of an instance type. */
export type NodeArchitecture = "arm64" | "x86_64";

/** What a node group needs besides the cluster: what `EksCluster.addNodeGroup` takes. */
export interface ManagedNodeGroupOptions {
  /**
   * The group's name inside the cluster (the `eks.amazonaws.com/nodegroup` node label), a DNS
   * label; EKS uses it as given, AWS-wide names (role, launch template) are prefixed with the
   * cluster name.
   */
  readonly nodeGroupName: string;
  /**
   * EC2 instance types, all arm64 (Graviton) or all x86_64. For SPOT, list several types of the
   * same size: one type is allowed, but a single spot pool is often reclaimed or empty.
   */
  readonly instanceTypes: readonly string[];
  /** @default ManagedNodeGroup.DEFAULT_CAPACITY_TYPE ("ON_DEMAND") */
  readonly capacityType?: NodeCapacityType;
  readonly minSize: number;
  /** The size at creation only: afterwards the cluster autoscaler (or a person) owns it. */
  readonly desiredSize: number;
  readonly maxSize: number;
  /**
   * Size of the gp3 root volume (the data volume on Bottlerocket), which holds the container images.
   * @default ManagedNodeGroup.DEFAULT_DISK_SIZE_GIB (50)
   */
  readonly diskSizeGiB?: number;
  /**
   * The EKS AMI type; EKS picks the AMI release for the cluster version.
   * @default - ManagedNodeGroup.DEFAULT_AMI_TYPE ("AL2023_x86_64_STANDARD"), or
   * ManagedNodeGroup.DEFAULT_ARM_AMI_TYPE ("AL2023_ARM_64_STANDARD") when every instance type is Graviton
   */
  readonly amiType?: string;
  /** Kubernetes labels of every node. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes taints of every node. @default - none */
  readonly taints?: readonly NodeTaint[];
  /** Subnets to launch nodes in (private ones). @default - the cluster's subnets */
  readonly subnetIds?: readonly string[];
  /**
   * How many nodes, in percent of the group, a version or launch template update may replace at once.
   * @default ManagedNodeGroup.DEFAULT_MAX_UNAVAILABLE_PERCENTAGE (33)
   */
  readonly maxUnavailablePercentage?: number;
  /**
   * Extra tags for the instances and volumes EKS launches (provider `default_tags` do not reach
   * them), e.g. the cohort's cost allocation tags.
   * @default - only `Name`
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
}

export interface ManagedNodeGroupProps extends ManagedNodeGroupOptions {
  /** The cluster's name, a literal (AWS-wide names of the group are derived from it). */
  readonly clusterName: string;
  readonly subnetIds: readonly string[];
  /**
   * The node IAM role's name.
   * @default - fitName(`<clusterName>-node-<nodeGroupName>`, AwsNameLimit.IAM_ROLE)
   */
  readonly roleName?: string;
  /**
   * The Kubernetes version of the nodes, e.g. the cluster's `version`, so that upgrading the
   * cluster also rolls the nodes.
   * @default - the cluster's version when the group is created; never upgraded afterwards
   */
  readonly kubernetesVersion?: string;
  /**
   * What must exist before the group (the cluster, the vpc-cni and pod identity add-ons: nodes
   * without a CNI never become Ready).
   * @default - none besides the node role's policies
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * The AWS partition for the node role's managed policy ARNs (`EksCluster` passes its own look-up).
   * @default - looked up with an `aws_partition` data source
   */
  readonly partition?: string;
}

/**
 * An EKS managed node group the way terraform-aws-eks builds one: its own node role, a launch
 * template with IMDSv2 (hop limit 1, so pods cannot borrow the node's credentials), an encrypted
 * gp3 root volume and tagged instances, an AL2023 AMI type matched to the instance architecture,
 * and `desired_size` left to the autoscaler after creation.
 *
 * The group's name is fixed, so a change EKS cannot make in place (instance types, capacity type,
 * subnets, AMI type) destroys the group before creating the new one. To change those without
 * draining every node at once, add a group under a new name, then remove the old one.
 */
export class ManagedNodeGroup extends Construct {
  public static readonly DEFAULT_CAPACITY_TYPE: NodeCapacityType = "ON_DEMAND";
  public static readonly DEFAULT_AMI_TYPE = "AL2023_x86_64_STANDARD";
  public static readonly DEFAULT_ARM_AMI_TYPE = "AL2023_ARM_64_STANDARD";
  public static readonly DEFAULT_DISK_SIZE_GIB = 50;
  /** The EKS AMIs' root snapshot is 20 GiB; gp3 volumes go up to 16 TiB. */
  public static readonly MIN_DISK_SIZE_GIB = 20;
  public static readonly MAX_DISK_SIZE_GIB = 16384;
  public static readonly DEFAULT_MAX_UNAVAILABLE_PERCENTAGE = 33;
  /** AWS managed policies every EKS node needs (kubelet, image pulls, the VPC CNI's ENI calls). */
  public static readonly NODE_MANAGED_POLICIES: readonly string[] = [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonEKS_CNI_Policy",
  ];
  /** EC2's launch template name limit. */
  public static readonly LAUNCH_TEMPLATE_NAME_LIMIT = 128;

  /**
   * Whether an instance type is arm64 (Graviton): a family of letters, a generation digit and `g`
   * (t4g, m7g, c6gn, r8gd, im4gn, g5g), or the first Graviton family a1.
   */
  public static isGraviton(instanceType: string): boolean {
    const family = instanceType.split(".")[0];
    return family === "a1" || /^[a-z]+\d+g[a-z]*$/.test(family);
  }

  public readonly nodeGroup: EksNodeGroup;
  /** The group's name in the cluster (as given). */
  public readonly nodeGroupName: string;
  public readonly nodeRole: ServiceRole;
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly launchTemplate: LaunchTemplate;
  public readonly launchTemplateId: string;
  /** The AMI type the group uses (given or derived from the instance types). */
  public readonly amiType: string;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    requireProps(this, props, ["clusterName", "nodeGroupName", "instanceTypes", "subnetIds", "minSize", "desiredSize", "maxSize"]);
    checkDnsLabel(this, "nodeGroupName", props.nodeGroupName);
    const architecture = this.checkInstanceTypes(props.instanceTypes);
    const capacityType = props.capacityType ?? ManagedNodeGroup.DEFAULT_CAPACITY_TYPE;
    if (!["ON_DEMAND", "SPOT"].includes(capacityType)) {
      throw propsError(this, `capacityType must be "ON_DEMAND" or "SPOT", got "${capacityType}"`);
    }
    this.checkScaling(props.minSize, props.desiredSize, props.maxSize);
    const diskSizeGiB = props.diskSizeGiB ?? ManagedNodeGroup.DEFAULT_DISK_SIZE_GIB;
    this.checkDiskSize(diskSizeGiB);
    const maxUnavailablePercentage = props.maxUnavailablePercentage ?? ManagedNodeGroup.DEFAULT_MAX_UNAVAILABLE_PERCENTAGE;
    if (!Token.isUnresolved(maxUnavailablePercentage) && !(Number.isInteger(maxUnavailablePercentage) && maxUnavailablePercentage >= 1 && maxUnavailablePercentage <= 100)) {
      throw propsError(this, `maxUnavailablePercentage must be a whole number 1..100, got ${maxUnavailablePercentage}`);
    }
    this.amiType = props.amiType ?? (architecture === "arm64" ? ManagedNodeGroup.DEFAULT_ARM_AMI_TYPE : ManagedNodeGroup.DEFAULT_AMI_TYPE);
    this.checkAmiType(this.amiType, architecture, props.instanceTypes);
    this.checkTaints(props.taints ?? []);
    if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length === 0) {
      throw propsError(this, "subnetIds must list at least one subnet");
    }
    if (props.kubernetesVersion !== undefined && !Token.isUnresolved(props.kubernetesVersion) && !/^\d+\.\d+$/.test(props.kubernetesVersion)) {
      throw propsError(this, `kubernetesVersion must be "<major>.<minor>" like "1.33", got "${props.kubernetesVersion}"`);
    }

    // AWS-wide names carry the cluster's name; a token cluster name cannot be measured, so it is left unfitted.
    const fit = (name: string, limit: number) => (Token.isUnresolved(props.clusterName) ? name : fitName(name, limit));
    const qualifiedName = fit(`${props.clusterName}-${props.nodeGroupName}`, ManagedNodeGroup.LAUNCH_TEMPLATE_NAME_LIMIT);

    this.nodeRole = new ServiceRole(this, "node-role", {
      name: props.roleName ?? fit(`${props.clusterName}-node-${props.nodeGroupName}`, AwsNameLimit.IAM_ROLE),
      servicePrincipal: "ec2.amazonaws.com",
      managedPolicies: ManagedNodeGroup.NODE_MANAGED_POLICIES,
      partition: props.partition,
    });

    const instanceTags = { ...(props.instanceTags ?? {}), Name: qualifiedName };
    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      name: qualifiedName,
      description: `Nodes of the EKS node group ${props.nodeGroupName} of ${props.clusterName}`,
      // No image or instance type: EKS picks the AMI from ami_type and the types from the node group,
      // and adds the cluster security group and its bootstrap user data itself.
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: ManagedNodeGroup.rootDeviceName(this.amiType),
          ebs: { volumeType: "gp3", volumeSize: diskSizeGiB, encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      // The provider's default_tags reach only resources Terraform creates; instances and volumes
      // that EKS launches get their tags from here.
      tagSpecifications: [
        { resourceType: "instance", tags: instanceTags },
        { resourceType: "volume", tags: instanceTags },
      ],
      tags: { Name: qualifiedName },
    });
    this.launchTemplateId = this.launchTemplate.id;

    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.clusterName,
      nodeGroupName: props.nodeGroupName,
      nodeRoleArn: this.nodeRole.roleArn,
      subnetIds: [...props.subnetIds],
      version: props.kubernetesVersion,
      amiType: this.amiType,
      capacityType,
      instanceTypes: [...props.instanceTypes],
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      scalingConfig: { minSize: props.minSize, desiredSize: props.desiredSize, maxSize: props.maxSize },
      updateConfig: { maxUnavailablePercentage },
      labels: props.labels ? { ...props.labels } : undefined,
      taint: props.taints?.map((taint) => ({ key: taint.key, value: taint.value, effect: taint.effect })),
      // Deleting the role's policies before the group would leave nodes that cannot leave the cluster cleanly.
      dependsOn: [...(props.dependsOn ?? []), ...this.nodeRole.policyAttachments],
      // After creation the cluster autoscaler (or a person) sets the desired size; Terraform must not reset it.
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
    });
    this.nodeGroupName = props.nodeGroupName;
    this.roleArn = this.nodeRole.roleArn;
    this.roleName = this.nodeRole.roleName;
  }

  /** The device that holds container images: Bottlerocket's data volume, Windows' C:, otherwise the root volume. */
  private static rootDeviceName(amiType: string): string {
    if (amiType.startsWith("BOTTLEROCKET_")) return "/dev/xvdb";
    if (amiType.startsWith("WINDOWS_")) return "/dev/sda1";
    return "/dev/xvda";
  }

  /** Returns the common architecture of the (literal) instance types. */
  private checkInstanceTypes(instanceTypes: readonly string[]): NodeArchitecture | undefined {
    if (Token.isUnresolved(instanceTypes)) return undefined;
    if (instanceTypes.length === 0) throw propsError(this, "instanceTypes must list at least one instance type");
    const literal = instanceTypes.filter((type) => !Token.isUnresolved(type));
    for (const type of literal) {
      if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(type)) {
        throw propsError(this, `instanceTypes must be EC2 instance types like "t3.large", got "${type}"`);
      }
    }
    const arm = literal.filter((type) => ManagedNodeGroup.isGraviton(type));
    const x86 = literal.filter((type) => !ManagedNodeGroup.isGraviton(type));
    if (arm.length > 0 && x86.length > 0) {
      throw propsError(this, `instanceTypes must be all arm64 (Graviton) or all x86_64, one AMI serves the group, got arm64 ${arm.join(", ")} and x86_64 ${x86.join(", ")}`);
    }
    if (literal.length === 0) return undefined;
    return arm.length > 0 ? "arm64" : "x86_64";
  }

  private checkScaling(minSize: number, desiredSize: number, maxSize: number): void {
    const sizes = { minSize, desiredSize, maxSize };
    for (const [field, value] of Object.entries(sizes)) {
      if (!Token.isUnresolved(value) && !(Number.isInteger(value) && value >= 0)) {
        throw propsError(this, `${field} must be a whole number >= 0, got ${value}`);
      }
    }
    if (Object.values(sizes).some((value) => Token.isUnresolved(value))) return;
    if (maxSize < 1) throw propsError(this, `maxSize must be at least 1, got ${maxSize}`);
    if (minSize > desiredSize || desiredSize > maxSize) {
      throw propsError(this, `the sizes must satisfy minSize <= desiredSize <= maxSize, got minSize ${minSize}, desiredSize ${desiredSize}, maxSize ${maxSize}`);
    }
  }

  private checkDiskSize(diskSizeGiB: number): void {
    if (Token.isUnresolved(diskSizeGiB)) return;
    const { MIN_DISK_SIZE_GIB: min, MAX_DISK_SIZE_GIB: max } = ManagedNodeGroup;
    if (!Number.isInteger(diskSizeGiB) || diskSizeGiB < min || diskSizeGiB > max) {
      throw propsError(this, `diskSizeGiB must be a whole number ${min}..${max} (the EKS AMIs need ${min} GiB), got ${diskSizeGiB}`);
    }
  }

  private checkAmiType(amiType: string, architecture: NodeArchitecture | undefined, instanceTypes: readonly string[]): void {
    if (Token.isUnresolved(amiType)) return;
    if (amiType === "CUSTOM") {
      throw propsError(this, `amiType "CUSTOM" needs an AMI in the launch template, which ManagedNodeGroup does not set; use an EKS AMI type like "${ManagedNodeGroup.DEFAULT_AMI_TYPE}"`);
    }
    const amiArchitecture: NodeArchitecture | undefined = amiType.includes("ARM_64") ? "arm64" : amiType.includes("x86_64") ? "x86_64" : undefined;
    if (architecture && amiArchitecture && amiArchitecture !== architecture) {
      throw propsError(this, `amiType "${amiType}" is for ${amiArchitecture} but instanceTypes are ${architecture}: ${instanceTypes.join(", ")}`);
    }
  }

  private checkTaints(taints: readonly NodeTaint[]): void {
    const effects: readonly string[] = ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"];
    taints.forEach((taint, index) => {
      if (!Token.isUnresolved(taint.effect) && !effects.includes(taint.effect)) {
        throw propsError(this, `taints[${index}].effect must be "NO_SCHEDULE", "NO_EXECUTE" or "PREFER_NO_SCHEDULE", got "${taint.effect}"`);
      }
    });
  }
}
