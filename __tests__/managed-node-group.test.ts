import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { ManagedNodeGroup, type ManagedNodeGroupProps } from "../constructs/cluster/managed-node-group";
import { awsTestStack, blocksOf, synthStack } from "./helpers";

const BASE: ManagedNodeGroupProps = {
  clusterName: "devops-2026",
  nodeGroupName: "default",
  instanceTypes: ["t3.large"],
  minSize: 1,
  desiredSize: 2,
  maxSize: 4,
  subnetIds: ["subnet-a", "subnet-b"],
};

function synthGroup(props: Partial<ManagedNodeGroupProps> = {}) {
  const stack = awsTestStack();
  const group = new ManagedNodeGroup(stack, "nodes", { ...BASE, ...props });
  const { json, text } = synthStack(stack);
  const [nodeGroup] = blocksOf(json, "aws_eks_node_group");
  const [launchTemplate] = blocksOf(json, "aws_launch_template");
  return { group, json, text, nodeGroup, launchTemplate };
}

function expectError(props: Partial<ManagedNodeGroupProps>, message: string) {
  expect(() => synthGroup(props)).toThrow(`ManagedNodeGroup test/nodes: ${message}`);
}

describe("ManagedNodeGroup node role", () => {
  test("trusts ec2.amazonaws.com and has the three node policies", () => {
    // GIVEN / WHEN
    const { json } = synthGroup();
    // THEN
    const [trust] = blocksOf(json, "aws_iam_policy_document", "data");
    expect(trust.statement).toEqual([{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] }]);
    const policies = blocksOf(json, "aws_iam_role_policy_attachment").map((attachment) => attachment.policy_arn.split("/").pop());
    expect(policies).toEqual(expect.arrayContaining(["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy"]));
    expect(policies).toHaveLength(3);
    expect(blocksOf(json, "aws_iam_role_policy")).toHaveLength(0);
  });

  test("is named <cluster>-node-<group> by default, or as given", () => {
    expect(blocksOf(synthGroup().json, "aws_iam_role")[0].name).toBe("devops-2026-node-default");
    expect(blocksOf(synthGroup({ roleName: "my-node-role" }).json, "aws_iam_role")[0].name).toBe("my-node-role");
  });

  test("a long default role name is shortened to IAM's 64 characters with a hash", () => {
    const clusterName = "a-very-long-cohort-name-for-the-platform-2026";
    const nodeGroupName = "general-purpose-spot-nodes";
    const name = blocksOf(synthGroup({ clusterName, nodeGroupName }).json, "aws_iam_role")[0].name;
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^a-very-long-cohort-name-for-the-platform-2026-node-gene-[0-9a-f]{8}$/);
  });

  test("a cluster name token is used as it is (it cannot be measured)", () => {
    // GIVEN
    const stack = awsTestStack();
    const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
    // WHEN
    new ManagedNodeGroup(stack, "nodes", { ...BASE, clusterName: vpc.id, nodeGroupName: "n".repeat(63) });
    // THEN
    const json = synthStack(stack).json;
    expect(blocksOf(json, "aws_iam_role")[0].name).toMatch(/^\$\{aws_vpc\.vpc\.id\}-node-n{63}$/);
    expect(blocksOf(json, "aws_eks_node_group")[0].cluster_name).toBe("${aws_vpc.vpc.id}");
  });

  test("exposes the role, the launch template and the group's name", () => {
    const { group } = synthGroup();
    expect(group.nodeGroupName).toBe("default");
    expect(group.roleArn).toMatch(/^\$\{TfToken/);
    expect(group.roleName).toMatch(/^\$\{TfToken/);
    expect(group.launchTemplateId).toMatch(/^\$\{TfToken/);
    expect(group.nodeGroup).toBeInstanceOf(EksNodeGroup);
  });
});

describe("ManagedNodeGroup launch template", () => {
  test("requires IMDSv2 with a hop limit of 1", () => {
    const { launchTemplate } = synthGroup();
    expect(launchTemplate.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 });
  });

  test.each([
    ["the default size", {}, 50],
    ["a configured size", { diskSizeGiB: 100 }, 100],
  ])("has an encrypted gp3 root volume of %s, deleted with the instance", (_case, props, size) => {
    const { launchTemplate } = synthGroup(props);
    expect(launchTemplate.block_device_mappings).toEqual([
      { device_name: "/dev/xvda", ebs: { volume_type: "gp3", volume_size: size, encrypted: "true", delete_on_termination: "true" } },
    ]);
  });

  test.each([
    ["BOTTLEROCKET_x86_64", "/dev/xvdb"],
    ["WINDOWS_CORE_2022_x86_64", "/dev/sda1"],
    ["AL2023_x86_64_NVIDIA", "/dev/xvda"],
  ])("sizes the image volume of %s at %s", (amiType, deviceName) => {
    expect(synthGroup({ amiType }).launchTemplate.block_device_mappings[0].device_name).toBe(deviceName);
  });

  test("tags the instances and volumes EKS launches, with extra instance tags", () => {
    const { launchTemplate } = synthGroup({ instanceTags: { CostCenter: "devops-2026", Name: "ignored" } });
    const tags = { CostCenter: "devops-2026", Name: "devops-2026-default" };
    expect(launchTemplate.tag_specifications).toEqual([
      { resource_type: "instance", tags },
      { resource_type: "volume", tags },
    ]);
    expect(launchTemplate.name).toBe("devops-2026-default");
  });

  test("sets no AMI, instance type, security group or user data, and updates its default version", () => {
    const { launchTemplate } = synthGroup();
    for (const field of ["image_id", "instance_type", "vpc_security_group_ids", "user_data"]) expect(launchTemplate).not.toHaveProperty(field);
    expect(launchTemplate.update_default_version).toBe(true);
  });

  test("the node group uses the template by id at its latest version", () => {
    const { nodeGroup } = synthGroup();
    expect(nodeGroup.launch_template).toEqual({
      id: expect.stringMatching(/^\$\{aws_launch_template\.[\w-]+\.id\}$/),
      version: expect.stringMatching(/^\$\{aws_launch_template\.[\w-]+\.latest_version\}$/),
    });
    expect(nodeGroup).not.toHaveProperty("disk_size");
  });
});

