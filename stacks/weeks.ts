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
} as const;

export function hasReached(throughWeek: number, week: number): boolean {
  return throughWeek >= week;
}
