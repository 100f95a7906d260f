import type { CohortConfig } from "../config/cohort-schema";
import type { Construct } from "constructs";
import { EksCluster } from "../constructs/cluster/eks-cluster";
import { EksClusterConnection } from "../constructs/cluster/eks-cluster-connection";
import { KubeconfigConnection } from "../constructs/cluster/kubeconfig-connection";
import { AwsNameLimit, ResourceNames } from "../constructs/core/resource-name";

/**
 * The cohort's EKS cluster name, `<cohort>-eks`. The platform stack creates the cluster under this
 * name and every downstream stack looks it up by the same name (DESIGN.md section 4: names, not
 * tokens, across stacks).
 */
export function cohortClusterName(cohort: Pick<CohortConfig, "name">): string {
  return new ResourceNames(cohort.name).name("eks", { maxLength: AwsNameLimit.EKS_CLUSTER });
}

/**
 * The Kubernetes groups the EKS access entries map people to. Access entries only say who someone
 * is; the RBAC in `<cohort>-cluster-services` and `<cohort>-students-N` says what each group may do.
 */
export const CohortGroups = {
  /** Every student: read-only on nodes, namespaces and storage classes. */
  STUDENTS: "cohort:students",
  /** One student: edit rights in their own namespace. */
  student: (name: string): string => `cohort:student:${name}`,
  /** A student's CI deploy role: roll out Deployments in the student's namespace. */
  ci: (name: string): string => `cohort:ci:${name}`,
} as const;

/** The `aws eks update-kubeconfig` command for the cohort's cluster. */
export function updateKubeconfigCommand(cohort: Pick<CohortConfig, "name" | "region">): string {
  return `aws eks update-kubeconfig --name ${cohortClusterName(cohort)} --region ${cohort.region}`;
}

/**
 * The cluster's Service (ClusterIP) range: the one EKS would choose for the cohort's VPC, pinned so
 * that the students' network policies can keep it out of their internet egress rule.
 */
export function cohortServiceCidr(cohort: Pick<CohortConfig, "network" | "cluster">): string {
  return cohort.cluster.connection?.serviceCidr ?? EksCluster.defaultServiceCidr(cohort.network.cidr);
}

/**
 * Whether the Kubernetes weeks run on the cohort's own EKS cluster (the default) or on an existing
 * cluster named by `cluster.connection` (no EKS cluster is created then, and the AWS-only pieces
 * inside the cluster are left out: the load balancer controller, the gp3 StorageClass, the ALB routes).
 */
export function usesEks(cohort: Pick<CohortConfig, "cluster">): boolean {
  return cohort.cluster.connection === undefined;
}

/** The Kubernetes and Helm providers of a stack inside the cluster: by the EKS cluster's name, or from the kubeconfig. */
export function connectToCluster(scope: Construct, cohort: Pick<CohortConfig, "name" | "region" | "cluster">): EksClusterConnection | KubeconfigConnection {
  const connection = cohort.cluster.connection;
  return connection === undefined
    ? new EksClusterConnection(scope, "cluster", { clusterName: cohortClusterName(cohort), region: cohort.region })
    : new KubeconfigConnection(scope, "cluster", { configPath: connection.kubeconfig, context: connection.context });
}
