import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformOutput } from "cdktf";
import type { CohortConfig } from "../config/cohort-schema";
import { EksAddon } from "../constructs/cluster/eks-addon";
import { EksCluster } from "../constructs/cluster/eks-cluster";
import { PodIdentityRole } from "../constructs/cluster/pod-identity-role";
import { attachPolicy, parsePrincipalArn } from "../constructs/core/iam";
import { AwsNameLimit } from "../constructs/core/resource-name";
import type { CiDeployRole } from "../constructs/delivery/ci-deploy-role";
import { VpcNetworkLookup } from "../constructs/network/vpc-network-lookup";
import type { PullThroughCache } from "../constructs/registry/pull-through-cache";
import { cohortClusterName, CohortGroups, cohortServiceCidr, updateKubeconfigCommand } from "./cohort-cluster";
import { cohortTags, type CohortStack } from "./cohort-stack";
import { zoneCount } from "./labs-stack";
import { hasReached, ROADMAP_WEEK } from "./weeks";

/** The NodePort range (Kubernetes' `--service-node-port-range` default). */
const NODE_PORTS = { from: 30000, to: 32767 } as const;
/** The service account the aws-ebs-csi-driver add-on's controller runs as. */
const EBS_CSI_SERVICE_ACCOUNT = "ebs-csi-controller-sa";

export interface CohortClusterOptions {
  /** Per student name: the CI role that gets a namespace-scoped access entry. */
  readonly deployRoles: ReadonlyMap<string, CiDeployRole>;
  /** Node roles may pull through it (the first pull of an image creates its cache repository). */
  readonly pullThroughCache?: PullThroughCache;
  /** The account being deployed (`DataAwsCallerIdentity.accountId`): policies attach to principals by name only there. */
  readonly deployingAccountId: string;
}

/**
 * The cohort's EKS cluster in `<cohort>-platform` (week 5, with the EBS CSI driver from week 6 and
 * metrics-server from week 9):
 * private subnets of the cohort network, the node groups of the cohort file, core add-ons in the
 * order that avoids the "coredns degraded" trap, and an access entry per admin, student and CI role.
 * Access entries only map students and CI roles to Kubernetes groups ({@link CohortGroups}); the
 * RBAC of the downstream stacks decides what those groups may do, so no student or CI principal
 * ever holds a cluster-scoped EKS access policy.
 */
export function addCohortCluster(stack: CohortStack, cohort: CohortConfig, options: CohortClusterOptions): EksCluster {
  const network = new VpcNetworkLookup(stack, "network", { name: cohort.name, cidr: cohort.network.cidr, zoneCount: zoneCount(cohort) });
  const cluster = new EksCluster(stack, "cluster", {
    clusterName: cohortClusterName(cohort),
    kubernetesVersion: cohort.cluster.version,
    subnetIds: network.privateSubnetIds,
    publicAccessCidrs: cohort.cluster.publicAccessCidrs,
    supportType: cohort.cluster.supportType,
    // Pinned (to what EKS would pick anyway) because the students' network policies keep it out.
    serviceIpv4Cidr: cohortServiceCidr(cohort),
  });

  // The network policy agent enforces the students' NetworkPolicies; without it they are ignored.
  cluster.addAddon({ addonName: EksAddon.VPC_CNI, beforeCompute: true, configurationValues: EksAddon.vpcCniNetworkPolicyConfiguration() });
  cluster.addAddon({ addonName: EksAddon.POD_IDENTITY_AGENT, beforeCompute: true });
  for (const group of cohort.cluster.nodeGroups) {
    // The provider's default tags reach only what Terraform creates; the launch template tags what EKS launches.
    const nodeGroup = cluster.addNodeGroup({ ...group, nodeGroupName: group.name, instanceTags: cohortTags(cohort) });
    options.pullThroughCache?.grantPull(nodeGroup, `node-group-${group.name}`);
  }
  cluster.addAddon({ addonName: EksAddon.COREDNS });
  cluster.addAddon({ addonName: EksAddon.KUBE_PROXY });
  if (hasReached(cohort.throughWeek, ROADMAP_WEEK.EKS)) addEbsCsiDriver(stack, cluster, cohortTags(cohort));
  // HorizontalPodAutoscalers read CPU usage from the metrics API (EKS community add-on).
  if (hasReached(cohort.throughWeek, ROADMAP_WEEK.AUTOSCALING)) cluster.addAddon({ addonName: EksAddon.METRICS_SERVER });

  // The private API endpoint's interfaces carry the cluster security group, which admits only
  // itself: kubectl and cdktf deploy from a lab workstation or a VPN in the VPC need this rule.
  new VpcSecurityGroupIngressRule(stack, "api-from-vpc", {
    securityGroupId: cluster.clusterSecurityGroupId,
    description: "Kubernetes API (private endpoint) from inside the cohort VPC",
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrIpv4: cohort.network.cidr,
  });
  // NodePort Services answer on every node; the lab workstations (same VPC) are where students try them.
  new VpcSecurityGroupIngressRule(stack, "node-ports-from-vpc", {
    securityGroupId: cluster.clusterSecurityGroupId,
    description: "NodePort Services from inside the cohort VPC (lab workstations)",
    ipProtocol: "tcp",
    fromPort: NODE_PORTS.from,
    toPort: NODE_PORTS.to,
    cidrIpv4: cohort.network.cidr,
  });

  grantCohortAccess(stack, cohort, cluster, options.deployRoles, options.deployingAccountId);

  new TerraformOutput(stack, "cluster_name", { value: cluster.clusterName });
  new TerraformOutput(stack, "cluster_endpoint", { value: cluster.endpoint });
  new TerraformOutput(stack, "kubeconfig_command", {
    value: updateKubeconfigCommand(cohort),
    description: "Run it once (admins and students alike) to point kubectl at the cohort's cluster",
  });
  return cluster;
}