describe("ManagedNodeGroup node group", () => {
  test("has the settings of a default group", () => {
    // GIVEN / WHEN
    const { text, nodeGroup } = synthGroup();
    // THEN
    expect(text).toHaveResourceWithProperties(EksNodeGroup, {
      cluster_name: "devops-2026",
      node_group_name: "default",
      ami_type: "AL2023_x86_64_STANDARD",
      capacity_type: "ON_DEMAND",
      instance_types: ["t3.large"],
      subnet_ids: ["subnet-a", "subnet-b"],
      scaling_config: { min_size: 1, desired_size: 2, max_size: 4 },
      update_config: { max_unavailable_percentage: 33 },
    });
    expect(text).toHaveResource(LaunchTemplate);
    expect(nodeGroup.node_role_arn).toMatch(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/);
    expect(nodeGroup).not.toHaveProperty("labels");
    expect(nodeGroup).not.toHaveProperty("taint");
    expect(nodeGroup).not.toHaveProperty("version");
  });

  test("leaves desired_size to the autoscaler after creation", () => {
    expect(synthGroup().nodeGroup.lifecycle).toEqual({ ignore_changes: ["scaling_config[0].desired_size"] });
  });

  test.each([
    ["t4g.large", ["t4g.large"]],
    ["m7g and c6gn", ["m7g.xlarge", "c6gn.xlarge"]],
    ["r8g and r7gd", ["r8g.large", "r7gd.large"]],
    ["a1", ["a1.large"]],
  ])("defaults to the AL2023 ARM AMI type for Graviton types (%s)", (_case, instanceTypes) => {
    const { nodeGroup, group } = synthGroup({ instanceTypes });
    expect(nodeGroup.ami_type).toBe("AL2023_ARM_64_STANDARD");
    expect(group.amiType).toBe("AL2023_ARM_64_STANDARD");
  });

  test.each(["t3.large", "m7i.large", "m7a.large", "c6in.large", "g4dn.xlarge", "g6e.xlarge"])("%s is x86_64", (instanceType) => {
    expect(ManagedNodeGroup.isGraviton(instanceType)).toBe(false);
    expect(synthGroup({ instanceTypes: [instanceType] }).nodeGroup.ami_type).toBe("AL2023_x86_64_STANDARD");
  });

  test("takes an explicit AMI type", () => {
    expect(synthGroup({ amiType: "BOTTLEROCKET_x86_64" }).nodeGroup.ami_type).toBe("BOTTLEROCKET_x86_64");
  });

  test("runs spot on several instance types", () => {
    const { nodeGroup } = synthGroup({ capacityType: "SPOT", instanceTypes: ["t3.large", "t3a.large", "m5.large"] });
    expect(nodeGroup.capacity_type).toBe("SPOT");
    expect(nodeGroup.instance_types).toEqual(["t3.large", "t3a.large", "m5.large"]);
  });

  test("allows spot on a single instance type", () => {
    expect(synthGroup({ capacityType: "SPOT" }).nodeGroup.capacity_type).toBe("SPOT");
  });

  test("puts labels and taints on the nodes", () => {
    const { nodeGroup } = synthGroup({
      labels: { workload: "students" },
      taints: [
        { key: "dedicated", value: "monitoring", effect: "NO_SCHEDULE" },
        { key: "spot", effect: "PREFER_NO_SCHEDULE" },
      ],
    });
    expect(nodeGroup.labels).toEqual({ workload: "students" });
    expect(nodeGroup.taint).toEqual([
      { key: "dedicated", value: "monitoring", effect: "NO_SCHEDULE" },
      { key: "spot", effect: "PREFER_NO_SCHEDULE" },
    ]);
  });

  test("takes max unavailable percentage and Kubernetes version", () => {
    const { nodeGroup } = synthGroup({ maxUnavailablePercentage: 50, kubernetesVersion: "1.33" });
    expect(nodeGroup.update_config).toEqual({ max_unavailable_percentage: 50 });
    expect(nodeGroup.version).toBe("1.33");
  });

  test("depends on what it is given and on the node role's policy attachments", () => {
    // GIVEN
    const stack = awsTestStack();
    const before = new Vpc(stack, "before", { cidrBlock: "10.0.0.0/16" });
    // WHEN
    new ManagedNodeGroup(stack, "nodes", { ...BASE, dependsOn: [before] });
    // THEN
    const [nodeGroup] = blocksOf(synthStack(stack).json, "aws_eks_node_group");
    expect(nodeGroup.depends_on).toHaveLength(4);
    expect(nodeGroup.depends_on[0]).toMatch(/^aws_vpc\.before/);
    expect(nodeGroup.depends_on.slice(1)).toEqual([
      expect.stringMatching(/^aws_iam_role_policy_attachment\.nodes_node-role_managed-AmazonEKSWorkerNodePolicy_/),
      expect.stringMatching(/^aws_iam_role_policy_attachment\.nodes_node-role_managed-AmazonEC2ContainerRegistryReadOnly_/),
      expect.stringMatching(/^aws_iam_role_policy_attachment\.nodes_node-role_managed-AmazonEKS_CNI_Policy_/),
    ]);
  });
});

