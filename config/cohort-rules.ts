import { IAM_PRINCIPAL_ARN_PATTERN, isIdentityCenterRole } from "../constructs/core/iam";
import { parseQuantity, type QuantityKind } from "../constructs/core/kubernetes-quantity";
import { StudentTenancy } from "../constructs/cohort/student-tenancy";
import { CostBudget } from "../constructs/delivery/cost-budget";
import { MysqlDatabase } from "../constructs/workloads/mysql-database";
import { studentFootprint } from "../stacks/lab-footprint";
import { studentShardOf } from "../stacks/student-shards";
import { MAX_STUDENTS_PER_ALB } from "../stacks/students-stack";
import { ROADMAP_WEEK } from "../stacks/weeks";
import { eksKubernetesVersion, eksVersionList, EKS_VERSIONS_CHECKED_ON } from "../constructs/data/eks-kubernetes-versions";
import { cohortCalendar, describeCalendar, extendedSupportSurcharge, supportEnds, versionsLastingUntil } from "./cohort-calendar";
import { DEFAULT_KUBERNETES_VERSION, DEFAULT_NODE_GROUP, isCalendarDate, KUBERNETES_LABS, MAX_STUDENT_SHARDS, type KubernetesLab } from "./cohort-schema";
import { AWS_REGIONS, AWS_REGIONS_CHECKED_ON, zoneNamesOf } from "../constructs/data/aws-regions";
import { EC2_INSTANCE_TYPES, EC2_INSTANCE_TYPES_CHECKED_ON } from "../constructs/data/ec2-instance-types";
import { closestMatch } from "./did-you-mean";
import { CAPACITY_PLANNED_SHARE, checkCapacity, nodesNeeded, smallestInstanceType, type CapacityGroup } from "./cluster-capacity";

/**
 * Rules that relate several fields of the cohort file. They read the raw YAML value defensively
 * (anything may be missing or of the wrong type there), so they run even when field-level
 * validation has already failed, and the organizer sees every problem in one go.
 */
export interface RuleProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const field = (value: unknown, key: string): unknown => (isObject(value) ? value[key] : undefined);

/** The week from which the cluster exists and needs someone who can administer it. */
const CLUSTER_WEEK = ROADMAP_WEEK.KUBERNETES;
/** The week from which lab workstations exist; they reach Systems Manager through NAT. */
const LABS_WEEK = ROADMAP_WEEK.LABS;

/** With `cluster.connection` the Kubernetes weeks run on an existing cluster: no EKS cluster, node groups or ALB to check. */
const onEks = (raw: Json): boolean => field(raw.cluster, "connection") === undefined;

const validWeek = (week: unknown): week is number => typeof week === "number" && Number.isInteger(week) && week >= 1 && week <= 10;

/** What the rules need besides the file. */
export interface RuleContext {
  /** The day the rules take as today (support windows without `startDate`). */
  readonly today: Date;
}

export function crossFieldProblems(raw: unknown, context: RuleContext): RuleProblem[] {
  if (!isObject(raw)) return [];
  return [
    ...uniqueValues(list(raw.students), "students", "name", "every student needs a name of their own (it is their namespace)"),
    ...uniqueValues(list(raw.admins), "admins", "name", "admin names must be unique"),
    ...uniqueValues(list(raw.students), "students", "githubRepository", "each student's CI role trusts one repository; two students sharing it could deploy as each other"),
    ...uniquePrincipals(raw),
    ...principalAccountProblems(raw),
    ...nodeGroupProblems(list(field(raw.cluster, "nodeGroups"))),
    ...availabilityZoneProblems(raw),
    ...regionProblems(raw),
    ...instanceTypeProblems(raw),
    ...adminProblems(raw),
    ...labsProblems(raw),
    ...sharedRepositoryProblems(raw),
    ...labQuotaProblems(raw),
    ...supportWindowProblems(raw, context.today),
    ...capacityProblems(raw),
    ...sharedAlbProblems(raw),
    ...grafanaAccessProblems(raw),
    ...budgetProblems(raw),
  ];
}

/** AWS Budgets e-mails its alerts: at least one address, at most its limit per alert. */
function budgetProblems(raw: Json): RuleProblem[] {
  if (!isObject(raw.budget)) return [];
  const emails = list(field(raw.notifications, "emails"));
  if (emails.length === 0) return [{ path: ["notifications", "emails"], message: "must list at least one address with budget: AWS Budgets e-mails its alerts there" }];
  if (emails.length > CostBudget.MAX_EMAILS) {
    return [{ path: ["notifications", "emails"], message: `must list at most ${CostBudget.MAX_EMAILS} addresses with budget (AWS Budgets' limit per alert), got ${emails.length}` }];
  }
  return [];
}

