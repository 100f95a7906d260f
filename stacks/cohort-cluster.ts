import type { CohortConfig } from "../config/cohort-schema";
import { EksCluster } from "../constructs/cluster/eks-cluster";
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
export function cohortServiceCidr(cohort: Pick<CohortConfig, "network">): string {
  return EksCluster.defaultServiceCidr(cohort.network.cidr);
}
