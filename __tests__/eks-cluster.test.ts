import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Fn, Token, type TerraformResource } from "cdktf";
import { EksAccessEntry, NAMESPACED_ACCESS_POLICIES, type AccessGrantOptions } from "../constructs/cluster/eks-access-entry";
import { EksCluster, type EksClusterProps } from "../constructs/cluster/eks-cluster";
import type { ManagedNodeGroupOptions } from "../constructs/cluster/managed-node-group";
import { EKS_KUBERNETES_VERSIONS } from "../constructs/data/eks-kubernetes-versions";
import { awsTestStack, blocksOf, synthStack, type SynthesizedStack } from "./helpers";

const SUBNETS = ["subnet-0a", "subnet-0b", "subnet-0c"];
const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
const STUDENT = "arn:aws:iam::123456789012:user/minsu-kim";
const CI_ROLE = "arn:aws:iam::123456789012:role/ci/devops-2026-ci-minsu-kim";

function newCluster(props: Partial<EksClusterProps> = {}) {
  const stack = awsTestStack();
  const cluster = new EksCluster(stack, "cluster", { clusterName: "devops-2026", kubernetesVersion: "1.33", subnetIds: SUBNETS, ...props });
  return { stack, cluster };
}

function synthCluster(props: Partial<EksClusterProps> = {}, configure: (cluster: EksCluster) => void = () => {}) {
  const { stack, cluster } = newCluster(props);
  configure(cluster);
  return { cluster, ...synthStack(stack) };
}

