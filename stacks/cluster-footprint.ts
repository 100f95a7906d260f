import { AwsLoadBalancerController } from "../constructs/cluster/aws-load-balancer-controller";
import { ContainerLogShipping } from "../constructs/logging/container-log-shipping";
import { ClusterMonitoring } from "../constructs/monitoring/cluster-monitoring";
import { prometheusResources } from "./cohort-observability";
import { containersOf, podsOf, sumFootprints, type PodFootprint } from "./lab-footprint";
import { hasReached, ROADMAP_WEEK } from "./weeks";

/**
 * The platform's own pods in the cluster at a week: what the node groups hold before any student
 * pod. Requests are the add-ons' defaults as their manifests set them (checked 2026-12-01):
 * aws-node 25m plus its network policy agent 25m, kube-proxy 100m, eks-pod-identity-agent none,
 * coredns 100m/70Mi, EBS CSI 10m/40Mi per container (node: 3 containers, controller: 6),
 * metrics-server 100m/200Mi, and the load balancer controller's own requests. From week 7 the
 * monitoring stack (node-exporter on every node; Prometheus sized for the roster, Alertmanager,
 * the operator, kube-state-metrics, Grafana and the blackbox exporter once) and from week 8 Fluent
 * Bit on every node, with the requests their constructs set.
 */
export interface ClusterFootprint {
  /** DaemonSet pods: one of each on every node. */
  readonly perNode: PodFootprint;
  /** Deployment pods, once for the cluster. */
  readonly cluster: PodFootprint;
}

const none = {};

export function clusterFootprint(week: number, studentCount: number): ClusterFootprint {
  const eks = hasReached(week, ROADMAP_WEEK.EKS);
  const monitoring = hasReached(week, ROADMAP_WEEK.MONITORING);
  const monitor = ClusterMonitoring.DEFAULT_RESOURCES;
  const perNode = sumFootprints([
    podsOf(1, { requests: { cpu: "50m" } }), // aws-node with the network policy agent
    podsOf(1, { requests: { cpu: "100m" } }), // kube-proxy
    podsOf(1, none), // eks-pod-identity-agent
    ...(eks ? [podsOf(1, { requests: { cpu: "30m", memory: "120Mi" } })] : []), // ebs-csi-node
    ...(monitoring ? [podsOf(1, monitor.nodeExporter)] : []),
    ...(hasReached(week, ROADMAP_WEEK.LOGS) ? [podsOf(1, ContainerLogShipping.DEFAULT_RESOURCES)] : []), // fluent-bit
  ]);
  const cluster = sumFootprints([
    podsOf(2, { requests: { cpu: "100m", memory: "70Mi" } }), // coredns
    ...(eks
      ? [
          podsOf(2, { requests: { cpu: "60m", memory: "240Mi" } }), // ebs-csi-controller
          podsOf(AwsLoadBalancerController.DEFAULT_REPLICAS, { requests: AwsLoadBalancerController.DEFAULT_RESOURCES.requests }),
        ]
      : []),
    ...(monitoring
      ? [
          podsOf(1, prometheusResources(studentCount)),
          podsOf(1, monitor.alertmanager),
          containersOf(2, monitor.configReloader), // beside Prometheus and Alertmanager
          podsOf(1, monitor.operator),
          podsOf(1, monitor.kubeStateMetrics),
          podsOf(1, monitor.grafana),
          containersOf(2, monitor.grafanaSidecar), // dashboards and data sources
          podsOf(1, monitor.blackboxExporter),
        ]
      : []),
    ...(hasReached(week, ROADMAP_WEEK.AUTOSCALING) ? [podsOf(1, { requests: { cpu: "100m", memory: "200Mi" } })] : []), // metrics-server
  ]);
  return { perNode, cluster };
}