/** The EBS CSI driver (week 6) with its role through EKS Pod Identity; the add-on owns the association. */
function addEbsCsiDriver(stack: CohortStack, cluster: EksCluster, volumeTags: Record<string, string>): void {
  const role = new PodIdentityRole(stack, "ebs-csi-driver", {
    clusterName: cluster.cluster.name,
    namespace: "kube-system",
    serviceAccount: EBS_CSI_SERVICE_ACCOUNT,
    roleName: stack.names.name("ebs-csi-driver", { maxLength: AwsNameLimit.IAM_ROLE }),
    managedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"],
    createAssociation: false,
  });
  cluster.addAddon({
    addonName: EksAddon.EBS_CSI_DRIVER,
    podIdentityAssociations: [{ serviceAccount: EBS_CSI_SERVICE_ACCOUNT, roleArn: role.roleArn }],
    // The volumes the driver creates for PersistentVolumeClaims carry the cohort's cost tags.
    configurationValues: { controller: { extraVolumeTags: volumeTags } },
  });
}

/**
 * Admins: cluster admin. Students and CI roles: Kubernetes groups only, plus the IAM permission
 * `aws eks update-kubeconfig` needs (eks:DescribeCluster on this cluster).
 */
function grantCohortAccess(stack: CohortStack, cohort: CohortConfig, cluster: EksCluster, deployRoles: ReadonlyMap<string, CiDeployRole>, deployingAccountId: string): void {
  for (const admin of cohort.admins) cluster.grantClusterAdmin(`admin-${admin.name}`, admin.principalArn);
  for (const student of cohort.students) {
    cluster.grantAccess(`student-${student.name}`, { principalArn: student.principalArn, kubernetesGroups: [CohortGroups.STUDENTS, CohortGroups.student(student.name)] });
  }
  for (const [name, role] of deployRoles) cluster.grantAccess(`ci-${name}`, { principalArn: role.roleArn, kubernetesGroups: [CohortGroups.ci(name)] });

  if (cohort.students.length === 0) return;
  const describe = new DataAwsIamPolicyDocument(stack, "describe-cluster-document", {
    statement: [{ sid: "UpdateKubeconfig", effect: "Allow", actions: ["eks:DescribeCluster"], resources: [cluster.clusterArn] }],
  });
  const policy = new IamPolicy(stack, "describe-cluster", {
    name: stack.names.name("describe-cluster", { maxLength: AwsNameLimit.IAM_POLICY }),
    description: `aws eks update-kubeconfig for ${cluster.clusterName}`,
    policy: describe.json,
  });
  for (const student of cohort.students) {
    attachPolicy(stack, `describe-cluster-${student.name}`, parsePrincipalArn(stack, `students.${student.name}.principalArn`, student.principalArn), policy.arn, deployingAccountId);
  }
  for (const [name, role] of deployRoles) new IamRolePolicyAttachment(stack, `describe-cluster-ci-${name}`, { role: role.roleName, policyArn: policy.arn });
}