/** Grafana's load balancer comes from the AWS Load Balancer Controller, which only the cohort's EKS cluster runs. */
function grafanaAccessProblems(raw: Json): RuleProblem[] {
  const cidrs = list(field(raw.monitoring, "grafanaAccessCidrs"));
  if (cidrs.length === 0 || onEks(raw)) return [];
  return [
    {
      path: ["monitoring", "grafanaAccessCidrs"],
      message: "must be empty with cluster.connection: Grafana's load balancer needs the AWS Load Balancer Controller of the cohort's EKS cluster; open Grafana with kubectl port-forward instead",
    },
  ];
}

function uniqueValues(items: unknown[], listName: string, key: string, why: string): RuleProblem[] {
  const firstIndex = new Map<unknown, number>();
  const problems: RuleProblem[] = [];
  items.forEach((item, index) => {
    const value = field(item, key);
    if (typeof value !== "string") return;
    const first = firstIndex.get(value);
    if (first === undefined) firstIndex.set(value, index);
    else problems.push({ path: [listName, index, key], message: `"${value}" is already used by ${listName}[${first}]; ${why}` });
  });
  return problems;
}

function uniquePrincipals(raw: Json): RuleProblem[] {
  const seen = new Map<string, string>();
  const problems: RuleProblem[] = [];
  for (const listName of ["admins", "students"]) {
    list(raw[listName]).forEach((item, index) => {
      const arn = field(item, "principalArn");
      if (typeof arn !== "string") return;
      const first = seen.get(arn);
      if (first === undefined) seen.set(arn, `${listName}[${index}]`);
      else {
        problems.push({
          path: [listName, index, "principalArn"],
          message: `"${arn}" is already used by ${first}; one IAM principal can hold only one EKS access entry, so each person needs their own`,
        });
      }
    });
  }
  return problems;
}

function nodeGroupProblems(nodeGroups: unknown[]): RuleProblem[] {
  const problems = uniqueValues(nodeGroups, "cluster.nodeGroups", "name", "node group names must be unique").map((problem) => ({
    ...problem,
    path: ["cluster", "nodeGroups", ...problem.path.slice(1)],
  }));
  nodeGroups.forEach((group, index) => {
    const [min, desired, max] = ["minSize", "desiredSize", "maxSize"].map((key) => field(group, key));
    const path = ["cluster", "nodeGroups", index];
    if (typeof min === "number" && typeof max === "number" && min > max) {
      problems.push({ path: [...path, "maxSize"], message: `must be at least minSize (${min}), got ${max}` });
    } else if (typeof desired === "number" && ((typeof min === "number" && desired < min) || (typeof max === "number" && desired > max))) {
      problems.push({ path: [...path, "desiredSize"], message: `must be from minSize (${String(min)}) to maxSize (${String(max)}), got ${desired}` });
    }
  });
  return problems;
}

function availabilityZoneProblems(raw: Json): RuleProblem[] {
  const zones = field(raw.network, "availabilityZones");
  if (!Array.isArray(zones) || typeof raw.region !== "string") return [];
  const region = raw.region;
  const problems: RuleProblem[] = [];
  const known = AWS_REGIONS.includes(region) ? zoneNamesOf(region) : undefined;
  zones.forEach((zone, index) => {
    if (typeof zone !== "string") return;
    const path = ["network", "availabilityZones", index];
    if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
      problems.push({ path, message: `must be a zone of the cohort's region ${region} (like ${region}a), got "${zone}"` });
    } else if (known !== undefined && !known.includes(zone)) {
      problems.push({ path, message: `must be one of the zones of ${region}: ${known.join(", ")} (bundled table, checked ${AWS_REGIONS_CHECKED_ON}), got "${zone}"` });
    } else if (zones.indexOf(zone) !== index) {
      problems.push({ path, message: `"${zone}" is listed twice; each zone holds one public and one private subnet` });
    }
  });
  return problems;
}

function adminProblems(raw: Json): RuleProblem[] {
  const week = raw.throughWeek;
  // An out-of-range week is reported by the schema; do not pile a consequence of it on top.
  if (validWeek(week) && week >= CLUSTER_WEEK && onEks(raw) && list(raw.admins).length === 0) {
    return [
      {
        path: ["admins"],
        message: `must list at least one admin from week ${CLUSTER_WEEK} on (throughWeek is ${week}): the cluster's creator gets no admin access, so without an admin nobody could administer it`,
      },
    ];
  }
  return [];
}