describe("ManagedNodeGroup validation", () => {
  test.each([
    ["minSize > desiredSize", { minSize: 3, desiredSize: 2, maxSize: 4 }, "the sizes must satisfy minSize <= desiredSize <= maxSize, got minSize 3, desiredSize 2, maxSize 4"],
    ["desiredSize > maxSize", { minSize: 1, desiredSize: 5, maxSize: 4 }, "the sizes must satisfy minSize <= desiredSize <= maxSize, got minSize 1, desiredSize 5, maxSize 4"],
    ["maxSize 0", { minSize: 0, desiredSize: 0, maxSize: 0 }, "maxSize must be at least 1, got 0"],
    ["a negative minSize", { minSize: -1 }, "minSize must be a whole number >= 0, got -1"],
    ["a fractional desiredSize", { desiredSize: 1.5 }, "desiredSize must be a whole number >= 0, got 1.5"],
  ])("rejects %s", (_case, props, message) => {
    expectError(props, message);
  });

  test("accepts a group that may scale to zero", () => {
    expect(synthGroup({ minSize: 0, desiredSize: 0, maxSize: 1 }).nodeGroup.scaling_config).toEqual({ min_size: 0, desired_size: 0, max_size: 1 });
  });

  test.each(["Default", "web_nodes", "-nodes", "nodes-", "", "a".repeat(64)])("rejects the node group name %j", (nodeGroupName) => {
    expectError(
      { nodeGroupName },
      `nodeGroupName must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "${nodeGroupName}"`,
    );
  });

  test("rejects a mix of Graviton and x86_64 instance types", () => {
    expectError(
      { instanceTypes: ["m7g.large", "m7i.large", "c7g.large"] },
      "instanceTypes must be all arm64 (Graviton) or all x86_64, one AMI serves the group, got arm64 m7g.large, c7g.large and x86_64 m7i.large",
    );
  });

  test.each([
    ["an x86_64 AMI type on Graviton", { amiType: "AL2023_x86_64_STANDARD", instanceTypes: ["m7g.large"] }, 'amiType "AL2023_x86_64_STANDARD" is for x86_64 but instanceTypes are arm64: m7g.large'],
    ["an ARM AMI type on x86_64", { amiType: "AL2023_ARM_64_STANDARD" }, 'amiType "AL2023_ARM_64_STANDARD" is for arm64 but instanceTypes are x86_64: t3.large'],
    ["CUSTOM", { amiType: "CUSTOM" }, 'amiType "CUSTOM" needs an AMI in the launch template, which ManagedNodeGroup does not set; use an EKS AMI type like "AL2023_x86_64_STANDARD"'],
  ])("rejects %s", (_case, props, message) => {
    expectError(props, message);
  });

  test.each([0, 101, 33.3])("rejects maxUnavailablePercentage %p", (maxUnavailablePercentage) => {
    expectError({ maxUnavailablePercentage }, `maxUnavailablePercentage must be a whole number 1..100, got ${maxUnavailablePercentage}`);
  });

  test.each([10, 16385, 50.5])("rejects diskSizeGiB %p", (diskSizeGiB) => {
    expectError({ diskSizeGiB }, `diskSizeGiB must be a whole number 20..16384 (the EKS AMIs need 20 GiB), got ${diskSizeGiB}`);
  });

  test.each([
    ["no instance types", { instanceTypes: [] }, "instanceTypes must list at least one instance type"],
    ["a malformed instance type", { instanceTypes: ["t3large"] }, 'instanceTypes must be EC2 instance types like "t3.large", got "t3large"'],
    ["a lowercase capacity type", { capacityType: "spot" as never }, 'capacityType must be "ON_DEMAND" or "SPOT", got "spot"'],
    ["no subnets", { subnetIds: [] }, "subnetIds must list at least one subnet"],
    ["a patch Kubernetes version", { kubernetesVersion: "1.33.1" }, 'kubernetesVersion must be "<major>.<minor>" like "1.33", got "1.33.1"'],
    [
      "a taint effect in Kubernetes spelling",
      { taints: [{ key: "a", effect: "NoSchedule" as never }] },
      'taints[0].effect must be "NO_SCHEDULE", "NO_EXECUTE" or "PREFER_NO_SCHEDULE", got "NoSchedule"',
    ],
  ])("rejects %s", (_case, props, message) => {
    expectError(props, message);
  });
});
