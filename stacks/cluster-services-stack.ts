import type { Construct } from "constructs";
import type { CohortConfig } from "../config/cohort-schema";
import { AwsLoadBalancerController } from "../constructs/cluster/aws-load-balancer-controller";
import { EksClusterConnection } from "../constructs/cluster/eks-cluster-connection";
import { Gp3StorageClass } from "../constructs/cluster/gp3-storage-class";
import { ClusterViewerRole } from "../constructs/cohort/cluster-viewer-role";
import { DenyServiceExternalIps } from "../constructs/policy/deny-service-external-ips";
import { AwsNameLimit } from "../constructs/core/resource-name";
import { KubeconfigConnection } from "../constructs/cluster/kubeconfig-connection";
import { CohortGroups, connectToCluster, usesEks } from "./cohort-cluster";
import { CohortStack, cohortTags } from "./cohort-stack";
import { hasReached, ROADMAP_WEEK } from "./weeks";
import type { ClusterMonitoring } from "../constructs/monitoring/cluster-monitoring";
import type { ContainerLogShipping } from "../constructs/logging/container-log-shipping";
import type { TenantScrapePolicy } from "../constructs/policy/tenant-scrape-policy";
import { addClusterMonitoring, addLogShipping, addTenantScrapePolicy } from "./cohort-observability";

/**
 * `<cohort>-cluster-services` (week 5 on): what the whole cohort shares inside the cluster. Week 5:
 * the read-only view of nodes, namespaces and storage classes every student gets (one ClusterRole,
 * so the students' shards need not each create it) and the admission policy that refuses Services
 * with `externalIPs`. Week 6: the default gp3 StorageClass and the
 * AWS Load Balancer Controller with the IngressClass `alb` (each students' shard shares one ALB,
 * see `shardIngressGroup`). Week 7: monitoring (kube-prometheus-stack, blackbox exporter, alerts to
 * the notification topics). Week 8: Fluent Bit shipping container logs to CloudWatch Logs (EKS only).
 * It reaches the cluster by name through {@link EksClusterConnection}.
 */
export class ClusterServicesStack extends CohortStack {
  public readonly connection: EksClusterConnection | KubeconfigConnection;
  public readonly clusterViewer: ClusterViewerRole;
  /** Refuses `spec.externalIPs` (CVE-2020-8554) everywhere but kube-system. */
  public readonly externalIpsPolicy: DenyServiceExternalIps;
  /** From week 6. */
  public readonly storageClass?: Gp3StorageClass;
  /** From week 6. */
  public readonly loadBalancerController?: AwsLoadBalancerController;
  /** From week 7. */
  public readonly monitoring?: ClusterMonitoring;
  /** From week 7: limits and no file access for students' ServiceMonitors and PodMonitors. */
  public readonly scrapePolicy?: TenantScrapePolicy;
  /** From week 8, on EKS. */
  public readonly logShipping?: ContainerLogShipping;

  constructor(scope: Construct, cohort: CohortConfig) {
    super(scope, cohort, "cluster-services", { awsProvider: usesEks(cohort) });
    this.connection = connectToCluster(this, cohort);
    this.clusterViewer = new ClusterViewerRole(this, "cluster-viewer", { groups: [CohortGroups.STUDENTS] });
    // Students may create Services; EKS does not enable the DenyServiceExternalIPs admission plugin.
    this.externalIpsPolicy = new DenyServiceExternalIps(this, "deny-service-external-ips");

    if (hasReached(cohort.throughWeek, ROADMAP_WEEK.EKS) && this.connection instanceof EksClusterConnection) {
      this.storageClass = new Gp3StorageClass(this, "gp3");
      this.loadBalancerController = new AwsLoadBalancerController(this, "aws-load-balancer-controller", {
        clusterName: this.connection.clusterName,
        region: cohort.region,
        vpcId: this.connection.vpcId,
        roleName: this.names.name("load-balancer-controller", { maxLength: AwsNameLimit.IAM_ROLE }),
        // No class-wide group: each shard's Ingresses name their own (see shardIngressGroup).
        ingressClass: { scheme: cohort.workloads.ingressScheme },
        defaultTags: cohortTags(cohort),
      });
    }
    if (hasReached(cohort.throughWeek, ROADMAP_WEEK.MONITORING)) {
      this.monitoring = addClusterMonitoring(this, cohort, this.storageClass, this.loadBalancerController);
      this.scrapePolicy = addTenantScrapePolicy(this, cohort, this.monitoring);
    }
    // Shipping to CloudWatch needs AWS credentials on the nodes: on EKS only.
    if (hasReached(cohort.throughWeek, ROADMAP_WEEK.LOGS) && usesEks(cohort)) this.logShipping = addLogShipping(this, cohort);
  }
}