function labsProblems(raw: Json): RuleProblem[] {
  if (validWeek(raw.throughWeek) && raw.throughWeek >= LABS_WEEK && field(raw.network, "natGateways") === "none") {
    return [
      {
        path: ["network", "natGateways"],
        message: `must be single or one-per-az from week ${LABS_WEEK} on (throughWeek is ${raw.throughWeek}): lab workstations reach Systems Manager and install Docker through NAT, got "none"`,
      },
    ];
  }
  return [];
}

function sharedRepositoryProblems(raw: Json): RuleProblem[] {
  const studentNames = new Set(list(raw.students).map((student) => field(student, "name")));
  return list(field(raw.registry, "sharedRepositories")).flatMap((repository, index) =>
    typeof repository === "string" && studentNames.has(repository)
      ? [{ path: ["registry", "sharedRepositories", index], message: `"${repository}" is also a student's name; both would be the repository <cohort>/${repository}` }]
      : [],
  );
}

const QUOTA_DEFAULTS = { cpu: "2", memory: "4Gi", pods: 20, storage: "20Gi" } as const;

/** The labs the file selects (all of them when it says nothing; unknown names are the schema's to report). */
function selectedLabs(raw: Json): KubernetesLab[] {
  const value = field(raw.workloads, "labs");
  const labs = Array.isArray(value) ? value : [...KUBERNETES_LABS];
  return labs.filter((lab): lab is KubernetesLab => (KUBERNETES_LABS as readonly unknown[]).includes(lab));
}

/** A quota quantity of the file, or its default; undefined when the schema will refuse it. */
function quotaValue(raw: Json, key: "cpu" | "memory" | "storage", kind: QuantityKind): { text: string; value: number } | undefined {
  const given = field(raw.quota, key);
  const text = typeof given === "string" || typeof given === "number" ? String(given) : QUOTA_DEFAULTS[key];
  const parsed = parseQuantity(text, kind);
  return typeof parsed === "string" ? undefined : { text, value: Number(parsed.coefficient) * 10 ** parsed.exponent };
}

/**
 * The namespace quota must admit the selected labs at their peak (autoscaled to the maximum, one
 * surge pod per Deployment in a rolling update), so a quota too small fails here, not as pods
 * stuck at `terraform apply`. Limits are `LIMITS_PER_REQUEST` times the request quota.
 */
function labQuotaProblems(raw: Json): RuleProblem[] {
  const week = raw.throughWeek;
  if (!validWeek(week) || week < ROADMAP_WEEK.KUBERNETES) return [];
  const labs = selectedLabs(raw);
  const peak = studentFootprint(labs, week, "peak");
  const problems: RuleProblem[] = [];
  const labText = `the labs ${labs.join(", ")} at week ${week}`;

  const podsValue = field(raw.quota, "pods");
  const pods = typeof podsValue === "number" ? podsValue : QUOTA_DEFAULTS.pods;
  if (Number.isInteger(pods) && pods < peak.pods) {
    problems.push({ path: ["quota", "pods"], message: `must be at least ${peak.pods} for ${labText} (their pods at the peak of a rolling update), got ${pods}` });
  }

  // Requests against the quota, limits against LIMITS_PER_REQUEST times it; CPU in millicores, memory in MiB.
  const factor = StudentTenancy.LIMITS_PER_REQUEST;
  const resources = [
    { key: "cpu", kind: "cpu", unit: "m", scale: 1000, requested: peak.requests.cpuMillis, limited: peak.limits.cpuMillis },
    { key: "memory", kind: "bytes", unit: "Mi", scale: 2 ** -20, requested: peak.requests.memoryMiB, limited: peak.limits.memoryMiB },
  ] as const;
  for (const { key, kind, unit, scale, requested, limited } of resources) {
    const quota = quotaValue(raw, key, kind);
    const needed = Math.max(requested, limited / factor);
    if (quota && quota.value * scale < needed) {
      problems.push({
        path: ["quota", key],
        message:
          `must be at least ${Math.ceil(needed)}${unit} for ${labText}: at their peak (autoscaled to the maximum, one surge pod per Deployment) they request ${Math.round(requested)}${unit} ` +
          `and are limited to ${Math.round(limited)}${unit}, and the namespace allows limits of ${factor} × quota.${key}, got "${quota.text}"`,
      });
    }
  }

  const storage = quotaValue(raw, "storage", "bytes");
  const database = parseQuantity(MysqlDatabase.DEFAULT_STORAGE_SIZE, "bytes");
  if (week >= ROADMAP_WEEK.EKS && labs.includes("wordpress") && storage && typeof database !== "string" && storage.value < Number(database.coefficient) * 10 ** database.exponent) {
    problems.push({ path: ["quota", "storage"], message: `must be at least ${MysqlDatabase.DEFAULT_STORAGE_SIZE} for the wordpress lab's database volume from week ${ROADMAP_WEEK.EKS}, got ${storage.text}` });
  }
  return problems;
}

