import { z } from "zod";
import { HelloNodeLab } from "../constructs/cohort/hello-node-lab";
import { IAM_PRINCIPAL_ARN_PATTERN } from "../constructs/core/iam";
import { eksKubernetesVersion, eksVersionList, EKS_VERSIONS_CHECKED_ON, NEWEST_EKS_KUBERNETES_VERSION } from "../constructs/data/eks-kubernetes-versions";
import { isRfc1918, parseIpv4Cidr } from "../constructs/core/ipv4-cidr";
import { LOG_RETENTION_DAYS } from "../constructs/core/validation";
import { closestMatch } from "./did-you-mean";

/**
 * The cohort file contract. Every leaf carries the sentence that says what is allowed; the loader
 * adds the field path, the line and the bad value. Objects are strict: an unknown key is an error.
 */

export const COHORT_NAME_MAX = 20;
/** Student and admin names end up in IAM role names (64) after `<cohort>-<purpose>-`, and are namespaces. */
export const PERSON_NAME_MAX = 32;
export const MAX_STUDENTS = 500;
export const DEFAULT_KUBERNETES_VERSION = NEWEST_EKS_KUBERNETES_VERSION;

/** Namespaces the cluster or the platform's own services use; a student named like one would collide. */
export const RESERVED_NAMESPACES: readonly string[] = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "amazon-cloudwatch",
  "aws-observability",
  "cert-manager",
  "ingress",
  "istio-system",
  "istio-ingress",
  "karpenter",
  "logging",
  "monitoring",
  "platform",
];

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/[A-Za-z0-9._-]{1,100}$/;
const EC2_INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
/** Kubernetes resource quantity (apimachinery's `resource.Quantity`), e.g. `500m`, `2`, `4Gi`, `1e3`. */
const KUBERNETES_QUANTITY = /^\+?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[numkMGTPE]|[KMGTPE]i)?$/;
const SLACK_TEAM_ID = /^T[A-Z0-9]{8,11}$/;
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{8,11}$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** A string that must pass `test`; `allowed` is the whole message (what the value may be). */
function text(allowed: string, test: (value: string) => boolean = () => true) {
  return z.string({ error: allowed }).refine(test, { error: allowed });
}

function wholeNumber(min: number, max: number, allowed = `must be a whole number from ${min} to ${max}`) {
  // A number in quotes is a YAML string: say so, it is the one fix the organizer needs.
  const typeError = (issue: { input?: unknown }) =>
    typeof issue.input === "string" && /^\s*[-+]?\d+(\.\d+)?\s*$/.test(issue.input) ? `${allowed}; remove the quotes (YAML reads a quoted number as text)` : allowed;
  return z.int({ error: typeError }).min(min, { error: allowed }).max(max, { error: allowed });
}

function dnsLabel(min: number, max: number, what: string) {
  return text(
    `must be ${what}: ${min}-${max} lowercase letters, digits or '-', starting with a letter and not ending with '-'`,
    (value) => value.length >= min && value.length <= max && DNS_LABEL.test(value),
  );
}

/**
 * One of a few fixed values; a near miss (another case, `_` for `-`, a typo) gets a suggestion,
 * e.g. `must be ON_DEMAND or SPOT (did you mean "SPOT"?)`.
 */
function oneOf<const Values extends readonly [string, ...string[]]>(values: Values, allowed: string) {
  return z.enum(values, {
    error: (issue) => {
      const suggestion = typeof issue.input === "string" ? closestMatch(issue.input.replace(/_/g, "-"), values) ?? closestMatch(issue.input.replace(/-/g, "_"), values) : undefined;
      return suggestion === undefined ? allowed : `${allowed} (did you mean "${suggestion}"?)`;
    },
  });
}

/** YAML reads `cpu: 2` as a number; Kubernetes quantities are strings, so accept both. */
function quantity(example: string) {
  const allowed = `must be a Kubernetes quantity such as ${example}`;
  return z
    .union([z.string(), z.number()], { error: allowed })
    .transform((value) => String(value))
    .refine((value) => KUBERNETES_QUANTITY.test(value), { error: allowed });
}