/** The Terraform address a `depends_on` entry uses. */
const address = (resource: TerraformResource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
const reference = (resource: TerraformResource, attribute: string) => `\${${address(resource)}.${attribute}}`;
const theCluster = (json: SynthesizedStack) => {
  const clusters = blocksOf(json, "aws_eks_cluster");
  expect(clusters).toHaveLength(1);
  return clusters[0];
};
const documentReferencedBy = (json: SynthesizedStack, expression: string) => {
  const name = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(expression)![1];
  return json.data!.aws_iam_policy_document[name];
};
const associations = (json: SynthesizedStack) => blocksOf(json, "aws_eks_access_policy_association");

const GENERAL: ManagedNodeGroupOptions = { nodeGroupName: "general", instanceTypes: ["t3.large"], minSize: 1, desiredSize: 2, maxSize: 4 };
const SPOT: ManagedNodeGroupOptions = { nodeGroupName: "spot", instanceTypes: ["m5.large", "m6i.large"], capacityType: "SPOT", minSize: 0, desiredSize: 0, maxSize: 4 };

describe("EksCluster", () => {
  describe("control plane", () => {
    test("the cluster role trusts eks.amazonaws.com with AssumeRole and TagSession and has AmazonEKSClusterPolicy", () => {
      const { json, cluster } = synthCluster();
      const [role] = blocksOf(json, "aws_iam_role");
      expect(role.name).toBe("devops-2026-cluster");
      expect(documentReferencedBy(json, role.assume_role_policy).statement).toEqual([
        { effect: "Allow", actions: ["sts:AssumeRole", "sts:TagSession"], principals: [{ type: "Service", identifiers: ["eks.amazonaws.com"] }] },
      ]);
      expect(blocksOf(json, "aws_iam_role_policy_attachment")).toEqual([
        {
          role: expect.stringMatching(/^\$\{aws_iam_role\.cluster_role_\w+\.name\}$/),
          policy_arn: expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:iam::aws:policy\/AmazonEKSClusterPolicy$/),
        },
      ]);
      expect(theCluster(json).role_arn).toMatch(/^\$\{aws_iam_role\.cluster_role_\w+\.arn\}$/);
      expect(cluster.roleArn).toMatch(/^\$\{TfToken\[/);
    });

    test("the version is pinned, STANDARD support, no self-managed add-ons, API authentication without creator admin", () => {
      const { text, json } = synthCluster();
      expect(text).toHaveResourceWithProperties(EksClusterResource, {
        name: "devops-2026",
        version: "1.33",
        upgrade_policy: { support_type: "STANDARD" },
        bootstrap_self_managed_addons: false,
        access_config: { authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false },
      });
      expect(theCluster(json).vpc_config.subnet_ids).toEqual(SUBNETS);
    });

    test("EXTENDED support can be chosen explicitly", () => {
      expect(theCluster(synthCluster({ supportType: "EXTENDED" }).json).upgrade_policy).toEqual({ support_type: "EXTENDED" });
    });

    test("a long cluster name gets a role name fitted to 64 characters; roleName overrides it", () => {
      const longName = `cohort-${"x".repeat(90)}`;
      const [fitted] = blocksOf(synthCluster({ clusterName: longName }).json, "aws_iam_role");
      expect(fitted.name).toHaveLength(64);
      expect(fitted.name).toMatch(/^cohort-x+-[0-9a-f]{8}$/);
      const [named] = blocksOf(synthCluster({ roleName: "eks-control-plane" }).json, "aws_iam_role");
      expect(named.name).toBe("eks-control-plane");
    });

    test("the outputs: literal name, version, subnets and log group; references for the rest", () => {
      const { cluster } = synthCluster();
      expect(cluster.clusterName).toBe("devops-2026");
      expect(cluster.kubernetesVersion).toBe("1.33");
      expect(cluster.subnetIds).toEqual(SUBNETS);
      expect(cluster.logGroupName).toBe("/aws/eks/devops-2026/cluster");
      for (const token of [cluster.clusterArn, cluster.endpoint, cluster.certificateAuthorityData, cluster.clusterSecurityGroupId, cluster.kmsKeyArn]) {
        expect(token).toMatch(/^\$\{TfToken\[/);
      }
      expect(cluster.cluster).toBeInstanceOf(EksClusterResource);
    });
  });

  describe("endpoint", () => {
    test("by default the endpoint is private only, with no public CIDRs", () => {
      expect(theCluster(synthCluster().json).vpc_config).toEqual({ subnet_ids: SUBNETS, endpoint_private_access: true, endpoint_public_access: false });
    });

    test("publicAccessCidrs turn the public endpoint on for those networks only, private access stays on", () => {
      const publicAccessCidrs = ["203.0.113.0/24", "198.51.100.7/32"];
      expect(theCluster(synthCluster({ publicAccessCidrs }).json).vpc_config).toEqual({
        subnet_ids: SUBNETS,
        endpoint_private_access: true,
        endpoint_public_access: true,
        public_access_cidrs: publicAccessCidrs,
      });
    });
  });

  describe("secrets encryption", () => {
    test("a customer-managed key with rotation, a 7-day deletion window and the alias alias/eks/<name>", () => {
      const { text, json } = synthCluster();
      expect(text).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 7 });
      expect(text).toHaveResourceWithProperties(KmsAlias, { name: "alias/eks/devops-2026" });
      const [keyName] = Object.keys(json.resource!.aws_kms_key);
      const [alias] = blocksOf(json, "aws_kms_alias");
      expect(alias.target_key_id).toBe(`\${aws_kms_key.${keyName}.key_id}`);
      expect(theCluster(json).encryption_config).toEqual({ resources: ["secrets"], provider: { key_arn: `\${aws_kms_key.${keyName}.arn}` } });
    });

    test("the key policy: the account administers the key, the cluster role uses it and grants only to AWS resources", () => {
      const { json } = synthCluster();
      const [key] = blocksOf(json, "aws_kms_key");
      const roleArn = expect.stringMatching(/^\$\{aws_iam_role\.cluster_role_\w+\.arn\}$/);
      expect(documentReferencedBy(json, key.policy).statement).toEqual([
        {
          sid: "AccountAdministersKey",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:iam::\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:root$/)] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        {
          sid: "ClusterRoleUsesKey",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [roleArn] }],
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
          resources: ["*"],
        },
        {
          sid: "ClusterRoleGrantsOnlyToAwsResources",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [roleArn] }],
          actions: ["kms:CreateGrant"],
          resources: ["*"],
          condition: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
        },
      ]);
    });
  });

  describe("control-plane logs", () => {
    test("api, audit and authenticator go to /aws/eks/<name>/cluster, kept 30 days", () => {
      const { text, json } = synthCluster();
      expect(text).toHaveResourceWithProperties(CloudwatchLogGroup, { name: "/aws/eks/devops-2026/cluster", retention_in_days: 30 });
      expect(theCluster(json).enabled_cluster_log_types).toEqual(["api", "audit", "authenticator"]);
    });

    test("the cluster depends on its log group and on the role's policy attachment", () => {
      const { json } = synthCluster();
      expect(theCluster(json).depends_on).toEqual([
        expect.stringMatching(/^aws_cloudwatch_log_group\.cluster_log-group_\w+$/),
        expect.stringMatching(/^aws_iam_role_policy_attachment\.cluster_role_managed-AmazonEKSClusterPolicy_\w+$/),
      ]);
      expect(Object.keys(json.resource!.aws_cloudwatch_log_group)).toEqual([theCluster(json).depends_on[0].split(".")[1]]);
    });

    test("retention and log types can be changed", () => {
      const { text, json } = synthCluster({ logRetentionDays: 90, logTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"] });
      expect(text).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 90 });
      expect(theCluster(json).enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    });
  });

  describe("access", () => {
    test("a cluster admin gets an access entry and AmazonEKSClusterAdminPolicy with cluster scope", () => {
      let entry: EksAccessEntry | undefined;
      const { json } = synthCluster({}, (cluster) => {
        entry = cluster.grantClusterAdmin("admin-platform", ADMIN);
      });
      const [accessEntry] = blocksOf(json, "aws_eks_access_entry");
      expect(accessEntry).toEqual({ cluster_name: expect.stringMatching(/^\$\{aws_eks_cluster\.cluster_\w+\.name\}$/), principal_arn: ADMIN, type: "STANDARD" });
      expect(associations(json)).toEqual([
        {
          cluster_name: reference(entry!.accessEntry, "cluster_name"),
          principal_arn: reference(entry!.accessEntry, "principal_arn"),
          policy_arn: expect.stringMatching(/^arn:\$\{data\.aws_partition\.cluster_partition_\w+\.partition\}:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/),
          access_scope: { type: "cluster" },
        },
      ]);
      expect(entry!.principalArn).toBe(ADMIN);
    });

    test("grantAccess gives namespaced policies with namespace scope and the Kubernetes groups on the entry", () => {
      const { json } = synthCluster({}, (cluster) => {
        cluster.grantAccess("student-minsu-kim", {
          principalArn: STUDENT,
          kubernetesGroups: ["students", "minsu-kim"],
          namespacedPolicies: [
            { policy: "AmazonEKSEditPolicy", namespaces: ["minsu-kim"] },
            { policy: "AmazonEKSViewPolicy", namespaces: ["shared", "minsu-kim-staging"] },
          ],
        });
      });
      expect(blocksOf(json, "aws_eks_access_entry")).toEqual([expect.objectContaining({ principal_arn: STUDENT, type: "STANDARD", kubernetes_groups: ["students", "minsu-kim"] })]);
      expect(associations(json).map(({ policy_arn, access_scope }) => [policy_arn.split("/").pop(), access_scope])).toEqual([
        ["AmazonEKSEditPolicy", { type: "namespace", namespaces: ["minsu-kim"] }],
        ["AmazonEKSViewPolicy", { type: "namespace", namespaces: ["shared", "minsu-kim-staging"] }],
      ]);
    });

    test.each(NAMESPACED_ACCESS_POLICIES)("grantAccess with %s never produces cluster scope", (policy) => {
      const { json } = synthCluster({}, (cluster) => {
        cluster.grantAccess("ci-minsu-kim", { principalArn: CI_ROLE, namespacedPolicies: [{ policy, namespaces: ["minsu-kim"] }] });
      });
      expect(associations(json).map((association) => association.access_scope)).toEqual([{ type: "namespace", namespaces: ["minsu-kim"] }]);
    });

    test("in a mixed cohort only the admins' entries have cluster scope", () => {
      const { json } = synthCluster({}, (cluster) => {
        cluster.grantClusterAdmin("admin-platform", ADMIN);
        cluster.grantAccess("student-minsu-kim", { principalArn: STUDENT, namespacedPolicies: [{ policy: "AmazonEKSAdminPolicy", namespaces: ["minsu-kim"] }] });
        cluster.grantAccess("ci-minsu-kim", { principalArn: CI_ROLE, namespacedPolicies: [{ policy: "AmazonEKSEditPolicy", namespaces: ["minsu-kim"] }] });
      });
      const clusterScoped = associations(json).filter((association) => association.access_scope.type === "cluster");
      expect(clusterScoped.map((association) => association.principal_arn)).toEqual([expect.stringContaining("cluster_access_admin-platform_entry_")]);
      expect(associations(json)).toHaveLength(3);
    });

    test("an entry without groups or policies only authenticates the principal", () => {
      const { json } = synthCluster({}, (cluster) => {
        cluster.grantAccess("viewer", { principalArn: STUDENT });
      });
      expect(blocksOf(json, "aws_eks_access_entry")).toEqual([expect.not.objectContaining({ kubernetes_groups: expect.anything() })]);
      expect(associations(json)).toEqual([]);
    });

    test("an EksAccessEntry used on its own looks its partition up", () => {
      const stack = awsTestStack();
      new EksAccessEntry(stack, "entry", { clusterName: "other-cluster", principalArn: STUDENT, namespacedPolicies: [{ policy: "AmazonEKSViewPolicy", namespaces: ["shared"] }] });
      const { json } = synthStack(stack);
      expect(Object.keys(json.data!.aws_partition)).toEqual([expect.stringMatching(/^entry_partition_\w+$/)]);
      expect(associations(json)[0].policy_arn).toMatch(/^arn:\$\{data\.aws_partition\.entry_partition_\w+\.partition\}:eks::aws:cluster-access-policy\/AmazonEKSViewPolicy$/);
    });

    test("a principal ARN from a role of the same stack (a token) is accepted", () => {
      const { json } = synthCluster({}, (cluster) => {
        const role = new IamRole(cluster, "ci-role", { name: "ci", assumeRolePolicy: "{}" });
        cluster.grantAccess("ci", { principalArn: role.arn, namespacedPolicies: [{ policy: "AmazonEKSEditPolicy", namespaces: ["team-a"] }] });
      });
      expect(blocksOf(json, "aws_eks_access_entry")[0].principal_arn).toMatch(/^\$\{aws_iam_role\.cluster_ci-role_\w+\.arn\}$/);
    });
  });

  describe("add-ons and node groups", () => {
    const BEFORE = ["vpc-cni", "eks-pod-identity-agent"];
    const AFTER = ["coredns", "kube-proxy"];

    test.each([
      ["add-ons first", ["before", "after", "groups"]],
      ["node groups first", ["groups", "after", "before"]],
      ["interleaved", ["after", "groups", "before"]],
    ])("with %s, node groups depend on every before-compute add-on and after-compute add-ons on every node group", (_case, order) => {
      const { cluster, json } = synthCluster({}, (cluster) => {
        for (const step of order) {
          if (step === "before") BEFORE.forEach((addonName) => cluster.addAddon({ addonName, beforeCompute: true }));
          if (step === "after") AFTER.forEach((addonName) => cluster.addAddon({ addonName }));
          if (step === "groups") [GENERAL, SPOT].forEach((options) => cluster.addNodeGroup(options));
        }
      });
      const byName = (name: string) => cluster.addons.find((addon) => addon.addonName === name)!.addon;
      const beforeAddresses = BEFORE.map((name) => address(byName(name)));
      const groupAddresses = cluster.nodeGroups.map((group) => address(group.nodeGroup));
      expect(groupAddresses).toHaveLength(2);

      for (const group of Object.values(json.resource!.aws_eks_node_group)) {
        expect(group.depends_on).toEqual(expect.arrayContaining(beforeAddresses));
        expect(group.depends_on.filter((dependency: string) => dependency.startsWith("aws_eks_addon."))).toHaveLength(BEFORE.length);
      }
      for (const name of AFTER) {
        expect(json.resource!.aws_eks_addon[byName(name).friendlyUniqueId].depends_on).toEqual(groupAddresses);
      }
      for (const name of BEFORE) {
        expect(json.resource!.aws_eks_addon[byName(name).friendlyUniqueId].depends_on).toBeUndefined();
      }
    });

    test("node groups and add-ons are named after their names, use the cluster's subnets and wait for the cluster", () => {
      const { cluster, json } = synthCluster({}, (cluster) => {
        cluster.addNodeGroup(GENERAL);
        cluster.addNodeGroup({ ...SPOT, subnetIds: ["subnet-0a"] });
        cluster.addAddon({ addonName: "coredns" });
      });
      expect(cluster.nodeGroups.map((group) => group.node.id)).toEqual(["node-group-general", "node-group-spot"]);
      expect(cluster.addons.map((addon) => addon.node.id)).toEqual(["addon-coredns"]);
      const groups = blocksOf(json, "aws_eks_node_group");
      expect(groups.map((group) => group.subnet_ids)).toEqual([SUBNETS, ["subnet-0a"]]);
      for (const group of groups) {
        expect(group.cluster_name).toBe("devops-2026");
        expect(group.version).toBe(reference(cluster.cluster, "version"));
        expect(group.depends_on).toContain(address(cluster.cluster));
      }
      expect(blocksOf(json, "aws_eks_addon")[0].cluster_name).toBe(reference(cluster.cluster, "name"));
    });

    test("the cluster role and every node role use the cluster's one partition look-up", () => {
      const { json } = synthCluster({}, (cluster) => [GENERAL, SPOT].forEach((options) => cluster.addNodeGroup(options)));
      expect(Object.keys(json.data!.aws_partition)).toEqual([expect.stringMatching(/^cluster_partition_\w+$/)]);
      const arns = blocksOf(json, "aws_iam_role_policy_attachment").map((attachment) => attachment.policy_arn);
      expect(arns).toHaveLength(1 + 2 * 3);
      for (const arn of arns) expect(arn).toMatch(/^arn:\$\{data\.aws_partition\.cluster_partition_\w+\.partition\}:iam::aws:policy\//);
    });

    test("an add-on or node group added twice is rejected", () => {
      const { cluster } = newCluster();
      cluster.addAddon({ addonName: "coredns" });
      cluster.addNodeGroup(GENERAL);
      expect(() => cluster.addAddon({ addonName: "coredns", beforeCompute: true })).toThrow('EksCluster test/cluster: addAddon: the add-on "coredns" is already added');
      expect(() => cluster.addNodeGroup(GENERAL)).toThrow('EksCluster test/cluster: addNodeGroup: the node group "general" is already added');
    });
  });

  describe("validation", () => {
    test.each([
      ["empty", ""],
      ["starting with a hyphen", "-devops"],
      ["with a dot", "devops.2026"],
      ["with a space", "devops 2026"],
      ["of 101 characters", "c".repeat(101)],
    ])("a clusterName %s is rejected", (_case, clusterName) => {
      expect(() => newCluster({ clusterName })).toThrow(
        `EksCluster test/cluster: clusterName must be 1..100 letters, digits, "-" and "_", starting with a letter or digit, got "${clusterName}"`,
      );
    });

    test.each([
      ["one digit", "1"],
      ["with an underscore", "devops_2026"],
      ["of 100 characters", "c".repeat(100)],
    ])("a clusterName %s is accepted", (_case, clusterName) => {
      expect(() => newCluster({ clusterName })).not.toThrow();
    });

    test("subnetIds from a lookup (a list token) cannot be counted and are accepted", () => {
      const subnetIds = Token.asList(Fn.tolist(["subnet-0a", "subnet-0b"]));
      expect(theCluster(synthCluster({ subnetIds }).json).vpc_config.subnet_ids).toBe('${tolist(["subnet-0a", "subnet-0b"])}');
    });

    test.each([[["subnet-0a"]], [[]]])("subnetIds %j are rejected", (subnetIds) => {
      expect(() => newCluster({ subnetIds })).toThrow(
        `EksCluster test/cluster: subnetIds must list at least 2 private subnets in different availability zones (EKS requires two zones), got ${subnetIds.length}`,
      );
    });

    test.each(["1.33.1", "v1.33", "latest", "1.31", "1.37"])("kubernetesVersion %s is rejected: EKS must offer it", (kubernetesVersion) => {
      expect(() => newCluster({ kubernetesVersion })).toThrow(
        `EksCluster test/cluster: kubernetesVersion must be a version EKS offers ("1.36", "1.35", "1.34", "1.33", "1.32", as of 2026-12-01; EKS picks the patch level), got "${kubernetesVersion}"`,
      );
    });

    test("without kubernetesVersion the cluster runs the newest version EKS offers", () => {
      const stack = awsTestStack();
      const cluster = new EksCluster(stack, "cluster", { clusterName: "devops-2026", subnetIds: SUBNETS });
      expect(cluster.kubernetesVersion).toBe(EKS_KUBERNETES_VERSIONS[0].version);
      expect(EksCluster.DEFAULT_KUBERNETES_VERSION).toBe("1.36");
      expect(theCluster(synthStack(stack).json).version).toBe("1.36");
    });

    test("the Service range: unset by default (EKS picks), pinned when given, EKS's own pick computed for a VPC", () => {
      expect(theCluster(synthCluster().json).kubernetes_network_config).toBeUndefined();
      expect(theCluster(synthCluster({ serviceIpv4Cidr: "172.20.0.0/16" }).json).kubernetes_network_config).toEqual({ service_ipv4_cidr: "172.20.0.0/16" });
      expect(EksCluster.defaultServiceCidr("10.20.0.0/16")).toBe("172.20.0.0/16");
      expect(EksCluster.defaultServiceCidr("172.20.0.0/16")).toBe("10.100.0.0/16");
      expect(EksCluster.defaultServiceCidr("192.168.0.0/16")).toBe("10.100.0.0/16");
    });

    test.each(["8.8.0.0/16", "10.0.0.0/8", "10.100.0.0/25"])("serviceIpv4Cidr %s is rejected", (serviceIpv4Cidr) => {
      expect(() => newCluster({ serviceIpv4Cidr })).toThrow(
        `EksCluster test/cluster: serviceIpv4Cidr must be a private (RFC 1918) range from /12 to /24 that does not overlap the VPC, got "${serviceIpv4Cidr}"`,
      );
    });

    test.each([[["0.0.0.0/0"]], [["203.0.113.0/24", "0.0.0.0/0"]]])("publicAccessCidrs %j are rejected, with the trade-off explained", (publicAccessCidrs) => {
      expect(() => newCluster({ publicAccessCidrs })).toThrow(
        "EksCluster test/cluster: publicAccessCidrs must not contain 0.0.0.0/0: that opens the Kubernetes API endpoint to the whole internet " +
          "(still behind IAM authentication, but exposed to scanning and to any leaked credential). " +
          'List the networks people work from (e.g. "203.0.113.0/24"), or leave publicAccessCidrs empty for a private endpoint reached from inside the VPC (SSM session, VPN)',
      );
    });

    test.each([
      ["203.0.113.0", 'publicAccessCidrs[0] "203.0.113.0" must be an IPv4 CIDR block like 10.20.0.0/16'],
      ["203.0.113.5/24", 'publicAccessCidrs[0] "203.0.113.5/24" has host bits set: the network address of a /24 here is 203.0.113.0/24'],
    ])("the public CIDR %s is rejected", (cidr, message) => {
      expect(() => newCluster({ publicAccessCidrs: [cidr] })).toThrow(`EksCluster test/cluster: ${message}`);
    });

    test.each([0, 8, 10000])("logRetentionDays %i is rejected", (logRetentionDays) => {
      expect(() => newCluster({ logRetentionDays })).toThrow(
        `EksCluster test/cluster: logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days, got ${logRetentionDays}`,
      );
    });

    test("an unknown log type, support type or a bad roleName is rejected", () => {
      expect(() => newCluster({ logTypes: ["api", "kubelet" as never] })).toThrow(
        'EksCluster test/cluster: logTypes must be from api, audit, authenticator, controllerManager, scheduler, got "kubelet"',
      );
      expect(() => newCluster({ supportType: "LONG" as never })).toThrow('EksCluster test/cluster: supportType must be "STANDARD" or "EXTENDED", got "LONG"');
      expect(() => newCluster({ roleName: "r".repeat(65) })).toThrow(
        `EksCluster test/cluster: roleName must be 1..64 characters of letters, digits and +=,.@_- (build it with fitName), got "${"r".repeat(65)}"`,
      );
    });

    const grant = (id: string, options: AccessGrantOptions) => () => newCluster().cluster.grantAccess(id, options);

    test.each([
      ["an STS session", "arn:aws:sts::123456789012:assumed-role/admin/session"],
      ["a short account", "arn:aws:iam::12345:role/admin"],
      ["a group", "arn:aws:iam::123456789012:group/admins"],
      ["a name", "platform-admin"],
    ])("the principal ARN of %s is rejected, for admins and others", (_case, principalArn) => {
      const message = `principalArn must be a literal IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>), got "${principalArn}"`;
      expect(() => newCluster().cluster.grantClusterAdmin("admin", principalArn)).toThrow(`EksAccessEntry test/cluster/access/admin: ${message}`);
      expect(grant("student", { principalArn })).toThrow(`EksAccessEntry test/cluster/access/student: ${message}`);
    });

    test.each(["system:masters", "system:authenticated", "", " "])("the Kubernetes group %j is rejected", (group) => {
      expect(grant("student", { principalArn: STUDENT, kubernetesGroups: ["students", group] })).toThrow(
        `EksAccessEntry test/cluster/access/student: kubernetesGroups must be non-empty names that do not start with "system:" (EKS reserves those and rejects the entry), got "${group}"`,
      );
    });

    test("a namespaced policy without namespaces is rejected", () => {
      expect(grant("student", { principalArn: STUDENT, namespacedPolicies: [{ policy: "AmazonEKSViewPolicy", namespaces: ["shared"] }, { policy: "AmazonEKSEditPolicy", namespaces: [] }] })).toThrow(
        "EksAccessEntry test/cluster/access/student: namespacedPolicies[1].namespaces must list at least one namespace, got none",
      );
    });

    test.each(["*", "team-*", "Minsu", "minsu_kim", "-minsu", "n".repeat(64)])("the namespace %j is rejected", (namespace) => {
      expect(grant("student", { principalArn: STUDENT, namespacedPolicies: [{ policy: "AmazonEKSEditPolicy", namespaces: [namespace] }] })).toThrow(
        `EksAccessEntry test/cluster/access/student: namespacedPolicies[0].namespaces must be namespace names (lowercase DNS labels: 1..63 letters, digits and "-", no wildcards), got "${namespace}"`,
      );
    });

    test("the cluster admin policy cannot be smuggled in through grantAccess", () => {
      expect(grant("student", { principalArn: STUDENT, namespacedPolicies: [{ policy: "AmazonEKSClusterAdminPolicy" as never, namespaces: ["minsu-kim"] }] })).toThrow(
        'EksAccessEntry test/cluster/access/student: namespacedPolicies[0].policy must be one of AmazonEKSAdminPolicy, AmazonEKSEditPolicy, AmazonEKSViewPolicy (cluster scope only comes from EksCluster.grantClusterAdmin), got "AmazonEKSClusterAdminPolicy"',
      );
    });

    test("a policy listed twice is rejected", () => {
      const namespacedPolicies = [
        { policy: "AmazonEKSEditPolicy", namespaces: ["a"] },
        { policy: "AmazonEKSEditPolicy", namespaces: ["b"] },
      ] as const;
      expect(grant("student", { principalArn: STUDENT, namespacedPolicies })).toThrow(
        "EksAccessEntry test/cluster/access/student: namespacedPolicies must name each policy once (list all its namespaces together), got AmazonEKSEditPolicy twice",
      );
    });

    test("a second entry for the same principal is rejected", () => {
      const { cluster } = newCluster();
      cluster.grantClusterAdmin("admin-platform", ADMIN);
      expect(() => cluster.grantAccess("student-platform", { principalArn: ADMIN })).toThrow(
        `EksAccessEntry test/cluster/access/student-platform: principalArn already has the access entry "admin-platform" (EKS allows one per principal: give it everything in one grant), got "${ADMIN}"`,
      );
    });
  });
});