/**
 * The cluster's Kubernetes version must stay in EKS support (of the chosen type) until the
 * cohort's last day: past it EKS upgrades the control plane itself, after which every plan wants
 * to downgrade it and every apply fails.
 */
function supportWindowProblems(raw: Json, today: Date): RuleProblem[] {
  const week = raw.throughWeek;
  const startDate = raw.startDate;
  const version = field(raw.cluster, "version") ?? DEFAULT_KUBERNETES_VERSION;
  const supportType = field(raw.cluster, "supportType") ?? "STANDARD";
  // Values the schema refuses are reported there.
  if (!validWeek(week) || (startDate !== undefined && !(typeof startDate === "string" && isCalendarDate(startDate)))) return [];
  if (typeof version !== "string" || (supportType !== "STANDARD" && supportType !== "EXTENDED")) return [];
  const entry = eksKubernetesVersion(version);
  if (!entry || !onEks(raw)) return [];
  const calendar = cohortCalendar(startDate, week, today);
  const ends = supportEnds(entry, supportType);
  if (ends >= calendar.lastDay) return [];
  const fitting = versionsLastingUntil(calendar.lastDay, supportType);
  const alternatives =
    fitting.length > 0 ? `Choose a version supported through that day: ${eksVersionList(fitting)}` : `No version in the table (checked ${EKS_VERSIONS_CHECKED_ON}) is supported through that day`;
  const extended =
    supportType === "STANDARD" && entry.endOfExtendedSupport >= calendar.lastDay
      ? `, or set cluster.supportType: EXTENDED to keep "${version}" until ${entry.endOfExtendedSupport} (${extendedSupportSurcharge()})`
      : "";
  return [
    {
      path: ["cluster", "version"],
      message:
        `"${version}" leaves EKS ${supportType.toLowerCase()} support on ${ends}, before the cohort's last day ${calendar.lastDay} (${describeCalendar(calendar, week)}); ` +
        `after that EKS upgrades the control plane itself and every plan wants to downgrade it. ${alternatives}${extended}`,
    },
  ];
}

/** Taints that keep pods without a toleration off a node (the labs tolerate none). */
const REPELLING_TAINTS = ["NO_SCHEDULE", "NO_EXECUTE"];
const MAX_GROUP_SIZE = 100;

const cores = (millis: number) => (millis / 1000).toFixed(2);
const gib = (mib: number) => (mib / 1024).toFixed(1);

/**
 * From week 5 the node groups the labs can run on (those without a repelling taint), at their
 * desired size (nothing adds nodes yet), must hold every student's labs plus the platform's own
 * pods; WordPress's EBS volume (week 6) lives in one zone, so every zone needs such a node.
 */
