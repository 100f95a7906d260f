import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import type { CohortConfig } from "../config/cohort-schema";
import type { AwsLoadBalancerController } from "../constructs/cluster/aws-load-balancer-controller";
import type { Gp3StorageClass } from "../constructs/cluster/gp3-storage-class";
import { parsePrincipalArn } from "../constructs/core/iam";
import { AwsNameLimit } from "../constructs/core/resource-name";
import { DeployNotifications } from "../constructs/delivery/deploy-notifications";
import { ContainerLogGroupNames, ContainerLogShipping } from "../constructs/logging/container-log-shipping";
import { LogGroupKey } from "../constructs/logging/log-group-key";
import { TenantLogGroup } from "../constructs/logging/tenant-log-group";
import { ClusterMonitoring, type ComponentResources } from "../constructs/monitoring/cluster-monitoring";
import { TenantScrapePolicy } from "../constructs/policy/tenant-scrape-policy";
import { cohortClusterName, CohortGroups, usesEks } from "./cohort-cluster";
import type { CohortStack } from "./cohort-stack";

/** The namespaces of the platform's own pods: their logs go to the platform log group, their alerts are the chart's. */
export const PLATFORM_NAMESPACES: readonly string[] = ["kube-system", ClusterMonitoring.DEFAULT_NAMESPACE, ContainerLogShipping.DEFAULT_NAMESPACE];

/**
 * Prometheus's requests for a cohort: about 1,000 series per student (cAdvisor and kube-state-metrics
 * of a dozen pods, the probe, the rules) at some 8 KiB each in memory, on top of the platform's own.
 */
export function prometheusResources(studentCount: number): ComponentResources {
  const memoryMiB = 1024 + 8 * studentCount;
  return { requests: { cpu: studentCount > 100 ? "500m" : "200m", memory: `${memoryMiB}Mi` }, limits: { memory: `${memoryMiB * 2}Mi` } };
}

/**
 * Week 7 in `<cohort>-cluster-services`: {@link ClusterMonitoring} sized for the roster, alerts to the
 * week-4 notification topics (found by name, on EKS), Grafana for every student by port-forward
 * and, with `monitoring.grafanaAccessCidrs`, behind an ALB of its own.
 */
export function addClusterMonitoring(
  stack: CohortStack,
  cohort: CohortConfig,
  storageClass: Gp3StorageClass | undefined,
  loadBalancerController: AwsLoadBalancerController | undefined,
): ClusterMonitoring {
  // Grafana's admin password.
  new RandomProvider(stack, "random");
  const eks = usesEks(cohort);
  return new ClusterMonitoring(stack, "monitoring", {
    retentionDays: cohort.monitoring.retentionDays,
    storageGiB: cohort.monitoring.storageGiB,
    storageClassName: storageClass?.name,
    prometheusResources: prometheusResources(cohort.students.length),
    platformNamespaces: PLATFORM_NAMESPACES,
    alerting: eks ? snsAlerting(stack, cohort) : undefined,
    grafanaViewerGroups: [CohortGroups.STUDENTS],
    grafanaLoadBalancer:
      eks && cohort.monitoring.grafanaAccessCidrs.length > 0
        ? { allowedCidrs: cohort.monitoring.grafanaAccessCidrs, scheme: cohort.workloads.ingressScheme, groupName: `${cohort.name}-grafana` }
        : undefined,
    partOf: cohort.name,
    // Prometheus's volume needs the StorageClass; Grafana's Ingress needs the controller, which must
    // also outlive it on destroy to delete its ALB.
    dependsOn: [...(storageClass ? [storageClass.storageClass] : []), ...(loadBalancerController ? [loadBalancerController.release] : [])],
  });
}

function snsAlerting(stack: CohortStack, cohort: CohortConfig) {
  const account = new DataAwsCallerIdentity(stack, "account");
  const partition = new DataAwsPartition(stack, "partition");
  const names = DeployNotifications.names(cohort.name);
  const topicArn = (name: string) => `arn:${partition.partition}:sns:${cohort.region}:${account.accountId}:${name}`;
  // The platform stack (week 4) created the key; it is found by its alias, as the topics by their names.
  const key = new DataAwsKmsAlias(stack, "notifications-key", { name: names.keyAlias });
  return {
    clusterName: cohortClusterName(cohort),
    region: cohort.region,
    topicArn: topicArn(names.topicName),
    chatTopicArn: cohort.notifications.slack ? topicArn(names.chatTopicName) : undefined,
    kmsKeyArn: key.targetKeyArn,
    roleName: stack.names.name("alertmanager", { maxLength: AwsNameLimit.IAM_ROLE }),
  };
}

/** Week 7 in `<cohort>-cluster-services`: the limits and the file ban for students' ServiceMonitors and PodMonitors. */
export function addTenantScrapePolicy(stack: CohortStack, cohort: CohortConfig, monitoring: ClusterMonitoring): TenantScrapePolicy {
  return new TenantScrapePolicy(stack, "tenant-scrape-policy", {
    maxSampleLimit: cohort.monitoring.scrapeSampleLimit,
    maxTargetLimit: cohort.monitoring.scrapeTargetLimit,
    exemptNamespaces: [...PLATFORM_NAMESPACES, "default"],
    dependsOn: [monitoring.crds],
  });
}

/** Week 8 in `<cohort>-cluster-services` (EKS only): Fluent Bit shipping every student's and the platform's container logs. */
export function addLogShipping(stack: CohortStack, cohort: CohortConfig): ContainerLogShipping {
  return new ContainerLogShipping(stack, "log-shipping", {
    clusterName: cohortClusterName(cohort),
    region: cohort.region,
    tenantNamespaces: cohort.students.map((student) => student.name),
    platformNamespaces: PLATFORM_NAMESPACES,
    platformLogs: cohort.logs.platformLogs,
    dropDebugLines: cohort.logs.dropDebugLines,
    roleName: stack.names.name("fluent-bit", { maxLength: AwsNameLimit.IAM_ROLE }),
    partOf: cohort.name,
  });
}

/**
 * Week 8 in `<cohort>-platform` (EKS only): the log groups Fluent Bit writes to, one per student and
 * one for the platform, with the cohort's retention (and a KMS key when `logs.encryptWithKmsKey`);
 * each student may read their own group.
 */
export function addContainerLogGroups(stack: CohortStack, cohort: CohortConfig, deployingAccountId: string): ReadonlyMap<string, TenantLogGroup> {
  const names = new ContainerLogGroupNames(cohortClusterName(cohort));
  const key = cohort.logs.encryptWithKmsKey ? new LogGroupKey(stack, "logs-key", { aliasName: `${cohort.name}-logs`, logGroupNamePrefix: names.prefix }) : undefined;
  const group = (id: string, logGroupName: string, readPolicyName?: string) =>
    new TenantLogGroup(stack, id, { logGroupName, retentionInDays: cohort.logs.retentionDays, kmsKeyArn: key?.keyArn, readPolicyName });
  group("platform-logs", names.platform);
  return new Map(
    cohort.students.map((student) => {
      const logs = group(`logs-${student.name}`, names.namespace(student.name), stack.names.name("logs", { student: student.name, maxLength: AwsNameLimit.IAM_POLICY }));
      logs.grantRead(`logs-read-${student.name}`, parsePrincipalArn(stack, `students.${student.name}.principalArn`, student.principalArn), deployingAccountId);
      return [student.name, logs];
    }),
  );
}
