import { stringify } from "yaml";
import { clusterSupportNotes, cohortCalendar } from "../config/cohort-calendar";
import { nodeAllocatable } from "../config/cluster-capacity";
import { placeholderWarnings } from "../config/cohort-warnings";
import { closestMatch } from "../config/did-you-mean";
import { EC2_INSTANCE_TYPES } from "../constructs/data/ec2-instance-types";
import { DEFAULT_KUBERNETES_VERSION, MAX_STUDENTS } from "../config/cohort-schema";
import { eksKubernetesVersion, EKS_KUBERNETES_VERSIONS, EKS_VERSIONS_CHECKED_ON, NEWEST_EKS_KUBERNETES_VERSION } from "../constructs/data/eks-kubernetes-versions";
import { CohortConfigError, parseCohortYaml, type CohortProblem } from "../config/load-cohort";
import { cohortWith, exampleCohortData, problemsOf, TEST_TODAY } from "./helpers";

function problemsOfYaml(text: string): readonly CohortProblem[] {
  try {
    parseCohortYaml(text, "inline.yaml", { today: TEST_TODAY });
  } catch (error) {
    if (error instanceof CohortConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the cohort to be rejected, but it was accepted");
}

const DNS_LABEL_RULE = "1-32 lowercase letters, digits or '-', starting with a letter and not ending with '-'";

describe("the example cohort", () => {
  test("is valid, with a realistic roster and every section", () => {
    const cohort = cohortWith();
    expect(cohort.name).toBe("devops-2026");
    expect(cohort.students.length).toBeGreaterThanOrEqual(12);
    expect(cohort.stateBackend?.bucket).toBeDefined();
    expect(cohort.notifications.slack).toBeDefined();
    expect(cohort.cluster.nodeGroups.map((group) => group.capacityType)).toEqual(["ON_DEMAND", "SPOT"]);
  });
});

describe("defaults", () => {
  test("a minimal cohort gets the documented defaults", () => {
    const cohort = parseCohortYaml("name: tiny-cohort\nregion: eu-west-1\nthroughWeek: 1\n", "tiny.yaml", { today: TEST_TODAY });
    expect(cohort.network).toEqual({ cidr: "10.0.0.0/16", availabilityZones: 3, natGateways: "single" });
    expect(cohort.cluster.version).toBe(DEFAULT_KUBERNETES_VERSION);
    expect(cohort.cluster.publicAccessCidrs).toEqual([]);
    expect(cohort.cluster.nodeGroups).toEqual([
      { name: "general", instanceTypes: ["t3.xlarge"], capacityType: "ON_DEMAND", minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGiB: 50, labels: {}, taints: [] },
    ]);
    expect(cohort.cluster.supportType).toBe("STANDARD");
    expect(cohort.startDate).toBeUndefined();
    expect(cohort.quota).toEqual({ cpu: "2", memory: "4Gi", pods: 20, loadBalancers: 0, storage: "20Gi" });
    expect(cohort.stateBackend).toBeUndefined();
    expect(cohort.students).toEqual([]);
    expect(cohort.tags).toEqual({});
    expect(cohort.labs).toEqual({ instanceType: "t3.small", rootVolumeGiB: 30 });
    expect(cohort.registry).toEqual({ sharedRepositories: [], keepTaggedImages: 20, untaggedExpiryDays: 3, forceDelete: false, pullThroughCache: true });
    expect(cohort.github).toEqual({ oidcProvider: "create", deployBranch: "main" });
  });

  test("a daily stop without a time zone runs on UTC", () => {
    expect(cohortWith((data) => (data.labs.dailyStop = { time: "22:30" })).labs.dailyStop).toEqual({ time: "22:30", timezone: "UTC" });
  });

  test("a numeric quota quantity is accepted and kept as a Kubernetes string", () => {
    expect(cohortWith((data) => (data.quota.cpu = 4)).quota.cpu).toBe("4");
  });

  test("availability zones may be given by name", () => {
    const cohort = cohortWith((data) => (data.network.availabilityZones = ["ap-northeast-2a", "ap-northeast-2c"]));
    expect(cohort.network.availabilityZones).toEqual(["ap-northeast-2a", "ap-northeast-2c"]);
  });
});

describe("each rule names the field, the bad value and what is allowed", () => {
  test.each<[string, (data: Record<string, any>) => void, string]>([
    ["cohort name format", (d) => (d.name = "Devops_2026"), `name: must be a DNS-1123 label: 3-20 lowercase letters, digits or '-', starting with a letter and not ending with '-', got "Devops_2026"`],
    ["cohort name length", (d) => (d.name = "a-very-long-cohort-name"), `name: must be a DNS-1123 label: 3-20 lowercase letters, digits or '-', starting with a letter and not ending with '-', got "a-very-long-cohort-name"`],
    ["region", (d) => (d.region = "seoul"), `region: must be an AWS region like ap-northeast-2, got "seoul"`],
    ["throughWeek range", (d) => (d.throughWeek = 11), "throughWeek: must be a whole number from 1 to 10, got 11"],
    ["throughWeek whole", (d) => (d.throughWeek = 2.5), "throughWeek: must be a whole number from 1 to 10, got 2.5"],
    ["throughWeek in quotes", (d) => (d.throughWeek = "6"), `throughWeek: must be a whole number from 1 to 10; remove the quotes (YAML reads a quoted number as text), got "6"`],
    ["an unknown key unlike any", (d) => (d.cluster.flavour = "eks"), `cluster: unknown key "flavour"; allowed keys are version, supportType, publicAccessCidrs, nodeGroups, connection`],
    ["unknown top-level key", (d) => (d.throughweek = 3), `: unknown key "throughweek" (did you mean "throughWeek"?); allowed keys are name, region, throughWeek, startDate, tags, stateBackend, network, cluster, admins, students, labs, registry, github, quota, workloads, notifications, budget, monitoring, logs`],
    ["unknown nested key", (d) => (d.network.natGateway = "single"), `network: unknown key "natGateway" (did you mean "natGateways"?); allowed keys are cidr, availabilityZones, natGateways`],
    ["reserved tag key", (d) => (d.tags.Cohort = "x"), `tags.Cohort: must be a tag key of 1-128 characters, not starting with aws: and not Cohort or ManagedBy (the platform sets those), got "Cohort"`],
    ["aws: tag key", (d) => (d.tags["aws:owner"] = "x"), `tags.aws:owner: must be a tag key of 1-128 characters, not starting with aws: and not Cohort or ManagedBy (the platform sets those), got "aws:owner"`],
    ["state bucket name", (d) => (d.stateBackend.bucket = "My_Bucket"), `stateBackend.bucket: must be an S3 bucket name: 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit, got "My_Bucket"`],
    ["state bucket like an IP", (d) => (d.stateBackend.bucket = "192.168.1.1"), `stateBackend.bucket: must be an S3 bucket name: 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit, got "192.168.1.1"`],
    ["VPC CIDR not RFC 1918", (d) => (d.network.cidr = "8.8.0.0/16"), `network.cidr: must be an RFC 1918 IPv4 network (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) with a prefix from /16 to /20, host bits zero, got "8.8.0.0/16"`],
    ["VPC CIDR too small", (d) => (d.network.cidr = "10.20.0.0/24"), `network.cidr: must be an RFC 1918 IPv4 network (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) with a prefix from /16 to /20, host bits zero, got "10.20.0.0/24"`],
    ["VPC CIDR host bits", (d) => (d.network.cidr = "10.20.1.0/16"), `network.cidr: must be an RFC 1918 IPv4 network (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) with a prefix from /16 to /20, host bits zero, got "10.20.1.0/16"`],
    ["AZ count", (d) => (d.network.availabilityZones = 7), "network.availabilityZones: must be a whole number from 2 to 4, or a list of 2 to 4 availability zone names, got 7"],
    ["AZ of another region", (d) => (d.network.availabilityZones = ["ap-northeast-2a", "us-east-1b"]), `network.availabilityZones[1]: must be a zone of the cohort's region ap-northeast-2 (like ap-northeast-2a), got "us-east-1b"`],
    ["AZ listed twice", (d) => (d.network.availabilityZones = ["ap-northeast-2a", "ap-northeast-2a"]), `network.availabilityZones[1]: "ap-northeast-2a" is listed twice; each zone holds one public and one private subnet`],
    ["NAT mode", (d) => (d.network.natGateways = "two"), `network.natGateways: must be one of single, one-per-az, none, got "two"`],
    ["unquoted Kubernetes version", (d) => (d.cluster.version = 1.3), `cluster.version: must be a quoted Kubernetes version EKS offers: "1.36", "1.35", "1.34", "1.33", "1.32" (as of 2026-12-01); YAML reads an unquoted version as a number, so write it in quotes, got 1.3`],
    ["unsupported Kubernetes version", (d) => (d.cluster.version = "1.20"), `cluster.version: must be a quoted Kubernetes version EKS offers: "1.36", "1.35", "1.34", "1.33", "1.32" (as of 2026-12-01), got "1.20"`],
    ["version EKS no longer offers", (d) => (d.cluster.version = "1.31"), `cluster.version: must be a quoted Kubernetes version EKS offers: "1.36", "1.35", "1.34", "1.33", "1.32" (as of 2026-12-01), got "1.31"`],
    ["support type", (d) => (d.cluster.supportType = "extended"), `cluster.supportType: must be STANDARD or EXTENDED (EXTENDED keeps a version 12 months longer at $0.60 instead of $0.10 per cluster-hour) (did you mean "EXTENDED"?), got "extended"`],
    ["start date shape", (d) => (d.startDate = "2027-3-2"), `startDate: must be the first day of week 1 as a date like "2027-03-02" (YYYY-MM-DD), got "2027-3-2"`],
    ["start date that is no day", (d) => (d.startDate = "2027-02-30"), `startDate: must be the first day of week 1 as a date like "2027-03-02" (YYYY-MM-DD), got "2027-02-30"`],
    ["public access to the whole internet", (d) => (d.cluster.publicAccessCidrs = ["0.0.0.0/0"]), `cluster.publicAccessCidrs[0]: must be an IPv4 CIDR block (host bits zero) that is not 0.0.0.0/0; list the networks students work from, got "0.0.0.0/0"`],
    ["node group sizes out of order", (d) => Object.assign(d.cluster.nodeGroups[0], { minSize: 3, desiredSize: 2, maxSize: 6 }), "cluster.nodeGroups[0].desiredSize: must be from minSize (3) to maxSize (6), got 2"],
    ["node group min above max", (d) => Object.assign(d.cluster.nodeGroups[0], { minSize: 7, desiredSize: 7, maxSize: 6 }), "cluster.nodeGroups[0].maxSize: must be at least minSize (7), got 6"],
    ["node group name twice", (d) => (d.cluster.nodeGroups[1].name = "general"), `cluster.nodeGroups[1].name: "general" is already used by cluster.nodeGroups[0]; node group names must be unique`],
    ["capacity type", (d) => (d.cluster.nodeGroups[0].capacityType = "spot"), `cluster.nodeGroups[0].capacityType: must be ON_DEMAND or SPOT (did you mean "SPOT"?), got "spot"`],
    ["instance type shape", (d) => (d.cluster.nodeGroups[0].instanceTypes = ["large"]), `cluster.nodeGroups[0].instanceTypes[0]: must be an EC2 instance type like t3.large, got "large"`],
    ["no instance types", (d) => (d.cluster.nodeGroups[0].instanceTypes = []), "cluster.nodeGroups[0].instanceTypes: must list at least one instance type, got a list of 0"],
    ["disk size", (d) => (d.cluster.nodeGroups[0].diskSizeGiB = 8), "cluster.nodeGroups[0].diskSizeGiB: must be a whole number from 20 to 16384, got 8"],
    ["taint effect", (d) => (d.cluster.nodeGroups[1].taints[0].effect = "NoSchedule"), `cluster.nodeGroups[1].taints[0].effect: must be one of NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE (did you mean "NO_SCHEDULE"?), got "NoSchedule"`],
    ["no admin once the cluster exists", (d) => Object.assign(d, { throughWeek: 5, admins: [] }), "admins: must list at least one admin from week 5 on (throughWeek is 5): the cluster's creator gets no admin access, so without an admin nobody could administer it"],
    ["student name format", (d) => (d.students[3].name = "Hayoon.Choi"), `students[3].name: must be a DNS-1123 label (it becomes the student's namespace): ${DNS_LABEL_RULE}, got "Hayoon.Choi"`],
    ["student name length", (d) => (d.students[0].name = "a".repeat(33)), `students[0].name: must be a DNS-1123 label (it becomes the student's namespace): ${DNS_LABEL_RULE}, got "${"a".repeat(33)}"`],
    ["student named like a platform namespace", (d) => (d.students[0].name = "monitoring"), `students[0].name: must not be a namespace the platform uses (default, kube-system, kube-public, kube-node-lease, amazon-cloudwatch, aws-observability, cert-manager, ingress, istio-system, istio-ingress, karpenter, logging, monitoring, platform, or any kube-*), got "monitoring"`],
    ["student name twice", (d) => (d.students[5].name = "minsu-kim"), `students[5].name: "minsu-kim" is already used by students[0]; every student needs a name of their own (it is their namespace)`],
    ["assumed-role ARN", (d) => (d.students[1].principalArn = "arn:aws:sts::123456789012:assumed-role/Student/jiyeon"), `students[1].principalArn: must be the ARN of an IAM user or role, like arn:aws:iam::123456789012:role/Name (an assumed-role session ARN is not accepted), got "arn:aws:sts::123456789012:assumed-role/Student/jiyeon"`],
    ["principal shared by an admin and a student", (d) => (d.students[2].principalArn = d.admins[0].principalArn), `students[2].principalArn: "arn:aws:iam::123456789012:role/Organizer" is already used by admins[0]; one IAM principal can hold only one EKS access entry, so each person needs their own`],
    ["GitHub repository format", (d) => (d.students[0].githubRepository = "hello-node"), `students[0].githubRepository: must be a GitHub repository as owner/name, like minsu-kim/hello-node, got "hello-node"`],
    ["GitHub repository shared", (d) => (d.students[1].githubRepository = d.students[0].githubRepository), `students[1].githubRepository: "minsu-kim/hello-node" is already used by students[0]; each student's CI role trusts one repository; two students sharing it could deploy as each other`],
    ["admin name format", (d) => (d.admins[0].name = "Organizer"), `admins[0].name: must be a DNS-1123 label: ${DNS_LABEL_RULE}, got "Organizer"`],
    ["lab instance type", (d) => (d.labs.instanceType = "small"), `labs.instanceType: must be an EC2 instance type like t3.small, got "small"`],
    ["lab root volume", (d) => (d.labs.rootVolumeGiB = 4), "labs.rootVolumeGiB: must be a whole number from 8 to 16384, got 4"],
    ["daily stop time", (d) => (d.labs.dailyStop.time = "11pm"), `labs.dailyStop.time: must be a 24-hour time HH:MM like "23:00" (quote it in YAML), got "11pm"`],
    ["daily stop time zone", (d) => (d.labs.dailyStop.timezone = "KST"), `labs.dailyStop.timezone: must be an IANA time zone like Asia/Seoul or UTC, got "KST"`],
    ["labs without NAT", (d) => Object.assign(d, { throughWeek: 2, network: { ...d.network, natGateways: "none" } }), `network.natGateways: must be single or one-per-az from week 2 on (throughWeek is 2): lab workstations reach Systems Manager and install Docker through NAT, got "none"`],
    ["shared repository name", (d) => (d.registry.sharedRepositories = ["Base_Images"]), `registry.sharedRepositories[0]: must be a repository name: lowercase letters, digits, '.', '_' or '-' between letters or digits, like base-images, got "Base_Images"`],
    ["shared repository named like a student", (d) => (d.registry.sharedRepositories = ["minsu-kim"]), `registry.sharedRepositories[0]: "minsu-kim" is also a student's name; both would be the repository <cohort>/minsu-kim`],
    ["lifecycle count", (d) => (d.registry.keepTaggedImages = 0), "registry.keepTaggedImages: must be a whole number from 1 to 1000, got 0"],
    ["forceDelete as a string", (d) => (d.registry.forceDelete = "yes"), `registry.forceDelete: must be true or false, got "yes"`],
    ["OIDC provider", (d) => (d.github.oidcProvider = "arn:aws:iam::123456789012:oidc-provider/gitlab.com"), `github.oidcProvider: must be "create" or the ARN of the account's existing GitHub OIDC provider (arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com), got "arn:aws:iam::123456789012:oidc-provider/gitlab.com"`],
    ["deploy branch", (d) => (d.github.deployBranch = "feature branch"), `github.deployBranch: must be a branch name like main, or "*" for any branch, tag or pull request, got "feature branch"`],
    ["CPU quantity", (d) => (d.quota.cpu = "two"), `quota.cpu: must be a Kubernetes quantity such as "2" or 1500m, got "two"`],
    ["memory quantity", (d) => (d.quota.memory = "4GB"), `quota.memory: must be a Kubernetes quantity such as 4Gi or 512Mi, got "4GB"`],
    ["pods", (d) => (d.quota.pods = 0), "quota.pods: must be a whole number from 1 to 1000, got 0"],
    ["student shards", (d) => (d.workloads.shards = 0), "workloads.shards: must be a whole number from 1 to 50 (one <cohort>-students-N stack each; about 50 students per shard keeps a plan fast), got 0"],
    ["unknown lab", (d) => (d.workloads.labs = ["hello-node", "guestbook"]), `workloads.labs[1]: must be one of hello-node, service-types, wordpress, got "guestbook"`],
    ["lab listed twice", (d) => (d.workloads.labs = ["wordpress", "wordpress"]), "workloads.labs: must not list a lab twice, got a list of 2"],
    ["hello-node image", (d) => (d.workloads.helloNodeImage = "Hello Node"), `workloads.helloNodeImage: must be a container image reference like registry.example.com/team/app:1.0, got "Hello Node"`],
    ["ingress scheme", (d) => (d.workloads.ingressScheme = "public"), `workloads.ingressScheme: must be internet-facing or internal, got "public"`],
    ["NAT mode with an underscore", (d) => (d.network.natGateways = "one_per_az"), `network.natGateways: must be one of single, one-per-az, none (did you mean "one-per-az"?), got "one_per_az"`],
    ["pod quota too small for the labs", (d) => Object.assign(d, { throughWeek: 6, quota: { ...d.quota, pods: 8 } }), "quota.pods: must be at least 11 for the labs hello-node, service-types, wordpress at week 6 (their pods at the peak of a rolling update), got 8"],
    ["pod quota too small for autoscaling hello-node", (d) => Object.assign(d, { throughWeek: 9, quota: { ...d.quota, pods: 8 }, workloads: { labs: ["hello-node"] } }), "quota.pods: must be at least 9 for the labs hello-node at week 9 (their pods at the peak of a rolling update), got 8"],
    ["storage quota too small for WordPress", (d) => Object.assign(d, { throughWeek: 6, quota: { ...d.quota, storage: "5Gi" } }), "quota.storage: must be at least 10Gi for the wordpress lab's database volume from week 6, got 5Gi"],
    ["e-mail", (d) => (d.notifications.emails = ["organizer-at-example.com"]), `notifications.emails[0]: must be an e-mail address like organizer@example.com, got "organizer-at-example.com"`],
    ["Slack team id", (d) => (d.notifications.slack.teamId = "myteam"), `notifications.slack.teamId: must be a Slack workspace (team) id like T0123ABCD, got "myteam"`],
    ["Slack channel id", (d) => (d.notifications.slack.channelId = "#general"), `notifications.slack.channelId: must be a Slack channel id like C0123ABCD, got "#general"`],
    ["Prometheus volume size in quotes", (d) => (d.monitoring = { storageGiB: "50" }), `monitoring.storageGiB: must be a whole number of GiB from 10 to 1000 (Prometheus's gp3 volume); remove the quotes (YAML reads a quoted number as text), got "50"`],
    ["Grafana open to everyone", (d) => (d.monitoring = { grafanaAccessCidrs: ["0.0.0.0/0"] }), `monitoring.grafanaAccessCidrs[0]: must be an IPv4 CIDR block (host bits zero) that is not 0.0.0.0/0; list the networks that may open Grafana, got "0.0.0.0/0"`],
    [
      "Grafana's load balancer without EKS",
      (d) => Object.assign(d, { cluster: { connection: { kubeconfig: "~/.kube/config" } }, monitoring: { grafanaAccessCidrs: ["198.51.100.0/24"] } }),
      "monitoring.grafanaAccessCidrs: must be empty with cluster.connection: Grafana's load balancer needs the AWS Load Balancer Controller of the cohort's EKS cluster; open Grafana with kubectl port-forward instead",
    ],
    ["scrape sample limit", (d) => (d.monitoring = { scrapeSampleLimit: 10 }), "monitoring.scrapeSampleLimit: must be a whole number from 100 to 100000 (samples one scrape of a student's ServiceMonitor or PodMonitor may return), got 10"],
    [
      "log retention CloudWatch does not offer",
      (d) => (d.logs = { retentionDays: 45 }),
      "logs.retentionDays: must be one of the retention periods CloudWatch Logs offers, in days: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 45",
    ],
    ["platform log level with a typo", (d) => (d.logs = { platformLogs: "warning" }), `logs.platformLogs: must be one of all, warnings, none (which lines of the platform's namespaces reach the platform log group) (did you mean "warnings"?), got "warning"`],
    ["KMS switch as text", (d) => (d.logs = { encryptWithKmsKey: "yes" }), `logs.encryptWithKmsKey: must be true or false (true: a customer managed KMS key, $1 a month, encrypts the log groups), got "yes"`],
  ])("%s", (_rule, change, expected) => {
    expect(problemsOf(change)).toEqual([expected]);
  });

  test("a required field that is missing says so", () => {
    expect(problemsOf((d) => delete d.region)).toEqual(["region: is required; it must be an AWS region like ap-northeast-2"]);
  });

  test(`more than ${MAX_STUDENTS} students are refused`, () => {
    const problems = problemsOf((d) => {
      d.students = Array.from({ length: MAX_STUDENTS + 1 }, (_, i) => ({ name: `s${i}`, principalArn: `arn:aws:iam::123456789012:user/s${i}` }));
    });
    expect(problems).toEqual([`students: must list at most ${MAX_STUDENTS} students (each gets IAM roles; an account allows 1000 by default), got a list of ${MAX_STUDENTS + 1}`]);
  });
});

describe("reporting", () => {
  test("every problem is reported at once, in file order, with its line", () => {
    const data = exampleCohortData();
    data.region = "seoul";
    data.network.natGateways = "two";
    data.students[3].name = "Hayoon";
    const text = stringify(data);
    const problems = problemsOfYaml(text);
    const lines = text.split("\n");
    expect(problems.map((problem) => [problem.path, lines[(problem.line ?? 0) - 1]?.trim()])).toEqual([
      ["region", "region: seoul"],
      ["network.natGateways", "natGateways: two"],
      ["students[3].name", "- name: Hayoon"],
    ]);
  });

  test("the error message lists the file and each problem", () => {
    expect(() => parseCohortYaml("name: ok-name\nregion: seoul\nthroughWeek: 0\n", "cohort.yaml")).toThrow(
      [
        "Cohort file cohort.yaml has 2 problems; nothing was synthesized:",
        `  - region (line 2): must be an AWS region like ap-northeast-2, got "seoul"`,
        "  - throughWeek (line 3): must be a whole number from 1 to 10, got 0",
      ].join("\n"),
    );
  });

  test("the example-account warning names at most 20 fields, so a large roster stays one line", () => {
    const cohort = cohortWith((data) => {
      data.students = Array.from({ length: 300 }, (_, i) => ({ name: `s${i}`, principalArn: `arn:aws:iam::123456789012:user/s${i}` }));
    });
    const [warning] = placeholderWarnings(cohort).filter((w) => w.message.includes("documentation example"));
    expect(warning.message).toBe(
      "account 123456789012 is AWS's documentation example, in 302 principal ARNs (admins[0].principalArn, admins[1].principalArn, " +
        Array.from({ length: 18 }, (_, i) => `students[${i}].principalArn`).join(", ") +
        " and 282 more): use the principals of your own account",
    );
  });

  test("YAML syntax errors carry their line", () => {
    const problems = problemsOfYaml("name: ok-name\nregion: ap-northeast-2\nstudents: [\n  - broken\n");
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].message).toMatch(/^YAML syntax error: /);
    expect(problems[0].line).toBeGreaterThanOrEqual(3);
  });

  test("a duplicate key is a YAML error, not a silent override", () => {
    const problems = problemsOfYaml("name: ok-name\nname: other-name\nregion: ap-northeast-2\nthroughWeek: 1\n");
    expect(problems).toEqual([{ path: "", line: 2, message: "YAML syntax error: Map keys must be unique" }]);
  });

  test("an empty file is refused", () => {
    expect(problemsOfYaml("# nothing here\n")).toEqual([{ path: "", message: "the cohort file is empty; start from config/example-cohort.yaml" }]);
  });
});

