/**
 * The roadmap week from which each part of the platform exists (ROADMAP.md). A stack or feature
 * whose week has not come is not created; advancing a week only adds to the plan.
 */
export const ROADMAP_WEEK = {
  /** VPC, subnets, NAT, flow logs: always there, since `throughWeek` is at least 1. */
  NETWORK: 1,
  /** A Docker workstation per student. */
  LABS: 2,
  /** Container registries, pull-through cache, CI deploy roles. */
  REGISTRY: 3,
  /** Deploy notifications (SNS, EventBridge, Slack). */
  NOTIFICATIONS: 4,
  /**
   * The EKS cluster with its node groups and core add-ons; a namespace per student with quota,
   * RBAC and network policy; the hello-node and service-types labs.
   */
  KUBERNETES: 5,
  /** EBS CSI driver and the gp3 StorageClass, the AWS Load Balancer Controller with the shared ALB, the WordPress lab. */
  EKS: 6,
  /**
   * Prometheus, Alertmanager and Grafana (kube-prometheus-stack) with a blackbox prober; per
   * student a dashboard, alert rules and the hello-node SLO; student ServiceMonitors and PodMonitors.
   */
  MONITORING: 7,
  /** Container logs to CloudWatch Logs (Fluent Bit): a log group per student and one for the platform. */
  LOGS: 8,
  /** Pod autoscaling in the labs (HorizontalPodAutoscaler on hello-node). */
  AUTOSCALING: 9,
} as const;

export function hasReached(throughWeek: number, week: number): boolean {
  return throughWeek >= week;
}
