import { buildCohort as build, cohortWith, resourceAddresses, synthStack } from "./helpers";

describe("buildCohortApp", () => {
  test("week 1 builds the state bucket stack and the network, the network deploying after the bucket", () => {
    const { stacks, ids } = build(cohortWith((d) => (d.throughWeek = 1)));
    expect(ids).toEqual(["devops-2026-state", "devops-2026-network"]);
    expect(stacks.network.dependencies.map((stack) => stack.node.id)).toEqual(["devops-2026-state"]);
  });

  test("without stateBackend there is no state stack and the network has no dependency", () => {
    const { stacks, ids } = build(cohortWith((d) => delete d.stateBackend));
    expect(ids).toEqual(["devops-2026-network"]);
    expect(stacks.state).toBeUndefined();
    expect(stacks.network.dependencies).toEqual([]);
  });

  test("advancing a week only adds: every resource of week 1 keeps its address and settings at week 10", () => {
    const week1 = build(cohortWith((d) => (d.throughWeek = 1)));
    const week10 = build(cohortWith((d) => Object.assign(d, { throughWeek: 10 })));
    expect(week10.ids).toEqual(expect.arrayContaining(week1.ids));
    week1.all.forEach((stack, index) => {
      const before = resourceAddresses(synthStack(stack).json);
      const after = resourceAddresses(synthStack(week10.all.find((other) => other.node.id === week1.ids[index])!).json);
      for (const [address, settings] of before) expect(after.get(address)).toEqual(settings);
    });
  });

  test("the AWS provider uses the cohort's region and tags every resource with the cohort's tags", () => {
    const { stacks } = build(cohortWith());
    const { json } = synthStack(stacks.network);
    expect(json.provider!.aws).toEqual([
      {
        region: "ap-northeast-2",
        default_tags: [{ tags: { Cohort: "devops-2026", ManagedBy: "cohort-platform", Owner: "study-group", CostCenter: "devops-study" } }],
      },
    ]);
  });

  test("with stateBackend each stack keeps its state under its own key, encrypted, with S3-native locking", () => {
    const { stacks } = build(cohortWith());
    expect(synthStack(stacks.network).json.terraform!.backend).toEqual({
      s3: { bucket: "devops-2026-tfstate-example", key: "devops-2026-network/terraform.tfstate", region: "ap-northeast-2", encrypt: true, use_lockfile: true },
    });
  });

  test("the state stack itself, and every stack without stateBackend, use a local file beside cdktf.json", () => {
    const withBackend = build(cohortWith());
    expect(synthStack(withBackend.stacks.state!).json.terraform!.backend).toEqual({ local: { path: "../../../terraform.devops-2026-state.tfstate" } });
    const withoutBackend = build(cohortWith((d) => delete d.stateBackend));
    expect(synthStack(withoutBackend.stacks.network).json.terraform!.backend).toEqual({ local: { path: "../../../terraform.devops-2026-network.tfstate" } });
  });

  test("the network stack uses the cohort's network choices and outputs what later stacks need", () => {
    const { stacks } = build(cohortWith((d) => (d.network = { cidr: "10.30.0.0/18", availabilityZones: 2, natGateways: "one-per-az" })));
    const { json } = synthStack(stacks.network);
    expect(Object.values(json.resource!.aws_vpc)[0].cidr_block).toBe("10.30.0.0/18");
    expect(Object.keys(json.resource!.aws_nat_gateway)).toHaveLength(2);
    expect(Object.keys(json.output!).sort()).toEqual(["availability_zones", "budget_alert_topic_arn", "private_subnet_ids", "public_subnet_ids", "vpc_id"]);
  });

  test.each(["devops-2026-state", "devops-2026-network"])("snapshot of %s for the example cohort", (stackId) => {
    const { all } = build(cohortWith());
    expect(synthStack(all.find((stack) => stack.node.id === stackId)!).json).toMatchSnapshot();
  });
});
