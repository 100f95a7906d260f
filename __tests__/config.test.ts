import { stringify } from "yaml";
import { DEFAULT_KUBERNETES_VERSION, MAX_STUDENTS } from "../config/cohort-schema";
import { CohortConfigError, parseCohortYaml, type CohortProblem } from "../config/load-cohort";
import { cohortWith, exampleCohortData } from "./helpers";

/** The problems a variant of the example cohort has, as `path: message` (lines are tested separately). */
function problemsOf(change: (data: Record<string, any>) => void): string[] {
  try {
    cohortWith(change);
  } catch (error) {
    if (error instanceof CohortConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  throw new Error("expected the cohort to be rejected, but it was accepted");
}

function problemsOfYaml(text: string): readonly CohortProblem[] {
  try {
    parseCohortYaml(text, "inline.yaml");
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
    const cohort = parseCohortYaml("name: tiny-cohort\nregion: eu-west-1\nthroughWeek: 1\n");
    expect(cohort.network).toEqual({ cidr: "10.0.0.0/16", availabilityZones: 3, natGateways: "single" });
    expect(cohort.cluster.version).toBe(DEFAULT_KUBERNETES_VERSION);
    expect(cohort.cluster.publicAccessCidrs).toEqual([]);
    expect(cohort.cluster.nodeGroups).toEqual([
      { name: "general", instanceTypes: ["t3.large"], capacityType: "ON_DEMAND", minSize: 2, desiredSize: 2, maxSize: 6, diskSizeGiB: 50, labels: {}, taints: [] },
    ]);
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
    ["unknown top-level key", (d) => (d.throughweek = 3), `: unknown key "throughweek"; allowed keys are name, region, throughWeek, tags, stateBackend, network, cluster, admins, students, labs, registry, github, quota, workloads, notifications`],
    ["unknown nested key", (d) => (d.network.natGateway = "single"), `network: unknown key "natGateway"; allowed keys are cidr, availabilityZones, natGateways`],
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
    ["unquoted Kubernetes version", (d) => (d.cluster.version = 1.3), `cluster.version: must be a quoted Kubernetes version from "1.31" to "1.35"; YAML reads an unquoted version as a number, so write it in quotes, got 1.3`],
    ["unsupported Kubernetes version", (d) => (d.cluster.version = "1.20"), `cluster.version: must be a quoted Kubernetes version from "1.31" to "1.35", got "1.20"`],
    ["public access to the whole internet", (d) => (d.cluster.publicAccessCidrs = ["0.0.0.0/0"]), `cluster.publicAccessCidrs[0]: must be an IPv4 CIDR block (host bits zero) that is not 0.0.0.0/0; list the networks students work from, got "0.0.0.0/0"`],
    ["node group sizes out of order", (d) => Object.assign(d.cluster.nodeGroups[0], { minSize: 3, desiredSize: 2, maxSize: 6 }), "cluster.nodeGroups[0].desiredSize: must be from minSize (3) to maxSize (6), got 2"],
    ["node group min above max", (d) => Object.assign(d.cluster.nodeGroups[0], { minSize: 7, desiredSize: 7, maxSize: 6 }), "cluster.nodeGroups[0].maxSize: must be at least minSize (7), got 6"],
    ["node group name twice", (d) => (d.cluster.nodeGroups[1].name = "general"), `cluster.nodeGroups[1].name: "general" is already used by cluster.nodeGroups[0]; node group names must be unique`],
    ["capacity type", (d) => (d.cluster.nodeGroups[0].capacityType = "spot"), `cluster.nodeGroups[0].capacityType: must be ON_DEMAND or SPOT, got "spot"`],
    ["instance type shape", (d) => (d.cluster.nodeGroups[0].instanceTypes = ["large"]), `cluster.nodeGroups[0].instanceTypes[0]: must be an EC2 instance type like t3.large, got "large"`],
    ["no instance types", (d) => (d.cluster.nodeGroups[0].instanceTypes = []), "cluster.nodeGroups[0].instanceTypes: must list at least one instance type, got a list of 0"],
    ["disk size", (d) => (d.cluster.nodeGroups[0].diskSizeGiB = 8), "cluster.nodeGroups[0].diskSizeGiB: must be a whole number from 20 to 16384, got 8"],
    ["taint effect", (d) => (d.cluster.nodeGroups[1].taints[0].effect = "NoSchedule"), `cluster.nodeGroups[1].taints[0].effect: must be one of NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE, got "NoSchedule"`],
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
    ["pod quota too small for the labs", (d) => Object.assign(d, { throughWeek: 6, quota: { ...d.quota, pods: 8 } }), "quota.pods: must be at least 11 for the labs hello-node, service-types, wordpress at week 6 (their pods at the peak of a rolling update), got 8"],
    ["pod quota too small for autoscaling hello-node", (d) => Object.assign(d, { throughWeek: 9, quota: { ...d.quota, pods: 8 }, workloads: { labs: ["hello-node"] } }), "quota.pods: must be at least 9 for the labs hello-node at week 9 (their pods at the peak of a rolling update), got 8"],
    ["storage quota too small for WordPress", (d) => Object.assign(d, { throughWeek: 6, quota: { ...d.quota, storage: "5Gi" } }), "quota.storage: must be at least 10Gi for the wordpress lab's database volume from week 6, got 5Gi"],
    ["e-mail", (d) => (d.notifications.emails = ["organizer-at-example.com"]), `notifications.emails[0]: must be an e-mail address like organizer@example.com, got "organizer-at-example.com"`],
    ["Slack team id", (d) => (d.notifications.slack.teamId = "myteam"), `notifications.slack.teamId: must be a Slack workspace (team) id like T0123ABCD, got "myteam"`],
    ["Slack channel id", (d) => (d.notifications.slack.channelId = "#general"), `notifications.slack.channelId: must be a Slack channel id like C0123ABCD, got "#general"`],
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
