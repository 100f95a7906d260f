import { COHORT_WEEKS } from "../config/cohort-calendar";
import type { CohortConfig } from "../config/cohort-schema";
import type { CohortWarning } from "../config/cohort-warnings";
import { AWS_PRICES_CHECKED_ON, pricesFor, type AwsPrices } from "../constructs/data/aws-prices";
import { EksCluster } from "../constructs/cluster/eks-cluster";
import { CostBudget } from "../constructs/delivery/cost-budget";
import { VpcNetwork } from "../constructs/network/vpc-network";
import { MysqlDatabase } from "../constructs/workloads/mysql-database";
import { usesEks } from "./cohort-cluster";
import { cohortStackId } from "./cohort-stack";
import { zoneCount } from "./labs-stack";
import { studentShards } from "./student-shards";
import { ROADMAP_WEEK } from "./weeks";

/**
 * What the estimate assumes where the cohort file does not say. Each one is printed next to the
 * figure it makes; change them here, not in the arithmetic.
 */
export const COST_ASSUMPTIONS = {
  /** AWS bills a month as 730 hours. */
  hoursPerMonth: 730,
  /** Days in an average month, for daily schedules. */
  daysPerMonth: 30.4,
  /** Hours a workstation runs each day when `labs.dailyStop` stops it at night (students start it). */
  labHoursPerDayWithDailyStop: 8,
  /** GB through the NAT gateways per student and month (image pulls, package installs). */
  natGbPerStudent: 5,
  /** Load balancer capacity units an idle lab load balancer uses on average. */
  loadBalancerCapacityUnits: 1,
  /** Spot price as a share of on-demand (spot prices change hourly; check the console's history). */
  spotShareOfOnDemand: 0.35,
  /** GB of images kept per ECR repository. */
  ecrGbPerRepository: 1,
  /** GB of VPC flow logs a month. */
  flowLogGbPerMonth: 1,
  /** GB of EKS control-plane logs (api, audit, authenticator) a month; audit is most of it. */
  controlPlaneLogGbPerMonth: 10,
  /** GB of container logs a month per student, after the debug filter. */
  containerLogGbPerStudent: 0.5,
  /** GB of logs a month from the platform's own namespaces. */
  platformLogGbPerMonth: 2,
} as const;

/** One priced item of the cohort. */
export interface CostLine {
  /** The stack that creates it (a load balancer: the stack whose objects make the controller create it). */
  readonly stackId: string;
  /** The roadmap week from which it exists. */
  readonly week: number;
  readonly item: string;
  /** USD a month. */
  readonly monthlyUsd: number;
  /** USD a month at its ceiling (a node group at maxSize), where that differs. */
  readonly ceilingUsd?: number;
  /** How the figure is made, with every assumption in it. */
  readonly basis: string;
  /** What in the cohort file would lower it. */
  readonly lever?: string;
}

export interface CostEstimate {
  readonly cohort: string;
  readonly region: string;
  /** The region whose prices were used: the cohort's own, or the table's fallback with a note. */
  readonly pricesRegion: string;
  readonly pricesCheckedOn: string;
  readonly throughWeek: number;
  /** The items that exist at `throughWeek`. */
  readonly lines: readonly CostLine[];
  readonly monthlyUsd: number;
  /** With every node group at its maxSize: the most the same items can cost. */
  readonly ceilingUsd: number;
  readonly byStack: readonly { readonly stackId: string; readonly monthlyUsd: number }[];
  /** Every week of the roadmap: what raising `throughWeek` to it adds, and the month's total then. */
  readonly byWeek: readonly { readonly week: number; readonly addsUsd: number; readonly monthlyUsd: number }[];
  /** The three largest items, with what would lower each. */
  readonly biggest: readonly CostLine[];
  readonly budgetUsd: number | undefined;
  /** Sentences the organizer must read with the figures (prices of another region, budget). */
  readonly notes: readonly string[];
}

const usd = (value: number) => `$${value < 10 ? value.toFixed(2) : value.toFixed(0)}`;
const rate = (value: number) => `$${Number(value.toPrecision(4))}`;