describe("the cluster's Kubernetes version stays in EKS support for the whole cohort", () => {
  const cohortOn = (today: string, change: (data: Record<string, any>) => void) => {
    const data = exampleCohortData();
    change(data);
    return () => parseCohortYaml(stringify(data), "cohort.yaml", { today: new Date(`${today}T00:00:00Z`) });
  };
  const problemsOn = (today: string, change: (data: Record<string, any>) => void): string[] => {
    try {
      cohortOn(today, change)();
    } catch (error) {
      if (error instanceof CohortConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
      throw error;
    }
    throw new Error("expected the cohort to be rejected");
  };

  test("the example's version is in standard support for its whole run, and the default is the newest version", () => {
    const example = cohortWith();
    expect(example.cluster.version).toBe(NEWEST_EKS_KUBERNETES_VERSION);
    expect(example.cluster.supportType).toBe("STANDARD");
    expect(eksKubernetesVersion(example.cluster.version)!.endOfStandardSupport >= cohortCalendar(example.startDate, 1, TEST_TODAY).lastDay).toBe(true);
    expect(DEFAULT_KUBERNETES_VERSION).toBe("1.36");
  });

  test("with startDate, a version whose standard support ends before the last day is refused, naming both dates and the versions that fit", () => {
    expect(problemsOn("2026-11-01", (d) => Object.assign(d, { startDate: "2026-11-30", cluster: { ...d.cluster, version: "1.34" } }))).toEqual([
      `cluster.version: "1.34" leaves EKS standard support on 2026-12-02, before the cohort's last day 2027-02-08 (startDate 2026-11-30 + 10 weeks); ` +
        `after that EKS upgrades the control plane itself and every plan wants to downgrade it. Choose a version supported through that day: "1.36", "1.35", ` +
        `or set cluster.supportType: EXTENDED to keep "1.34" until 2027-12-02 ($0.50 more per cluster-hour, about $365 a month)`,
    ]);
  });

  test("EXTENDED support is the explicit opt-in that keeps such a version", () => {
    const cohort = cohortOn("2026-11-01", (d) => Object.assign(d, { startDate: "2026-11-30", cluster: { ...d.cluster, version: "1.34", supportType: "EXTENDED" } }))();
    expect(cohort.cluster.supportType).toBe("EXTENDED");
  });

  test("a version past even extended support by the last day is refused with no EXTENDED hint", () => {
    expect(problemsOn("2027-02-01", (d) => Object.assign(d, { startDate: "2027-02-01", cluster: { ...d.cluster, version: "1.32", supportType: "EXTENDED" } }))).toEqual([
      `cluster.version: "1.32" leaves EKS extended support on 2027-03-23, before the cohort's last day 2027-04-12 (startDate 2027-02-01 + 10 weeks); ` +
        `after that EKS upgrades the control plane itself and every plan wants to downgrade it. Choose a version supported through that day: "1.36", "1.35", "1.34", "1.33"`,
    ]);
  });

  test("without startDate, week throughWeek is taken to be this week, and the message says so", () => {
    // 2026-12-01 in week 3: started 2026-11-17, ends 2027-01-26, well inside 1.35's standard support.
    expect(() => cohortOn("2026-12-01", (d) => Object.assign(d, { startDate: undefined, throughWeek: 3, cluster: { ...d.cluster, version: "1.35" } }))()).not.toThrow();
    expect(problemsOn("2027-03-01", (d) => Object.assign(d, { startDate: undefined, throughWeek: 2, cluster: { ...d.cluster, version: "1.35" } }))).toEqual([
      `cluster.version: "1.35" leaves EKS standard support on 2027-03-27, before the cohort's last day 2027-05-03 ` +
        `(no startDate, so week 2 is taken to be this week (2027-03-01): set startDate to check the real dates); ` +
        `after that EKS upgrades the control plane itself and every plan wants to downgrade it. Choose a version supported through that day: "1.36", ` +
        `or set cluster.supportType: EXTENDED to keep "1.35" until 2028-03-27 ($0.50 more per cluster-hour, about $365 a month)`,
    ]);
  });

  test("the synth notes say when support ends and how the cohort's end was found, and call a stale table out", () => {
    expect(clusterSupportNotes({ version: "1.36", supportType: "STANDARD", startDate: "2027-01-04", throughWeek: 1 }, TEST_TODAY)).toEqual([
      "Kubernetes 1.36 on EKS (STANDARD support until 2027-08-02); the cohort ends 2027-03-15 (startDate 2027-01-04 + 10 weeks).",
    ]);
    expect(clusterSupportNotes({ version: "1.36", supportType: "STANDARD", throughWeek: 1 }, new Date("2027-04-01T00:00:00Z"))).toEqual([
      "Kubernetes 1.36 on EKS (STANDARD support until 2027-08-02); the cohort ends 2027-06-10 (no startDate, so week 1 is taken to be this week (2027-04-01): set startDate to check the real dates).",
      "The EKS version table was checked on 2026-12-01 (121 days ago): compare it with `aws eks describe-cluster-versions` before relying on these dates.",
    ]);
  });

  test("the table lists every version EKS offers today, newest first, each in standard support for 14 months and extended for 12 more", () => {
    expect(EKS_KUBERNETES_VERSIONS.map((entry) => entry.version)).toEqual(["1.36", "1.35", "1.34", "1.33", "1.32"]);
    for (const entry of EKS_KUBERNETES_VERSIONS) {
      expect(entry.endOfExtendedSupport > entry.endOfStandardSupport).toBe(true);
      expect(entry.endOfExtendedSupport >= EKS_VERSIONS_CHECKED_ON).toBe(true);
    }
  });
});

describe("the nodes hold every student's labs and the platform", () => {
  const general = (d: Record<string, any>, change: Record<string, unknown>) => ({ ...d.cluster, nodeGroups: [{ ...d.cluster.nodeGroups[0], ...change }, d.cluster.nodeGroups[1]] });

  test.each([5, 6, 9, 10])("the example fits at week %i: 3 × t3.xlarge hold 12 students' labs", (week) => {
    expect(() => cohortWith((d) => (d.throughWeek = week))).not.toThrow();
  });

  test("two t3.large cannot hold 12 students' labs: the numbers, what is short and what to change", () => {
    expect(problemsOf((d) => Object.assign(d, { throughWeek: 6, cluster: general(d, { instanceTypes: ["t3.large"], minSize: 2, desiredSize: 2 }) }))).toEqual([
      "cluster.nodeGroups: cannot hold the labs of 12 students at week 6: the labs (hello-node, service-types, wordpress) request 96 pods, 7.80 vCPU and 12.8 GiB, " +
        "the platform's own 14 pods 0.88 vCPU and 1.1 GiB; 2 × t3.large (general) without taints hold 70 pods, 3.86 vCPU and 13.8 GiB, of which 90% is planned (pods never pack perfectly), " +
        "so they are short of pods (the instance type's network interfaces bound the pods per node) and vCPU and memory. Nothing adds nodes yet (desiredSize is what runs): " +
        "raise cluster.nodeGroups[0] (general) to desiredSize 6 (and minSize 6, maxSize at least 6), or use a larger instance type",
      "cluster.nodeGroups: must run at least 3 nodes without taints from week 6 (one per availability zone): a WordPress database lives on an EBS volume in one zone and its pod can only run there, got 2",
    ]);
  });

  test("tainted groups (the spot group) hold no lab pods; a cohort with only them is refused", () => {
    expect(problemsOf((d) => Object.assign(d, { throughWeek: 5, cluster: { ...d.cluster, nodeGroups: [d.cluster.nodeGroups[1]] } }))).toEqual([
      "cluster.nodeGroups: must include a node group without a NO_SCHEDULE or NO_EXECUTE taint from week 5 on: the labs' pods tolerate no taint",
    ]);
  });

  test("an instance type the bundled table does not know is refused at any week, with a suggestion", () => {
    expect(problemsOf((d) => Object.assign(d, { throughWeek: 1, cluster: general(d, { instanceTypes: ["t3.xlarg"] }), labs: { ...d.labs, instanceType: "t3.smal" } }))).toEqual([
      `labs.instanceType: is not in the bundled instance type table (constructs/data/ec2-instance-types.ts, checked 2026-12-01; did you mean "t3.small"?): use a type from it (it catches typos before EC2 does) or add the type with its vCPUs, memory and network interfaces, got "t3.smal"`,
      `cluster.nodeGroups[0].instanceTypes[0]: is not in the bundled instance type table (constructs/data/ec2-instance-types.ts, checked 2026-12-01; did you mean "t3.xlarge"?): use a type from it (the capacity rule sizes nodes with it) or add the type with its vCPUs, memory and network interfaces, got "t3.xlarg"`,
    ]);
  });

  test("before the cluster exists (week 4) nothing is sized", () => {
    expect(() => cohortWith((d) => Object.assign(d, { throughWeek: 4, cluster: general(d, { instanceTypes: ["t3.micro"], minSize: 1, desiredSize: 1 }) }))).not.toThrow();
  });

  test("the allocatable arithmetic follows nodeadm: kube-reserved CPU and 255Mi + 11Mi per pod, max pods from the ENIs", () => {
    expect(nodeAllocatable(EC2_INSTANCE_TYPES.get("t3.large")!)).toEqual({ pods: 35, cpuMillis: 1930, memoryMiB: 8192 * 0.95 - (255 + 11 * 35 + 100) });
    expect(nodeAllocatable(EC2_INSTANCE_TYPES.get("t3.xlarge")!)).toEqual({ pods: 58, cpuMillis: 3920, memoryMiB: 16384 * 0.95 - (255 + 11 * 58 + 100) });
    expect(nodeAllocatable(EC2_INSTANCE_TYPES.get("m7i.2xlarge")!)).toEqual(expect.objectContaining({ pods: 58, cpuMillis: 7910 }));
  });
});

describe("the namespace quota admits the labs at their peak", () => {
  test("CPU and memory: requests, and limits against twice the quota, with HPA maximum and surge", () => {
    expect(problemsOf((d) => Object.assign(d, { throughWeek: 9, quota: { ...d.quota, cpu: "1", memory: "1Gi" } }))).toEqual([
      `quota.cpu: must be at least 1750m for the labs hello-node, service-types, wordpress at week 9: at their peak (autoscaled to the maximum, one surge pod per Deployment) they request 1050m and are limited to 3500m, and the namespace allows limits of 2 × quota.cpu, got "1"`,
      `quota.memory: must be at least 1696Mi for the labs hello-node, service-types, wordpress at week 9: at their peak (autoscaled to the maximum, one surge pod per Deployment) they request 1696Mi and are limited to 3392Mi, and the namespace allows limits of 2 × quota.memory, got "1Gi"`,
    ]);
  });

  test("the default quota (2 CPU, 4Gi) fits every lab through week 10", () => {
    expect(() => cohortWith((d) => Object.assign(d, { throughWeek: 10, quota: {} }))).not.toThrow();
  });
});

test("more than 90 students in one shard are refused from week 6: each shard's routes share one ALB of at most 100 target groups", () => {
  const roster = Array.from({ length: 100 }, (_, i) => ({ name: `s${i}`, principalArn: `arn:aws:iam::123456789012:user/s${i}` }));
  const big = (d: Record<string, any>) => {
    Object.assign(d, { throughWeek: 6, students: roster });
    Object.assign(d.cluster.nodeGroups[0], { minSize: 30, desiredSize: 30, maxSize: 30 });
  };
  expect(problemsOf(big)).toEqual([
    "workloads.shards: must spread the students so that no shard holds more than 90 from week 6 with the hello-node lab: each shard's hello-node routes share one ALB, " +
      "which holds at most 100 target groups (one per student; not adjustable), but shard 1 would hold 100; set it to at least 2, got 1",
  ]);
  expect(() => cohortWith((d) => { big(d); d.workloads.shards = 2; })).not.toThrow();
});

describe("admins and students are principals the platform can attach policies to", () => {
  test("an Identity Center role written without its path is recognised too", () => {
    expect(problemsOf((d) => (d.students[2].principalArn = "arn:aws:iam::123456789012:role/AWSReservedSSO_StudentAccess_0123456789abcdef"))).toEqual([
      `students[2].principalArn: "arn:aws:iam::123456789012:role/AWSReservedSSO_StudentAccess_0123456789abcdef" is an IAM Identity Center role: AWS refuses to attach policies to it (UnmodifiableEntity), and the platform attaches the lab session and kubeconfig policies to each person; register the person's IAM user or a role of the account instead`,
    ]);
  });

  test("an IAM Identity Center role and a principal of another account are refused", () => {
    expect(
      problemsOf((d) => {
        d.students[2].principalArn = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/ap-northeast-2/AWSReservedSSO_Student_0123456789abcdef";
        d.students[4].principalArn = "arn:aws:iam::210987654321:user/doyun-jung";
      }),
    ).toEqual([
      `students[2].principalArn: "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/ap-northeast-2/AWSReservedSSO_Student_0123456789abcdef" is an IAM Identity Center role: AWS refuses to attach policies to it (UnmodifiableEntity), and the platform attaches the lab session and kubeconfig policies to each person; register the person's IAM user or a role of the account instead`,
      `students[4].principalArn: "arn:aws:iam::210987654321:user/doyun-jung" is in account 210987654321, but admins[0] is in account 123456789012: policies are attached by name in the deploying account, so every admin and student must be a principal of that one account`,
    ]);
  });
});

describe("regions and zones are checked against the bundled table", () => {
  test("a region that does not exist, with the closest one suggested", () => {
    expect(problemsOf((d) => Object.assign(d, { region: "eu-west-9", network: { ...d.network, availabilityZones: 3 } }))).toEqual([
      `region: is not an AWS region in the bundled table (38 regions, checked 2026-12-01; did you mean "eu-west-1"?), got "eu-west-9"`,
    ]);
  });

  test("a zone letter the region does not have", () => {
    expect(problemsOf((d) => (d.network.availabilityZones = ["ap-northeast-2a", "ap-northeast-2e"]))).toEqual([
      `network.availabilityZones[1]: must be one of the zones of ap-northeast-2: ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d (bundled table, checked 2026-12-01), got "ap-northeast-2e"`,
    ]);
    expect(problemsOf((d) => Object.assign(d, { region: "eu-west-1", network: { ...d.network, availabilityZones: ["eu-west-1a", "eu-west-1d"] } }))).toEqual([
      `network.availabilityZones[1]: must be one of the zones of eu-west-1: eu-west-1a, eu-west-1b, eu-west-1c (bundled table, checked 2026-12-01), got "eu-west-1d"`,
    ]);
  });

  test("did you mean: same word in another case, or a small edit; nothing for a different word", () => {
    expect(closestMatch("throughweek", ["name", "throughWeek"])).toBe("throughWeek");
    expect(closestMatch("natGateway", ["cidr", "natGateways"])).toBe("natGateways");
    expect(closestMatch("t3.lrage", ["t3.large", "t3.xlarge"])).toBe("t3.large");
    expect(closestMatch("flavour", ["version", "supportType"])).toBeUndefined();
  });
});