function capacityProblems(raw: Json): RuleProblem[] {
  const week = raw.throughWeek;
  const studentCount = list(raw.students).length;
  if (!validWeek(week) || week < ROADMAP_WEEK.KUBERNETES || studentCount === 0 || !onEks(raw)) return [];
  const given = field(raw.cluster, "nodeGroups");
  const groups = Array.isArray(given) ? given : [DEFAULT_NODE_GROUP];
  const problems: RuleProblem[] = [];
  const usable: CapacityGroup[] = [];
  const usableIndexes: number[] = [];
  let unsized = false;
  groups.forEach((group, index) => {
    const types = list(field(group, "instanceTypes"));
    const name = field(group, "name");
    const nodes = field(group, "desiredSize");
    if (types.some((type) => typeof type !== "string") || typeof name !== "string" || typeof nodes !== "number") return;
    // Unknown types are reported by instanceTypeProblems; such a group cannot be sized.
    if (types.some((type) => !EC2_INSTANCE_TYPES.has(type as string))) unsized = true;
    const repelled = list(field(group, "taints")).some((taint) => REPELLING_TAINTS.includes(field(taint, "effect") as string));
    if (!repelled && types.length > 0 && types.every((type) => EC2_INSTANCE_TYPES.has(type as string))) {
      usable.push({ name, nodes, instanceType: smallestInstanceType(types as string[]) });
      usableIndexes.push(index);
    }
  });
  if (unsized) return [];
  if (usable.length === 0) {
    return [{ path: ["cluster", "nodeGroups"], message: `must include a node group without a NO_SCHEDULE or NO_EXECUTE taint from week ${ROADMAP_WEEK.KUBERNETES} on: the labs' pods tolerate no taint` }];
  }

  const labs = selectedLabs(raw);
  const check = checkCapacity(usable, studentCount, labs, week);
  if (!check.fits) {
    const first = usable[0];
    const needed = nodesNeeded(usable, 0, studentCount, labs, week, MAX_GROUP_SIZE);
    const fix =
      needed !== undefined
        ? `raise cluster.nodeGroups[${usableIndexes[0]}] (${first.name}) to desiredSize ${needed} (and minSize ${needed}, maxSize at least ${needed}), or use a larger instance type`
        : `use a larger instance type for ${first.name}, or add a node group`;
    const nodesText = usable.map((group) => `${group.nodes} × ${group.instanceType} (${group.name})`).join(" + ");
    const planned = (value: number) => value * CAPACITY_PLANNED_SHARE;
    const short = [
      check.students.pods + check.platform.pods > planned(check.nodes.pods) ? "pods (the instance type's network interfaces bound the pods per node)" : undefined,
      check.students.requests.cpuMillis + check.platform.requests.cpuMillis > planned(check.nodes.cpuMillis) ? "vCPU" : undefined,
      check.students.requests.memoryMiB + check.platform.requests.memoryMiB > planned(check.nodes.memoryMiB) ? "memory" : undefined,
    ].filter((item) => item !== undefined);
    problems.push({
      path: ["cluster", "nodeGroups"],
      message:
        `cannot hold the labs of ${studentCount} students at week ${week}: the labs (${labs.join(", ")}) request ${check.students.pods} pods, ${cores(check.students.requests.cpuMillis)} vCPU and ${gib(check.students.requests.memoryMiB)} GiB, ` +
        `the platform's own ${check.platform.pods} pods ${cores(check.platform.requests.cpuMillis)} vCPU and ${gib(check.platform.requests.memoryMiB)} GiB; ` +
        `${nodesText} without taints hold ${check.nodes.pods} pods, ${cores(check.nodes.cpuMillis)} vCPU and ${gib(check.nodes.memoryMiB)} GiB, of which ${Math.round(CAPACITY_PLANNED_SHARE * 100)}% is planned (pods never pack perfectly), ` +
        `so they are short of ${short.join(" and ")}. Nothing adds nodes yet (desiredSize is what runs): ${fix}`,
    });
  }

  const zones = field(raw.network, "availabilityZones");
  const zoneCount = Array.isArray(zones) ? zones.length : typeof zones === "number" ? zones : 3;
  const nodeCount = usable.reduce((sum, group) => sum + group.nodes, 0);
  if (week >= ROADMAP_WEEK.EKS && labs.includes("wordpress") && nodeCount < zoneCount) {
    problems.push({
      path: ["cluster", "nodeGroups"],
      message: `must run at least ${zoneCount} nodes without taints from week ${ROADMAP_WEEK.EKS} (one per availability zone): a WordPress database lives on an EBS volume in one zone and its pod can only run there, got ${nodeCount}`,
    });
  }
  return problems;
}

/** Shard sizes for a shard count, by the same rule that places students (names that are not strings are skipped). */
function shardSizes(names: readonly string[], shards: number): number[] {
  const sizes = new Array<number>(shards).fill(0);
  for (const name of names) sizes[studentShardOf(name, shards) - 1]++;
  return sizes;
}

/**
 * From week 6 each shard's hello-node routes share one ALB, which holds at most 100 target groups
 * (not adjustable): a shard may hold at most MAX_STUDENTS_PER_ALB students.
 */