/**
 * A monthly estimate of the cohort's AWS bill from the cohort file and the dated price table
 * (`constructs/data/aws-prices.ts`), item by item, per stack and per roadmap week: the resources
 * the stacks create that bill by the hour, and the logs and storage they fill by an assumed amount.
 * README "What it costs" lists what it leaves out. `throughWeek` defaults to the cohort's.
 */
export function estimateCohortCost(cohort: CohortConfig, throughWeek = cohort.throughWeek): CostEstimate {
  if (!Number.isInteger(throughWeek) || throughWeek < 1 || throughWeek > COHORT_WEEKS) {
    throw new RangeError(`estimateCohortCost: throughWeek must be a whole number from 1 to ${COHORT_WEEKS}, got ${throughWeek}`);
  }
  const prices = pricesFor(cohort.region);
  const all = costLines(cohort, prices.prices);
  const lines = all.filter((line) => line.week <= throughWeek);
  const sum = (items: readonly CostLine[]) => round(items.reduce((total, line) => total + line.monthlyUsd, 0));
  const stackIds = [...new Set(lines.map((line) => line.stackId))];
  const byWeek = Array.from({ length: COHORT_WEEKS }, (_, index) => index + 1).map((week) => ({
    week,
    addsUsd: sum(all.filter((line) => line.week === week)),
    monthlyUsd: sum(all.filter((line) => line.week <= week)),
  }));
  const monthlyUsd = sum(lines);
  const notes: string[] = [];
  if (prices.region !== cohort.region) {
    notes.push(`The price table has no prices for ${cohort.region}; these are ${prices.region} list prices (checked ${AWS_PRICES_CHECKED_ON}), which differ by region: add ${cohort.region} to constructs/data/aws-prices.ts for its own.`);
  }
  const budgetUsd = cohort.budget?.monthlyUsd;
  const alert = budgetUsd === undefined ? undefined : budgetAlertPassed(monthlyUsd, budgetUsd);
  if (alert !== undefined) notes.push(`The estimate at week ${throughWeek}, ${usd(monthlyUsd)} a month, passes budget.monthlyUsd's ${alert} (${usd(budgetUsd!)}): it will alert every month; see the biggest items below for what lowers it.`);
  return {
    cohort: cohort.name,
    region: cohort.region,
    pricesRegion: prices.region,
    pricesCheckedOn: AWS_PRICES_CHECKED_ON,
    throughWeek,
    lines,
    monthlyUsd,
    ceilingUsd: round(lines.reduce((total, line) => total + (line.ceilingUsd ?? line.monthlyUsd), 0)),
    byStack: stackIds.map((stackId) => ({ stackId, monthlyUsd: sum(lines.filter((line) => line.stackId === stackId)) })),
    byWeek,
    biggest: [...lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 3),
    budgetUsd,
    notes,
  };
}

/** The cohort file accepts only types of ec2-instance-types.ts, and a test checks each is priced. */
function onDemandHour(prices: AwsPrices, instanceType: string, field: string): number {
  const price = prices.ec2OnDemandHour[instanceType];
  if (price === undefined) throw new Error(`${field}: constructs/data/aws-prices.ts has no on-demand price for "${instanceType}": add one next to its entry in ec2-instance-types.ts`);
  return price;
}

/** How long stored logs can grow within a cohort. */
const COHORT_DAYS = 7 * COHORT_WEEKS;

