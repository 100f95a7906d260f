import { HelloNodeLab } from "../constructs/cohort/hello-node-lab";
import { ServiceTypesLab } from "../constructs/cohort/service-types-lab";
import { WordpressLab } from "../constructs/cohort/wordpress-lab";
import { compareQuantities, parseQuantity } from "../constructs/core/kubernetes-quantity";
import { MysqlDatabase } from "../constructs/workloads/mysql-database";
import { HELLO_NODE_AUTOSCALING } from "../stacks/students-stack";
import { ROADMAP_WEEK } from "../stacks/weeks";

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

const validWeek = (week: unknown): week is number => typeof week === "number" && Number.isInteger(week) && week >= 1 && week <= 10;

export function crossFieldProblems(raw: unknown): RuleProblem[] {
  if (!isObject(raw)) return [];
  return [
    ...uniqueValues(list(raw.students), "students", "name", "every student needs a name of their own (it is their namespace)"),
    ...uniqueValues(list(raw.admins), "admins", "name", "admin names must be unique"),
    ...uniqueValues(list(raw.students), "students", "githubRepository", "each student's CI role trusts one repository; two students sharing it could deploy as each other"),
    ...uniquePrincipals(raw),
    ...nodeGroupProblems(list(field(raw.cluster, "nodeGroups"))),
    ...availabilityZoneProblems(raw),
    ...adminProblems(raw),
    ...labsProblems(raw),
    ...sharedRepositoryProblems(raw),
    ...labQuotaProblems(raw),
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
  zones.forEach((zone, index) => {
    if (typeof zone !== "string") return;
    const path = ["network", "availabilityZones", index];
    if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
      problems.push({ path, message: `must be a zone of the cohort's region ${region} (like ${region}a), got "${zone}"` });
    } else if (zones.indexOf(zone) !== index) {
      problems.push({ path, message: `"${zone}" is listed twice; each zone holds one public and one private subnet` });
    }
  });
  return problems;
}

function adminProblems(raw: Json): RuleProblem[] {
  const week = raw.throughWeek;
  // An out-of-range week is reported by the schema; do not pile a consequence of it on top.
  if (validWeek(week) && week >= CLUSTER_WEEK && list(raw.admins).length === 0) {
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

const QUOTA_DEFAULTS = { pods: 20, storage: "20Gi" } as const;

/**
 * The pods each lab runs at its peak (a rolling update adds one pod per Deployment), so that a
 * quota too small for the selected labs fails here, not as pods stuck at `terraform apply`.
 */
function labPeakPods(lab: string, week: number): number {
  switch (lab) {
    case "hello-node":
      return (week >= ROADMAP_WEEK.AUTOSCALING ? HELLO_NODE_AUTOSCALING.maxReplicas : HelloNodeLab.DEFAULT_REPLICAS) + 1;
    case "service-types":
      return ServiceTypesLab.REPLICAS + 1;
    case "wordpress":
      // The MySQL StatefulSet's one pod, and WordPress with its surge pod.
      return week >= ROADMAP_WEEK.EKS ? 1 + WordpressLab.REPLICAS + 1 : 0;
    default:
      return 0;
  }
}

function labQuotaProblems(raw: Json): RuleProblem[] {
  const week = raw.throughWeek;
  if (!validWeek(week) || week < ROADMAP_WEEK.KUBERNETES) return [];
  const labsValue = field(raw.workloads, "labs");
  const labs = Array.isArray(labsValue) ? labsValue.filter((lab): lab is string => typeof lab === "string") : ["hello-node", "service-types", "wordpress"];
  const problems: RuleProblem[] = [];

  const podsValue = field(raw.quota, "pods");
  const pods = typeof podsValue === "number" ? podsValue : QUOTA_DEFAULTS.pods;
  const needed = labs.reduce((sum, lab) => sum + labPeakPods(lab, week), 0);
  if (Number.isInteger(pods) && pods < needed) {
    problems.push({ path: ["quota", "pods"], message: `must be at least ${needed} for the labs ${labs.join(", ")} at week ${week} (their pods at the peak of a rolling update), got ${pods}` });
  }

  const storageValue = field(raw.quota, "storage");
  const storageText = typeof storageValue === "string" || typeof storageValue === "number" ? String(storageValue) : QUOTA_DEFAULTS.storage;
  const storage = parseQuantity(storageText, "bytes");
  const database = parseQuantity(MysqlDatabase.DEFAULT_STORAGE_SIZE, "bytes");
  if (week >= ROADMAP_WEEK.EKS && labs.includes("wordpress") && typeof storage !== "string" && typeof database !== "string" && compareQuantities(storage, database) < 0) {
    problems.push({ path: ["quota", "storage"], message: `must be at least ${MysqlDatabase.DEFAULT_STORAGE_SIZE} for the wordpress lab's database volume from week ${ROADMAP_WEEK.EKS}, got ${storageText}` });
  }
  return problems;
}