function sharedAlbProblems(raw: Json): RuleProblem[] {
  const week = raw.throughWeek;
  if (!validWeek(week) || week < ROADMAP_WEEK.EKS || !selectedLabs(raw).includes("hello-node") || !onEks(raw)) return [];
  const shardsValue = field(raw.workloads, "shards") ?? 1;
  if (typeof shardsValue !== "number" || !Number.isInteger(shardsValue) || shardsValue < 1 || shardsValue > MAX_STUDENT_SHARDS) return [];
  const names = list(raw.students).map((student) => field(student, "name")).filter((name): name is string => typeof name === "string");
  const sizes = shardSizes(names, shardsValue);
  const largest = Math.max(...sizes);
  if (largest <= MAX_STUDENTS_PER_ALB) return [];
  let enough = shardsValue;
  while (enough < MAX_STUDENT_SHARDS && Math.max(...shardSizes(names, enough)) > MAX_STUDENTS_PER_ALB) enough++;
  return [
    {
      path: ["workloads", "shards"],
      message:
        `must spread the students so that no shard holds more than ${MAX_STUDENTS_PER_ALB} from week ${ROADMAP_WEEK.EKS} with the hello-node lab: each shard's hello-node routes share one ALB, ` +
        `which holds at most 100 target groups (one per student; not adjustable), but shard ${sizes.indexOf(largest) + 1} would hold ${largest}; set it to at least ${enough}, got ${shardsValue}`,
    },
  ];
}

/**
 * The platform attaches policies to every admin and student principal (lab sessions, the
 * kubeconfig permission). IAM attaches by name in the deploying account, so every principal must
 * be of one account, and none may be an IAM Identity Center role, which AWS lets nobody change.
 */
function principalAccountProblems(raw: Json): RuleProblem[] {
  const problems: RuleProblem[] = [];
  let first: { account: string; where: string } | undefined;
  for (const listName of ["admins", "students"]) {
    list(raw[listName]).forEach((item, index) => {
      const arn = field(item, "principalArn");
      const match = typeof arn === "string" ? IAM_PRINCIPAL_ARN_PATTERN.exec(arn) : null;
      if (!match) return;
      const path = [listName, index, "principalArn"];
      if (isIdentityCenterRole(arn as string)) {
        problems.push({
          path,
          message:
            `"${arn}" is an IAM Identity Center role: AWS refuses to attach policies to it (UnmodifiableEntity), and the platform attaches the lab session and kubeconfig policies to each person; ` +
            `register the person's IAM user or a role of the account instead`,
        });
        return;
      }
      const account = match[1];
      if (first === undefined) first = { account, where: `${listName}[${index}]` };
      else if (account !== first.account) {
        problems.push({
          path,
          message: `"${arn}" is in account ${account}, but ${first.where} is in account ${first.account}: policies are attached by name in the deploying account, so every admin and student must be a principal of that one account`,
        });
      }
    });
  }
  return problems;
}

/** A region with the right shape may still not exist; the schema reports the wrong shapes. */
function regionProblems(raw: Json): RuleProblem[] {
  const region = raw.region;
  if (typeof region !== "string" || !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(region) || AWS_REGIONS.includes(region)) return [];
  return [{ path: ["region"], message: `is not an AWS region in the bundled table (${AWS_REGIONS.length} regions, checked ${AWS_REGIONS_CHECKED_ON}${didYouMean(region, AWS_REGIONS)}), got "${region}"` }];
}

/** Instance types are checked against the table the capacity rule (and cost estimates) read. */
function instanceTypeProblems(raw: Json): RuleProblem[] {
  const known = [...EC2_INSTANCE_TYPES.keys()];
  const check = (type: unknown, path: (string | number)[], use: string): RuleProblem[] =>
    typeof type === "string" && /^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(type) && !EC2_INSTANCE_TYPES.has(type)
      ? [
          {
            path,
            message:
              `is not in the bundled instance type table (constructs/data/ec2-instance-types.ts, checked ${EC2_INSTANCE_TYPES_CHECKED_ON}${didYouMean(type, known)}): ` +
              `use a type from it (${use}) or add the type with its vCPUs, memory and network interfaces, got "${type}"`,
          },
        ]
      : [];
  return [
    ...check(field(raw.labs, "instanceType"), ["labs", "instanceType"], "it catches typos before EC2 does"),
    ...list(field(raw.cluster, "nodeGroups")).flatMap((group, index) =>
      list(field(group, "instanceTypes")).flatMap((type, typeIndex) => check(type, ["cluster", "nodeGroups", index, "instanceTypes", typeIndex], "the capacity rule sizes nodes with it")),
    ),
  ];
}

function didYouMean(word: string, candidates: readonly string[]): string {
  const suggestion = closestMatch(word, candidates);
  return suggestion === undefined ? "" : `; did you mean "${suggestion}"?`;
}