/** GiB of a volume size as MysqlDatabase takes it: a whole number of Mi, Gi or Ti. */
function gibOf(size: string): number {
  const match = /^([1-9][0-9]*)(Mi|Gi|Ti)$/.exec(size);
  if (!match) throw new Error(`a volume size must be a whole number of Mi, Gi or Ti, got "${size}"`);
  return Number(match[1]) * { Mi: 1 / 1024, Gi: 1, Ti: 1024 }[match[2] as "Mi" | "Gi" | "Ti"];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Every item of the whole roadmap (weeks 1-10) for this cohort. */
function costLines(cohort: CohortConfig, prices: AwsPrices): CostLine[] {
  const assume = COST_ASSUMPTIONS;
  const hours = assume.hoursPerMonth;
  const students = cohort.students.length;
  const zones = zoneCount(cohort);
  const eks = usesEks(cohort);
  const lines: CostLine[] = [];
  const add = (purpose: string, week: number, item: string, monthlyUsd: number, basis: string, lever?: string, ceilingUsd?: number) =>
    lines.push({
      stackId: cohortStackId(cohort, purpose),
      week,
      item,
      monthlyUsd: round(monthlyUsd),
      ...(ceilingUsd === undefined ? {} : { ceilingUsd: round(ceilingUsd) }),
      basis,
      ...(lever ? { lever } : {}),
    });
  const gp3 = (gib: number) => gib * prices.ebsGp3GbMonth;
  // Stored logs grow until the retention ends them, at most over the ten weeks of the cohort.
  const storedGb = (gbPerMonth: number, retentionDays: number) => Number(((gbPerMonth * Math.min(retentionDays, COHORT_DAYS)) / assume.daysPerMonth).toFixed(1));
  const logs = (gbPerMonth: number, retentionDays: number) => gbPerMonth * prices.cloudWatchLogsIngestedGb + storedGb(gbPerMonth, retentionDays) * prices.cloudWatchLogsStoredGbMonth;
  const logsBasis = (gbPerMonth: number, retentionDays: number) =>
    `${gbPerMonth} GB/month (assumed) × ${rate(prices.cloudWatchLogsIngestedGb)}/GB ingested + up to ${storedGb(gbPerMonth, retentionDays)} GB stored (${Math.min(retentionDays, COHORT_DAYS)} days of logs) × ${rate(prices.cloudWatchLogsStoredGbMonth)}/GB-month`;

  // Week 1: the network.
  const natCount = cohort.network.natGateways === "none" ? 0 : cohort.network.natGateways === "single" ? 1 : zones;
  if (natCount > 0) {
    const natGb = students * assume.natGbPerStudent;
    add("network", ROADMAP_WEEK.NETWORK, `NAT gateway × ${natCount}`, natCount * hours * prices.natGatewayHour + natGb * prices.natGatewayGb,
      `${natCount} × ${rate(prices.natGatewayHour)}/h × ${hours} h + ${natGb} GB (assumed ${assume.natGbPerStudent} per student) × ${rate(prices.natGatewayGb)}/GB`,
      natCount > 1
      ? `network.natGateways: single (one gateway and address for all zones: ${usd((natCount - 1) * hours * (prices.natGatewayHour + prices.publicIpv4Hour))} less, but traffic from the other zones then pays cross-zone transfer and one zone's outage cuts them off)`
      : "nothing in the cohort file: from week 2 the private subnets reach SSM, ECR, STS and CloudWatch through it, so natGateways: none is refused");
    add("network", ROADMAP_WEEK.NETWORK, `public IPv4 address × ${natCount} (NAT)`, natCount * hours * prices.publicIpv4Hour, `${natCount} × ${rate(prices.publicIpv4Hour)}/h × ${hours} h`);
  }
  const flowLogDays = VpcNetwork.DEFAULT_FLOW_LOG_RETENTION_DAYS;
  add("network", ROADMAP_WEEK.NETWORK, "VPC flow logs (CloudWatch Logs)", logs(assume.flowLogGbPerMonth, flowLogDays), logsBasis(assume.flowLogGbPerMonth, flowLogDays));

  // Week 2: a workstation per student.
  const labPrice = onDemandHour(prices, cohort.labs.instanceType, "labs.instanceType");
  const labHours = cohort.labs.dailyStop ? Math.round(assume.labHoursPerDayWithDailyStop * assume.daysPerMonth) : hours;
  add("labs", ROADMAP_WEEK.LABS, `lab workstations × ${students} (${cohort.labs.instanceType})`, students * labHours * labPrice,
    `${students} × ${rate(labPrice)}/h × ${labHours} h${cohort.labs.dailyStop ? ` (dailyStop: assumed ${assume.labHoursPerDayWithDailyStop} h a day)` : " (always on)"}`,
    cohort.labs.dailyStop ? `a smaller labs.instanceType, or fewer hours: the workstations stop daily at ${cohort.labs.dailyStop.time}` : `labs.dailyStop stops every workstation nightly: about ${assume.labHoursPerDayWithDailyStop} h a day instead of 24 (assumed)`);
  add("labs", ROADMAP_WEEK.LABS, `workstation volumes × ${students} (gp3, ${cohort.labs.rootVolumeGiB} GiB)`, students * gp3(cohort.labs.rootVolumeGiB),
    `${students} × ${cohort.labs.rootVolumeGiB} GiB × ${rate(prices.ebsGp3GbMonth)}/GB-month (billed while stopped too)`, "labs.rootVolumeGiB");

  // Week 3: registries.
  const repositories = students + cohort.registry.sharedRepositories.length;
  add("platform", ROADMAP_WEEK.REGISTRY, `ECR storage, ${repositories} repositories`, repositories * assume.ecrGbPerRepository * prices.ecrStorageGbMonth,
    `${repositories} × ${assume.ecrGbPerRepository} GB (assumed) × ${rate(prices.ecrStorageGbMonth)}/GB-month`, "registry.keepTaggedImages and untaggedExpiryDays");

  // Week 4: the notifications key.
  add("platform", ROADMAP_WEEK.NOTIFICATIONS, "KMS key (notifications)", prices.kmsKeyMonth, `1 × ${rate(prices.kmsKeyMonth)}/month`);

  if (!eks) return lines;
  // Week 5: the cluster.
  const support = cohort.cluster.supportType;
  add("platform", ROADMAP_WEEK.KUBERNETES, `EKS control plane (${support} support)`, hours * prices.eksClusterHour[support], `${rate(prices.eksClusterHour[support])}/h × ${hours} h`,
    support === "EXTENDED" ? `a Kubernetes version in standard support (cluster.supportType: STANDARD, ${rate(prices.eksClusterHour.STANDARD)}/h)` : undefined);
  add("platform", ROADMAP_WEEK.KUBERNETES, "KMS key (EKS secrets)", prices.kmsKeyMonth, `1 × ${rate(prices.kmsKeyMonth)}/month`);
  const controlPlaneLogDays = EksCluster.DEFAULT_LOG_RETENTION_DAYS;
  add("platform", ROADMAP_WEEK.KUBERNETES, `EKS control-plane logs (${EksCluster.DEFAULT_LOG_TYPES.join(", ")})`, logs(assume.controlPlaneLogGbPerMonth, controlPlaneLogDays),
    logsBasis(assume.controlPlaneLogGbPerMonth, controlPlaneLogDays), "not in the cohort file: the platform keeps the audit log (EksCluster's logTypes for your own stacks)");
  for (const [index, group] of cohort.cluster.nodeGroups.entries()) {
    const type = group.instanceTypes[0];
    const spot = group.capacityType === "SPOT";
    const perHour = onDemandHour(prices, type, `cluster.nodeGroups[${index}].instanceTypes[0]`) * (spot ? assume.spotShareOfOnDemand : 1);
    const maxUsd = group.maxSize * hours * perHour;
    add("platform", ROADMAP_WEEK.KUBERNETES, `node group ${group.name} × ${group.desiredSize} (${type}, ${group.capacityType})`, group.desiredSize * hours * perHour,
      `${group.desiredSize} (desiredSize) × ${rate(perHour)}/h${spot ? ` (assumed ${assume.spotShareOfOnDemand * 100}% of on-demand)` : ""} × ${hours} h; at maxSize ${group.maxSize}: ${usd(maxUsd)}`,
      spot ? undefined : `capacityType: SPOT for nodes that may be interrupted (assumed ${assume.spotShareOfOnDemand * 100}% of on-demand), or a smaller desiredSize once the capacity rule allows it`,
      maxUsd);
    add("platform", ROADMAP_WEEK.KUBERNETES, `node volumes ${group.name} × ${group.desiredSize} (gp3, ${group.diskSizeGiB} GiB)`, group.desiredSize * gp3(group.diskSizeGiB),
      `${group.desiredSize} × ${group.diskSizeGiB} GiB × ${rate(prices.ebsGp3GbMonth)}/GB-month`, undefined, group.maxSize * gp3(group.diskSizeGiB));
  }

  // Week 6: load balancers and lab volumes, per students stack.
  const publicIps = cohort.workloads.ingressScheme === "internet-facing" ? zones : 0;
  const albUsd = hours * (prices.applicationLoadBalancerHour + assume.loadBalancerCapacityUnits * prices.applicationLoadBalancerCapacityUnitHour) + publicIps * hours * prices.publicIpv4Hour;
  const albBasis = `(${rate(prices.applicationLoadBalancerHour)}/h + ${assume.loadBalancerCapacityUnits} LCU (assumed) × ${rate(prices.applicationLoadBalancerCapacityUnitHour)}/h${publicIps > 0 ? ` + ${publicIps} public IPv4 (one per zone) × ${rate(prices.publicIpv4Hour)}/h` : ""}) × ${hours} h`;
  const workloadLabs = new Set(cohort.workloads.labs);
  for (const [shard, members] of studentShards(cohort)) {
    if (members.length === 0) continue; // an empty shard's stack creates nothing
    const purpose = `students-${shard}`;
    if (workloadLabs.has("hello-node")) add(purpose, ROADMAP_WEEK.EKS, "ALB (the shard's hello-node routes)", albUsd, albBasis, studentShards(cohort).size > 1 ? "workloads.shards: each shard has its own ALB" : undefined);
    if (workloadLabs.has("service-types") && cohort.quota.loadBalancers > 0) {
      const nlbUsd = hours * (prices.networkLoadBalancerHour + assume.loadBalancerCapacityUnits * prices.networkLoadBalancerCapacityUnitHour) + publicIps * hours * prices.publicIpv4Hour;
      add(purpose, ROADMAP_WEEK.EKS, `NLB × ${members.length} (service-types lab)`, members.length * nlbUsd, `${members.length} × (${rate(prices.networkLoadBalancerHour)}/h + ${assume.loadBalancerCapacityUnits} NLCU (assumed) × ${rate(prices.networkLoadBalancerCapacityUnitHour)}/h${publicIps > 0 ? ` + ${publicIps} public IPv4 × ${rate(prices.publicIpv4Hour)}/h` : ""}) × ${hours} h`,
        "quota.loadBalancers: 0 (the service-types lab then has no LoadBalancer Service)");
    }
    if (workloadLabs.has("wordpress")) {
      const gib = gibOf(MysqlDatabase.DEFAULT_STORAGE_SIZE);
      add(purpose, ROADMAP_WEEK.EKS, `WordPress database volumes × ${members.length} (gp3, ${gib} GiB)`, members.length * gp3(gib), `${members.length} × ${gib} GiB × ${rate(prices.ebsGp3GbMonth)}/GB-month`);
    }
  }

  // Week 7: monitoring.
  add("cluster-services", ROADMAP_WEEK.MONITORING, `Prometheus volume (gp3, ${cohort.monitoring.storageGiB} GiB)`, gp3(cohort.monitoring.storageGiB),
    `${cohort.monitoring.storageGiB} GiB × ${rate(prices.ebsGp3GbMonth)}/GB-month`, "monitoring.storageGiB (billed by size, however full)");
  if (cohort.monitoring.grafanaAccessCidrs.length > 0) add("cluster-services", ROADMAP_WEEK.MONITORING, "ALB (Grafana)", albUsd, albBasis, "monitoring.grafanaAccessCidrs: [] (reach Grafana with kubectl port-forward)");

  // Week 8: container logs.
  const logGb = Number((students * assume.containerLogGbPerStudent + assume.platformLogGbPerMonth).toFixed(2));
  add("platform", ROADMAP_WEEK.LOGS, "container logs (CloudWatch Logs)", logs(logGb, cohort.logs.retentionDays),
    `${logsBasis(logGb, cohort.logs.retentionDays)} (assumed ${assume.containerLogGbPerStudent} GB per student + ${assume.platformLogGbPerMonth} GB platform)`,
    "logs.retentionDays; fewer lines: keep logs.dropDebugLines and platformLogs: warnings (the defaults), exclude noisy pods with fluentbit.io/exclude");
  if (cohort.logs.encryptWithKmsKey) add("platform", ROADMAP_WEEK.LOGS, "KMS key (logs)", prices.kmsKeyMonth, `1 × ${rate(prices.kmsKeyMonth)}/month`, "logs.encryptWithKmsKey: false");
  return lines;
}

/** The estimate as Markdown: the items per stack, the weeks, the three biggest items and the notes. */
export function formatCostMarkdown(estimate: CostEstimate): string {
  const out = [
    `### Estimated AWS cost of ${estimate.cohort} at week ${estimate.throughWeek}: ${usd(estimate.monthlyUsd)} a month`,
    "",
    `${estimate.region}; ${estimate.pricesRegion} list prices checked ${estimate.pricesCheckedOn} (sources in constructs/data/aws-prices.ts); on-demand; before taxes, credits and data transfer out of AWS.`,
    ...estimate.notes.map((note) => `\n> ${note}`),
    "",
    "| stack | item | USD a month | how |",
    "|---|---|---:|---|",
    ...estimate.lines.map((line) => `| ${line.stackId} | ${line.item} | ${usd(line.monthlyUsd)} | ${line.basis} |`),
    `| **total** | | **${usd(estimate.monthlyUsd)}** | ${estimate.ceilingUsd > estimate.monthlyUsd ? `at most ${usd(estimate.ceilingUsd)} with every node group at maxSize` : ""} |`,
    "",
    "| stack | USD a month |",
    "|---|---:|",
    ...estimate.byStack.map((stack) => `| ${stack.stackId} | ${usd(stack.monthlyUsd)} |`),
    "",
    "| week | adds | month's total |",
    "|---:|---:|---:|",
    ...estimate.byWeek.map((week) => `| ${week.week}${week.week === estimate.throughWeek ? " (now)" : ""} | ${usd(week.addsUsd)} | ${usd(week.monthlyUsd)} |`),
    "",
    "Biggest items and what lowers them:",
    ...estimate.biggest.map((line, index) => `${index + 1}. ${line.item}, ${usd(line.monthlyUsd)}: ${line.lever ?? "nothing in the cohort file"}`),
  ];
  return out.join("\n");
}

/**
 * Which of the budget's alerts (`CostBudget.ALERTS`) a month of `monthlyUsd` sets off: the
 * forecast one above the whole budget, else the lowest actual-cost one it passes.
 */
function budgetAlertPassed(monthlyUsd: number, budgetUsd: number): string | undefined {
  const passed = CostBudget.ALERTS.filter(([threshold, type]) => (type === "FORECASTED" ? monthlyUsd > budgetUsd * (threshold / 100) : monthlyUsd >= budgetUsd * (threshold / 100)));
  const [threshold, type] = passed.find(([, kind]) => kind === "FORECASTED") ?? passed.sort((a, b) => a[0] - b[0])[0] ?? [];
  return threshold === undefined ? undefined : `${threshold}% ${type === "FORECASTED" ? "forecast" : "actual-cost"} alert`;
}

/** A warning when the estimate sets off one of the budget's alerts, for the synth to print. */
export function budgetWarnings(estimate: CostEstimate): CohortWarning[] {
  const alert = estimate.budgetUsd === undefined ? undefined : budgetAlertPassed(estimate.monthlyUsd, estimate.budgetUsd);
  if (alert === undefined) return [];
  const prices = estimate.pricesRegion === estimate.region ? "" : ` (with ${estimate.pricesRegion} prices)`;
  return [{ path: "budget.monthlyUsd", message: `the estimated cost at week ${estimate.throughWeek}, ${usd(estimate.monthlyUsd)} a month${prices}, passes the budget's ${alert} (budget ${usd(estimate.budgetUsd!)}): it will alert every month (the cost estimate names the biggest items and what lowers them)` }];
}

/** The one line the synth summary prints. */
export function costSummaryNote(estimate: CostEstimate): string {
  const prices = estimate.pricesRegion === estimate.region ? "" : `, ${estimate.pricesRegion} prices`;
  const budget = estimate.budgetUsd === undefined ? "" : ` against a budget of ${usd(estimate.budgetUsd)}`;
  return `Estimated AWS cost at week ${estimate.throughWeek}: about ${usd(estimate.monthlyUsd)} a month${budget}${prices} (npm run cost, or estimateCohortCost, for the items, assumptions and weeks).`;
}

