import { blocksOf, buildCohort as build, cohortWith, expectOnlyStudentRemoved, resourceAddresses, synthStack } from "./helpers";

const atWeek = (week: number, change: (data: Record<string, any>) => void = () => {}) =>
  cohortWith((data) => {
    data.throughWeek = week;
    change(data);
  });


describe("week gating", () => {
  test.each<[number, string[]]>([
    [1, ["devops-2026-state", "devops-2026-network"]],
    [2, ["devops-2026-state", "devops-2026-network", "devops-2026-labs"]],
    [3, ["devops-2026-state", "devops-2026-network", "devops-2026-labs", "devops-2026-platform"]],
    [4, ["devops-2026-state", "devops-2026-network", "devops-2026-labs", "devops-2026-platform"]],
  ])("week %i builds %j", (week, expected) => {
    expect(build(atWeek(week)).ids).toEqual(expected);
  });

  test("notifications appear in week 4, not before", () => {
    const week3 = synthStack(build(atWeek(3)).stacks.platform!).json;
    const week4 = synthStack(build(atWeek(4)).stacks.platform!).json;
    expect(blocksOf(week3, "aws_sns_topic")).toHaveLength(0);
    expect(blocksOf(week3, "aws_cloudwatch_event_rule")).toHaveLength(0);
    // The cohort's topic, and (with Slack) the topic Chatbot reads its formatted messages from.
    expect(blocksOf(week4, "aws_sns_topic").map((topic) => topic.name).sort()).toEqual(["devops-2026-notifications", "devops-2026-notifications-chat"]);
    expect(Object.keys(week4.output!)).toContain("notification_topic_arn");
  });

  test("labs deploy after the network (they find it by name) and every stack after the state bucket", () => {
    const { stacks } = build(atWeek(4));
    expect(stacks.labs!.dependencies.map((stack) => stack.node.id).sort()).toEqual(["devops-2026-network", "devops-2026-state"]);
    // From week 5 the cluster finds the network's private subnets by name.
    expect(stacks.platform!.dependencies.map((stack) => stack.node.id).sort()).toEqual(["devops-2026-network", "devops-2026-state"]);
  });

  test("advancing from week 2 to week 4 keeps every labs and platform resource as it was", () => {
    for (const [from, to] of [
      [2, 4],
      [3, 4],
    ]) {
      const before = build(atWeek(from)).stacks;
      const after = build(atWeek(to)).stacks;
      for (const key of ["labs", "platform"] as const) {
        if (!before[key]) continue;
        const was = resourceAddresses(synthStack(before[key]!).json);
        const now = resourceAddresses(synthStack(after[key]!).json);
        for (const [address, settings] of was) expect(now.get(address)).toEqual(settings);
      }
    }
  });
});

describe("<cohort>-labs", () => {
  test("one workstation per student, keyed by name, outputs with the start-session command", () => {
    const { json } = synthStack(build(atWeek(2)).stacks.labs!);
    const instances = blocksOf(json, "aws_instance");
    expect(instances).toHaveLength(12);
    expect(Object.keys(json.resource!.aws_instance).some((address) => address.includes("minsu-kim"))).toBe(true);
    const output = json.output!.workstations.value;
    expect(Object.keys(output)).toHaveLength(12);
    expect(output["minsu-kim"].start_session).toMatch(/^aws ssm start-session --target \$\{aws_instance\.[\w-]+\.id\} --region /);
  });

  test("the workstations use the cohort's lab choices and the network found by name", () => {
    const { json } = synthStack(build(atWeek(2, (d) => (d.labs.instanceType = "t3.medium"))).stacks.labs!);
    blocksOf(json, "aws_instance").forEach((instance) => {
      expect(instance.instance_type).toBe("t3.medium");
      expect(instance.subnet_id).toMatch(/^\$\{data\.aws_subnet\.network_private-subnet-\d_[\w]+\.id\}$/);
    });
    expect(blocksOf(json, "aws_vpc", "data")).toEqual([{ cidr_block: "10.20.0.0/16", tags: { Name: "devops-2026" } }]);
    expect(blocksOf(json, "aws_scheduler_schedule")).toHaveLength(12);
  });

  test("removing a student removes only that student's resources", () => {
    // students[3] is hayoon-choi
    expectOnlyStudentRemoved(build(atWeek(2)).stacks.labs!, build(atWeek(2, (d) => d.students.splice(3, 1))).stacks.labs!, "hayoon-choi");
  });
});

describe("<cohort>-platform", () => {
  test("a repository per student and per shared name, with the cohort's registry choices", () => {
    const { json } = synthStack(build(atWeek(3)).stacks.platform!);
    const repositories = blocksOf(json, "aws_ecr_repository");
    expect(repositories.map((repository) => repository.name).sort()).toEqual(
      ["base-images", "doyun-jung", "eunji-jang", "hayoon-choi", "hyunwoo-lim", "jiyeon-lee", "junho-yoon", "minsu-kim", "seojun-park", "seoyeon-kang", "sumin-han", "taeyang-oh", "yuna-seo"].map((name) => `devops-2026/${name}`),
    );
    repositories.forEach((repository) => expect(repository.force_delete).toBe(true));
    expect(blocksOf(json, "aws_ecr_pull_through_cache_rule")).toHaveLength(3);
  });

  test("a deploy role only for students with a GitHub repository, trusted by that repository's main branch, pushing to that student's repository", () => {
    const { json } = synthStack(build(atWeek(3)).stacks.platform!);
    const roles = blocksOf(json, "aws_iam_role");
    expect(roles.map((role) => role.name).sort()).toEqual(
      ["doyun-jung", "eunji-jang", "hyunwoo-lim", "jiyeon-lee", "minsu-kim", "seojun-park", "seoyeon-kang", "taeyang-oh", "yuna-seo"].map((name) => `devops-2026-ci-${name}`),
    );
    expect(blocksOf(json, "aws_iam_openid_connect_provider")).toHaveLength(1);
    const trust = JSON.stringify(json.data!.aws_iam_policy_document);
    expect(trust).toContain("repo:minsu-kim/hello-node:ref:refs/heads/main");
    expect(Object.keys(json.output!.ci_role_arns.value)).toHaveLength(9);
    expect(Object.keys(json.output!.repository_urls.value)).toHaveLength(12);
  });

  test("an existing OIDC provider is reused, not created", () => {
    const arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const { json } = synthStack(build(atWeek(3, (d) => (d.github.oidcProvider = arn))).stacks.platform!);
    expect(blocksOf(json, "aws_iam_openid_connect_provider")).toHaveLength(0);
    expect(JSON.stringify(json.data!.aws_iam_policy_document)).toContain(arn);
  });

  test("no OIDC provider when no student has a GitHub repository", () => {
    const { json } = synthStack(build(atWeek(3, (d) => d.students.forEach((student: any) => delete student.githubRepository))).stacks.platform!);
    expect(blocksOf(json, "aws_iam_openid_connect_provider")).toHaveLength(0);
    expect(blocksOf(json, "aws_iam_role")).toHaveLength(0);
  });

  test("removing a student removes only that student's repository and role", () => {
    expectOnlyStudentRemoved(build(atWeek(4)).stacks.platform!, build(atWeek(4, (d) => d.students.splice(0, 1))).stacks.platform!, "minsu-kim");
  });
});

describe("snapshots at week 4 for the example cohort", () => {
  test.each(["labs", "platform"] as const)("%s", (key) => {
    expect(synthStack(build(atWeek(4)).stacks[key]!).json).toMatchSnapshot();
  });
});