function cidr(allowed: string, extra: (prefix: number, privateRange: boolean) => boolean = () => true) {
  return text(allowed, (value) => {
    const parsed = parseIpv4Cidr(value);
    return typeof parsed !== "string" && extra(parsed.prefixLength, isRfc1918(parsed));
  });
}

function s3BucketName(value: string): boolean {
  return (
    S3_BUCKET.test(value) &&
    !value.includes("..") &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(value) &&
    !value.startsWith("xn--") &&
    !value.startsWith("sthree-") &&
    !value.endsWith("-s3alias") &&
    !value.endsWith("--ol-s3")
  );
}

/** A strict object whose unknown-key error suggests the closest allowed key and lists them all. */
function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const keys = Object.keys(shape);
  const describe = (key: string) => {
    const suggestion = closestMatch(key, keys);
    return suggestion === undefined ? `"${key}"` : `"${key}" (did you mean "${suggestion}"?)`;
  };
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map(describe).join(", ")}; allowed keys are ${keys.join(", ")}`
        : "must be a mapping (key: value pairs)",
  });
}

const KUBERNETES_VERSION_RULE = `must be a quoted Kubernetes version EKS offers: ${eksVersionList()} (as of ${EKS_VERSIONS_CHECKED_ON})`;

/** `YYYY-MM-DD` naming a real calendar day. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const principalArn = text(
  "must be the ARN of an IAM user or role, like arn:aws:iam::123456789012:role/Name (an assumed-role session ARN is not accepted)",
  (value) => IAM_PRINCIPAL_ARN_PATTERN.test(value),
);

const networkSchema = strictObject({
  cidr: cidr("must be an RFC 1918 IPv4 network (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) with a prefix from /16 to /20, host bits zero", (prefix, privateRange) => privateRange && prefix >= 16 && prefix <= 20).default("10.0.0.0/16"),
  availabilityZones: z
    .union(
      [
        wholeNumber(2, 4, "must be a whole number from 2 to 4, or a list of 2 to 4 availability zone names"),
        z
          .array(text("must be an availability zone name like ap-northeast-2a", (value) => /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d[a-z]$/.test(value)))
          .min(2)
          .max(4),
      ],
      { error: "must be a whole number from 2 to 4, or a list of 2 to 4 availability zone names" },
    )
    .default(3),
  natGateways: oneOf(["single", "one-per-az", "none"], "must be one of single, one-per-az, none").default("single"),
});

const taintSchema = strictObject({
  key: text("must be a label key like dedicated or example.com/role", (value) => /^([a-z0-9.-]{1,253}\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(value)),
  value: text("must be at most 63 letters, digits, '-', '_' or '.'", (value) => /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/.test(value)).optional(),
  effect: oneOf(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"], "must be one of NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE"),
});

const nodeGroupSchema = strictObject({
  name: dnsLabel(1, 32, "a node group name"),
  instanceTypes: z
    .array(text("must be an EC2 instance type like t3.large", (value) => EC2_INSTANCE_TYPE.test(value)), { error: "must be a list of EC2 instance types" })
    .min(1, { error: "must list at least one instance type" })
    .max(20, { error: "must list at most 20 instance types" })
    .refine((types) => new Set(types).size === types.length, { error: "must not list an instance type twice" }),
  capacityType: oneOf(["ON_DEMAND", "SPOT"], "must be ON_DEMAND or SPOT").default("ON_DEMAND"),
  minSize: wholeNumber(0, 100),
  desiredSize: wholeNumber(0, 100),
  maxSize: wholeNumber(1, 100),
  diskSizeGiB: wholeNumber(20, 16384).default(50),
  labels: z.record(z.string(), text("must be a string"), { error: "must be a mapping of label keys to values" }).default({}),
  taints: z.array(taintSchema, { error: "must be a list of taints" }).default([]),
});

/**
 * The node group a cohort file without `cluster.nodeGroups` gets: three on-demand t3.xlarge (one
 * per zone of the default three, about a dozen students' labs), up to six.
 */
export const DEFAULT_NODE_GROUP: z.input<typeof nodeGroupSchema> = { name: "general", instanceTypes: ["t3.xlarge"], minSize: 3, desiredSize: 3, maxSize: 6 };

const clusterSchema = strictObject({
  version: z
    .union([z.string(), z.number()], { error: KUBERNETES_VERSION_RULE })
    .superRefine((value, ctx) => {
      if (typeof value === "number") {
        ctx.addIssue({ code: "custom", message: `${KUBERNETES_VERSION_RULE}; YAML reads an unquoted version as a number, so write it in quotes` });
      } else if (eksKubernetesVersion(value) === undefined) {
        ctx.addIssue({ code: "custom", message: KUBERNETES_VERSION_RULE });
      }
    })
    .transform((value) => String(value))
    .default(DEFAULT_KUBERNETES_VERSION),
  supportType: oneOf(["STANDARD", "EXTENDED"], "must be STANDARD or EXTENDED (EXTENDED keeps a version 12 months longer at $0.60 instead of $0.10 per cluster-hour)").default("STANDARD"),
  publicAccessCidrs: z
    .array(cidr("must be an IPv4 CIDR block (host bits zero) that is not 0.0.0.0/0; list the networks students work from", (prefix) => prefix > 0), { error: "must be a list of IPv4 CIDR blocks" })
    .max(40, { error: "must list at most 40 CIDR blocks (the EKS limit)" })
    .default([]),
  nodeGroups: z
    .array(nodeGroupSchema, { error: "must be a list of node groups" })
    .min(1, { error: "must list at least one node group" })
    .prefault([DEFAULT_NODE_GROUP]),
  connection: strictObject({
    kubeconfig: text("must be the path of a kubeconfig file, like ~/.kube/config", (value) => value.trim().length > 0),
    context: text("must be a context name of the kubeconfig file, like kind-kind", (value) => value.trim().length > 0).optional(),
    serviceCidr: cidr("must be the cluster's Service (ClusterIP) range as a CIDR block, like 10.96.0.0/12 (kind and kubeadm)").optional(),
  }).optional(),
});

const personSchema = strictObject({
  name: dnsLabel(1, PERSON_NAME_MAX, "a DNS-1123 label"),
  principalArn,
});

const studentSchema = strictObject({
  name: dnsLabel(1, PERSON_NAME_MAX, "a DNS-1123 label (it becomes the student's namespace)").refine((value) => !RESERVED_NAMESPACES.includes(value) && !value.startsWith("kube-"), {
    error: `must not be a namespace the platform uses (${RESERVED_NAMESPACES.join(", ")}, or any kube-*)`,
  }),
  principalArn,
  githubRepository: text("must be a GitHub repository as owner/name, like minsu-kim/hello-node", (value) => GITHUB_REPOSITORY.test(value)).optional(),
});

const quotaSchema = strictObject({
  cpu: quantity('"2" or 1500m').default("2"),
  memory: quantity("4Gi or 512Mi").default("4Gi"),
  pods: wholeNumber(1, 1000).default(20),
  loadBalancers: wholeNumber(0, 10).default(0),
  storage: quantity("20Gi").default("20Gi"),
});

const notificationsSchema = strictObject({
  emails: z.array(z.email({ error: "must be an e-mail address like organizer@example.com" }), { error: "must be a list of e-mail addresses" }).default([]),
  slack: strictObject({
    teamId: text("must be a Slack workspace (team) id like T0123ABCD", (value) => SLACK_TEAM_ID.test(value)),
    channelId: text("must be a Slack channel id like C0123ABCD", (value) => SLACK_CHANNEL_ID.test(value)),
  }).optional(),
});

/** The Kubernetes labs a cohort can run in every student's namespace (ROADMAP.md, "The labs"). */
export const KUBERNETES_LABS = ["hello-node", "service-types", "wordpress"] as const;
export type KubernetesLab = (typeof KUBERNETES_LABS)[number];
export const MAX_STUDENT_SHARDS = 50;
const CONTAINER_IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

const workloadsSchema = strictObject({
  shards: wholeNumber(1, MAX_STUDENT_SHARDS, `must be a whole number from 1 to ${MAX_STUDENT_SHARDS} (one <cohort>-students-N stack each; about 50 students per shard keeps a plan fast)`).default(1),
  labs: z
    .array(oneOf(KUBERNETES_LABS, `must be one of ${KUBERNETES_LABS.join(", ")}`), { error: `must be a list of labs (${KUBERNETES_LABS.join(", ")})` })
    .refine((labs) => new Set(labs).size === labs.length, { error: "must not list a lab twice" })
    .default([...KUBERNETES_LABS]),
  helloNodeImage: text("must be a container image reference like registry.example.com/team/app:1.0", (value) => value.length <= 255 && CONTAINER_IMAGE.test(value)).default(HelloNodeLab.DEFAULT_IMAGE),
  ingressScheme: oneOf(["internet-facing", "internal"], "must be internet-facing or internal").default("internet-facing"),
});

const LOG_RETENTION_RULE = `must be one of the retention periods CloudWatch Logs offers, in days: ${LOG_RETENTION_DAYS.join(", ")}`;

const monitoringSchema = strictObject({
  retentionDays: wholeNumber(7, 365, "must be a whole number of days from 7 to 365 (how long Prometheus keeps samples; 84 covers the ten weeks and two more)").default(84),
  storageGiB: wholeNumber(10, 1000, "must be a whole number of GiB from 10 to 1000 (Prometheus's gp3 volume)").default(50),
  grafanaAccessCidrs: z
    .array(cidr("must be an IPv4 CIDR block (host bits zero) that is not 0.0.0.0/0; list the networks that may open Grafana", (prefix) => prefix > 0), { error: "must be a list of IPv4 CIDR blocks" })
    .max(20, { error: "must list at most 20 CIDR blocks" })
    .default([]),
  scrapeSampleLimit: wholeNumber(100, 100000, "must be a whole number from 100 to 100000 (samples one scrape of a student's ServiceMonitor or PodMonitor may return)").default(5000),
  scrapeTargetLimit: wholeNumber(1, 1000, "must be a whole number from 1 to 1000 (targets one student's ServiceMonitor or PodMonitor may discover)").default(20),
});

const logsSchema = strictObject({
  retentionDays: wholeNumber(1, 3653, LOG_RETENTION_RULE)
    .refine((value) => LOG_RETENTION_DAYS.includes(value), { error: LOG_RETENTION_RULE })
    .default(30),
  encryptWithKmsKey: z.boolean({ error: "must be true or false (true: a customer managed KMS key, $1 a month, encrypts the log groups)" }).default(false),
  platformLogs: oneOf(["all", "warnings", "none"], "must be one of all, warnings, none (which lines of the platform's namespaces reach the platform log group)").default("warnings"),
  dropDebugLines: z.boolean({ error: "must be true or false (true: lines of students' containers that log at debug or trace level are not shipped)" }).default(true),
});

const TAG_KEY_RULE = "must be a tag key of 1-128 characters, not starting with aws: and not Cohort or ManagedBy (the platform sets those)";
/** IANA zone names as EventBridge Scheduler takes them (canonical spelling). */
function isTimeZone(value: string): boolean {
  return value === "UTC" || Intl.supportedValuesOf("timeZone").includes(value);
}

const labsSchema = strictObject({
  instanceType: text("must be an EC2 instance type like t3.small", (value) => EC2_INSTANCE_TYPE.test(value)).default("t3.small"),
  rootVolumeGiB: wholeNumber(8, 16384).default(30),
  dailyStop: strictObject({
    time: text('must be a 24-hour time HH:MM like "23:00" (quote it in YAML)', (value) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value)),
    timezone: text("must be an IANA time zone like Asia/Seoul or UTC", isTimeZone).default("UTC"),
  }).optional(),
});

/** ECR's repository name rule (each path segment). */
const ECR_SEGMENT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

const registrySchema = strictObject({
  sharedRepositories: z
    .array(text("must be a repository name: lowercase letters, digits, '.', '_' or '-' between letters or digits, like base-images", (value) => value.length <= 64 && ECR_SEGMENT.test(value)), {
      error: "must be a list of repository names",
    })
    .default([]),
  keepTaggedImages: wholeNumber(1, 1000).default(20),
  untaggedExpiryDays: wholeNumber(1, 3650).default(3),
  forceDelete: z.boolean({ error: "must be true or false" }).default(false),
  pullThroughCache: z.boolean({ error: "must be true or false" }).default(true),
});

const githubSchema = strictObject({
  oidcProvider: text(
    'must be "create" or the ARN of the account\'s existing GitHub OIDC provider (arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com)',
    (value) => value === "create" || /^arn:aws(-cn|-us-gov)?:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(value),
  ).default("create"),
  deployBranch: text('must be a branch name like main, or "*" for any branch, tag or pull request', (value) => value === "*" || /^(?!\/|.*\/\/|.*\.\.|.*\/$)[A-Za-z0-9._\/-]{1,200}$/.test(value)).default("main"),
});

const tagsSchema = z
  .record(z.string(), text("must be a tag value of at most 256 characters", (value) => value.length <= 256), { error: "must be a mapping of tag keys to string values" })
  .superRefine((tags, ctx) => {
    for (const key of Object.keys(tags)) {
      if (key.length > 128 || key.toLowerCase().startsWith("aws:") || key === "Cohort" || key === "ManagedBy") {
        ctx.addIssue({ code: "custom", path: [key], message: TAG_KEY_RULE, input: key });
      }
    }
  })
  .default({});

export const cohortSchema = strictObject({
  name: dnsLabel(3, COHORT_NAME_MAX, "a DNS-1123 label"),
  region: text("must be an AWS region like ap-northeast-2", (value) => AWS_REGION.test(value)),
  throughWeek: wholeNumber(1, 10),
  startDate: z
    .union([z.string(), z.date()], { error: 'must be the first day of week 1 as a date like "2027-03-02" (YYYY-MM-DD)' })
    .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
    .refine(isCalendarDate, { error: 'must be the first day of week 1 as a date like "2027-03-02" (YYYY-MM-DD)' })
    .optional(),
  tags: tagsSchema,
  stateBackend: strictObject({
    bucket: text("must be an S3 bucket name: 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit", s3BucketName),
  }).optional(),
  network: networkSchema.prefault({}),
  cluster: clusterSchema.prefault({}),
  admins: z.array(personSchema, { error: "must be a list of admins" }).default([]),
  students: z.array(studentSchema, { error: "must be a list of students" }).max(MAX_STUDENTS, { error: `must list at most ${MAX_STUDENTS} students (each gets IAM roles; an account allows 1000 by default)` }).default([]),
  labs: labsSchema.prefault({}),
  registry: registrySchema.prefault({}),
  github: githubSchema.prefault({}),
  quota: quotaSchema.prefault({}),
  workloads: workloadsSchema.prefault({}),
  notifications: notificationsSchema.prefault({}),
  budget: strictObject({
    monthlyUsd: wholeNumber(1, 1_000_000, "must be a whole number of US dollars from 1 to 1000000 (the monthly cost AWS Budgets alerts on)"),
  }).optional(),
  monitoring: monitoringSchema.prefault({}),
  logs: logsSchema.prefault({}),
});

/** The cohort file after validation, with every default applied. */
export type CohortConfig = z.output<typeof cohortSchema>;
export type StudentConfig = CohortConfig["students"][number];
