import * as fs from "fs";
import * as path from "path";
import { EXAMPLE_COHORT_FILE, loadCohortFileAtWeek } from "../config/load-cohort";
import { AWS_PRICES, FALLBACK_REGION } from "../constructs/data/aws-prices";
import { EC2_INSTANCE_TYPES } from "../constructs/data/ec2-instance-types";
import { weekAndFlags } from "../scripts/arguments";
import { costArguments, README_COST, README_COST_WEEK } from "../scripts/cost";
import { withReadmeBlock } from "../scripts/readme-block";
import { budgetWarnings, COST_ASSUMPTIONS, estimateCohortCost, formatCostMarkdown, type CostEstimate } from "../stacks/cost-estimate";
import { studentShards } from "../stacks/student-shards";
import { blocksOf, cohortWith, synthCohort, TEST_TODAY } from "./helpers";

const lineOf = (estimate: CostEstimate, item: string) => {
  const line = estimate.lines.find((candidate) => candidate.item.startsWith(item));
  if (!line) throw new Error(`no line "${item}" in ${estimate.lines.map((candidate) => candidate.item).join(", ")}`);
  return line;
};

/** Two students in us-east-1 through week 10, one node group of 2 t3.large, workstations always on. */
const small = cohortWith((data) => {
  data.region = "us-east-1";
  data.network.availabilityZones = 2;
  data.network.natGateways = "one-per-az";
  data.students = data.students.slice(0, 2);
  data.throughWeek = 10;
  delete data.labs.dailyStop;
  data.registry.sharedRepositories = [];
  data.cluster.nodeGroups = [{ name: "general", instanceTypes: ["t3.large"], capacityType: "ON_DEMAND", minSize: 2, desiredSize: 2, maxSize: 4, diskSizeGiB: 20 }];
  data.logs = { retentionDays: 14 };
  delete data.budget;
});

describe("estimateCohortCost: the arithmetic on a small cohort (us-east-1 prices)", () => {
  const estimate = estimateCohortCost(small);

  test("each item is count × price × hours or GB, with its assumptions in the basis", () => {
    // 2 gateways × $0.045 × 730 h + 2 students × 5 GB × $0.045
    expect(lineOf(estimate, "NAT gateway × 2").monthlyUsd).toBe(66.15);
    expect(lineOf(estimate, "public IPv4 address × 2").monthlyUsd).toBe(7.3);
    // always on: 2 × $0.0208 × 730 h; volumes 2 × 30 GiB × $0.08
    expect(lineOf(estimate, "lab workstations × 2").monthlyUsd).toBe(30.37);
    expect(lineOf(estimate, "lab workstations × 2").basis).toBe("2 × $0.0208/h × 730 h (always on)");
    expect(lineOf(estimate, "workstation volumes × 2").monthlyUsd).toBe(4.8);
    expect(lineOf(estimate, "EKS control plane (STANDARD support)").monthlyUsd).toBe(73);
    // 2 × $0.0832 × 730 h, and 4 at maxSize
    expect(lineOf(estimate, "node group general × 2").monthlyUsd).toBe(121.47);
    expect(lineOf(estimate, "node group general × 2").ceilingUsd).toBe(242.94);
    // ALB $0.0225 + 1 LCU × $0.008 per hour, plus 2 public addresses (internet-facing, 2 zones)
    expect(lineOf(estimate, "ALB (the shard's hello-node routes)").monthlyUsd).toBe(29.57);
    // 2 × 0.5 GB + 2 GB platform = 3 GB: 3 × $0.50 ingested + 3 GB × 14 / 30.4 days = 1.4 GB × $0.03 stored
    expect(lineOf(estimate, "container logs").monthlyUsd).toBe(1.54);
    expect(estimate.lines.filter((line) => line.item.startsWith("KMS key")).map((line) => line.item)).toEqual(["KMS key (notifications)", "KMS key (EKS secrets)"]);
  });

  test("the total is the sum of the items, per stack and per week, and the ceiling takes node groups at maxSize", () => {
    const sum = estimate.lines.reduce((total, line) => total + line.monthlyUsd, 0);
    expect(estimate.monthlyUsd).toBeCloseTo(sum, 2);
    expect(estimate.byStack.reduce((total, stack) => total + stack.monthlyUsd, 0)).toBeCloseTo(sum, 2);
    expect(estimate.byWeek[9].monthlyUsd).toBe(estimate.monthlyUsd);
    expect(estimate.byWeek.reduce((total, week) => total + week.addsUsd, 0)).toBeCloseTo(sum, 2);
    expect(estimate.byWeek[4].addsUsd).toBeGreaterThan(estimate.byWeek[3].addsUsd); // week 5: the cluster
    expect(estimate.ceilingUsd).toBeCloseTo(estimate.monthlyUsd + 121.47 + 2 * 20 * 0.08, 2);
    expect(estimate.notes).toEqual([]);
  });

  test("throughWeek outside the roadmap is an error naming it", () => {
    expect(() => estimateCohortCost(small, 11)).toThrow("estimateCohortCost: throughWeek must be a whole number from 1 to 10, got 11");
  });

  test("a lower week counts only what exists by then, and the weeks still show what comes", () => {
    const week2 = estimateCohortCost(small, 2);
    expect(week2.lines.every((line) => line.week <= 2)).toBe(true);
    expect(week2.monthlyUsd).toBe(estimate.byWeek[1].monthlyUsd);
    expect(week2.byWeek).toEqual(estimate.byWeek);
  });

  test("a shard without students has no load balancer", () => {
    const sharded = estimateCohortCost(cohortWith((data) => ((data.throughWeek = 10), (data.workloads.shards = 10))));
    const shardsWithStudents = [...studentShards(cohortWith((data) => (data.workloads.shards = 10))).values()].filter((members) => members.length > 0).length;
    expect(shardsWithStudents).toBeLessThan(10);
    expect(sharded.lines.filter((line) => line.item.startsWith("ALB"))).toHaveLength(shardsWithStudents);
    expect(sharded.lines.filter((line) => line.item.startsWith("WordPress")).every((line) => !line.item.includes("× 0"))).toBe(true);
  });

  test("the levers follow the cohort's choices", () => {
    // (2 - 1) × ($0.045 + $0.005) × 730 h
    expect(lineOf(estimate, "NAT gateway").lever).toMatch(/^network\.natGateways: single \(one gateway and address for all zones: \$37 less/);
    expect(lineOf(estimateCohortCost(cohortWith()), "NAT gateway").lever).toMatch(/^nothing in the cohort file: from week 2/);
    expect(lineOf(estimate, "lab workstations").lever).toMatch(/^labs\.dailyStop stops every workstation nightly/);
    expect(lineOf(estimate, "node group general").lever).toMatch(/^capacityType: SPOT/);
    const extended = estimateCohortCost(cohortWith((data) => ((data.throughWeek = 10), (data.cluster.supportType = "EXTENDED"))));
    expect(lineOf(extended, "EKS control plane (EXTENDED support)").monthlyUsd).toBe(438);
    expect(lineOf(extended, "EKS control plane").lever).toMatch(/cluster\.supportType: STANDARD/);
    expect(lineOf(extended, "node group spot × 0").basis).toContain(`assumed ${COST_ASSUMPTIONS.spotShareOfOnDemand * 100}% of on-demand`);
  });

  test("Markdown lists every item, the stacks, the weeks and the three biggest items with their levers", () => {
    const markdown = formatCostMarkdown(estimate);
    expect(markdown.split("\n")[0]).toBe(`### Estimated AWS cost of devops-2026 at week 10: $${estimate.monthlyUsd.toFixed(0)} a month`);
    for (const line of estimate.lines) expect(markdown).toContain(`| ${line.item} |`);
    expect(markdown).toContain("| 10 (now) |");
    expect(markdown).toContain(`1. ${estimate.biggest[0].item}`);
    expect(estimate.biggest[0].item).toMatch(/^node group general/);
  });
});

describe("what the estimate says about prices and budgets", () => {
  test("a region without prices is estimated with us-east-1's, and says so", () => {
    const seoul = estimateCohortCost(cohortWith(() => {}));
    expect(seoul.pricesRegion).toBe(FALLBACK_REGION);
    expect(seoul.notes[0]).toMatch(/^The price table has no prices for ap-northeast-2; these are us-east-1 list prices/);
  });

  test("every instance type the platform sizes for has a price in every region of the table", () => {
    for (const { prices } of Object.values(AWS_PRICES)) expect([...EC2_INSTANCE_TYPES.keys()].filter((type) => prices.ec2OnDemandHour[type] === undefined)).toEqual([]);
  });

  test("a budget the estimate would alert on: a note in the estimate and a warning naming budget.monthlyUsd and the alert", () => {
    const over = estimateCohortCost(cohortWith((data) => ((data.throughWeek = 10), (data.budget = { monthlyUsd: 100 }))));
    expect(over.notes.some((note) => note.includes("passes budget.monthlyUsd's 100% forecast alert ($100)"))).toBe(true);
    expect(budgetWarnings(over)).toEqual([{ path: "budget.monthlyUsd", message: expect.stringMatching(/^the estimated cost at week 10, \$\d+ a month \(with us-east-1 prices\), passes the budget's 100% forecast alert \(budget \$100\): it will alert every month/) }]);
    // between 80% and 100% of the budget the actual-cost alert still e-mails every month
    const monthly = estimateCohortCost(cohortWith((data) => (data.throughWeek = 10))).monthlyUsd;
    const near = estimateCohortCost(cohortWith((data) => ((data.throughWeek = 10), (data.budget = { monthlyUsd: Math.ceil(monthly / 0.9) }))));
    expect(budgetWarnings(near)[0].message).toContain("passes the budget's 80% actual-cost alert");
    expect(budgetWarnings(estimateCohortCost(cohortWith((data) => ((data.throughWeek = 10), (data.budget = { monthlyUsd: Math.ceil(monthly / 0.79) })))))).toEqual([]);
    expect(budgetWarnings(estimateCohortCost(cohortWith()))).toEqual([]);
  });
});

describe("the estimate counts what the stacks create (example cohort at week 10)", () => {
  const cohort = cohortWith((data) => ((data.throughWeek = 10), (data.logs = { encryptWithKmsKey: true })));
  const estimate = estimateCohortCost(cohort);
  const stacks = synthCohort(cohort);
  const all = (type: string) => [...stacks.entries()].flatMap(([stackId, json]) => blocksOf(json, type).map((block) => ({ stackId, block })));

  test("NAT gateways, workstations, node groups, KMS keys and repositories, in the stacks the lines name", () => {
    expect(all("aws_nat_gateway").map(({ stackId }) => stackId)).toEqual([lineOf(estimate, "NAT gateway").stackId]);
    expect(all("aws_instance")).toHaveLength(cohort.students.length);
    expect(all("aws_instance").every(({ stackId, block }) => stackId === lineOf(estimate, "lab workstations").stackId && block.instance_type === cohort.labs.instanceType)).toBe(true);
    for (const { stackId, block } of all("aws_eks_node_group")) {
      const line = lineOf(estimate, `node group ${block.node_group_name}`);
      expect(line.item).toBe(`node group ${block.node_group_name} × ${block.scaling_config.desired_size} (${block.instance_types[0]}, ${block.capacity_type})`);
      expect(stackId).toBe(line.stackId);
    }
    expect(all("aws_kms_key")).toHaveLength(estimate.lines.filter((line) => line.item.startsWith("KMS key")).length);
    expect(lineOf(estimate, "ECR storage").item).toBe(`ECR storage, ${all("aws_ecr_repository").length} repositories`);
    expect(all("aws_eks_cluster").map(({ block }) => block.upgrade_policy.support_type)).toEqual([cohort.cluster.supportType]);
  });

  test("every log group and every Elastic IP has its line", () => {
    const logGroups = all("aws_cloudwatch_log_group").map(({ stackId, block }) => ({ stackId, name: block.name as string }));
    const logLines = estimate.lines.filter((line) => line.item.includes("logs") && !line.item.startsWith("KMS"));
    expect(logGroups.filter(({ name }) => name.includes("flow")).map(({ stackId }) => stackId)).toEqual([lineOf(estimate, "VPC flow logs").stackId]);
    expect(logGroups.filter(({ name }) => name.endsWith("/cluster")).map(({ stackId }) => stackId)).toEqual([lineOf(estimate, "EKS control-plane logs").stackId]);
    // the container logs' line covers a group per student and the platform's
    expect(logGroups.filter(({ name }) => name.includes("/namespaces/") || name.endsWith("/platform"))).toHaveLength(cohort.students.length + 1);
    expect(logGroups).toHaveLength(cohort.students.length + 3);
    expect(logLines).toHaveLength(3);
    expect(all("aws_eip")).toHaveLength(Number(/× (\d+)/.exec(lineOf(estimate, "public IPv4 address").item)![1]));
  });

  test("one ALB per ingress group, WordPress volumes of the size the StatefulSets claim", () => {
    const groups = new Set(all("kubernetes_ingress_v1").map(({ block }) => block.metadata.annotations["alb.ingress.kubernetes.io/group.name"]));
    expect(estimate.lines.filter((line) => line.item.startsWith("ALB"))).toHaveLength(groups.size);
    const claims = all("kubernetes_stateful_set_v1").map(({ block }) => block.spec.volume_claim_template[0].spec.resources.requests.storage);
    expect(lineOf(estimate, "WordPress database volumes").item).toBe(`WordPress database volumes × ${claims.length} (gp3, ${claims[0].replace("Gi", "")} GiB)`);
    expect(new Set(claims).size).toBe(1);
  });
});

describe("npm run cost", () => {
  test("the README's estimate is the example cohort's at week 10, as generated now", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const estimate = estimateCohortCost(loadCohortFileAtWeek(EXAMPLE_COHORT_FILE, README_COST_WEEK, { today: TEST_TODAY }));
    expect(estimate.throughWeek).toBe(10);
    expect(withReadmeBlock(readme, README_COST, formatCostMarkdown(estimate))).toBe(readme);
  });

  test("--week reads the file by that week's rules: a setting refused at week 10 is an error, not a cheaper estimate", () => {
    const file = path.join(fs.mkdtempSync(path.join(require("os").tmpdir(), "cost-week-")), "cohort.yaml");
    fs.writeFileSync(file, fs.readFileSync(EXAMPLE_COHORT_FILE, "utf8").replace("natGateways: single", "natGateways: none"));
    expect(() => loadCohortFileAtWeek(file, 10, { today: TEST_TODAY })).toThrow(/network\.natGateways/);
    expect(loadCohortFileAtWeek(file, 1, { today: TEST_TODAY }).network.natGateways).toBe("none");
  });

  test("arguments: --week 1-10, --json, --readme; anything else is named", () => {
    expect(costArguments([])).toEqual({ week: undefined, json: false, readme: false });
    expect(costArguments(["--week", "7", "--json"])).toEqual({ week: 7, json: true, readme: false });
    expect(costArguments(["--week", "11"])).toMatch(/^cost: --week takes a week from 1 to 10, got "11"/);
    expect(costArguments(["--week"])).toMatch(/^cost: --week takes a week from 1 to 10, got ""/);
    expect(costArguments(["--csv"])).toMatch(/^cost: unknown argument "--csv"; the arguments are --week N, --json, --readme\n/);
    // diagram parses the same way
    expect(weekAndFlags("diagram", ["--week", "0", "--readme"], ["--readme"])).toBe('diagram: --week takes a week from 1 to 10, got "0"');
    expect(weekAndFlags("diagram", ["--readme", "--week", "10"], ["--readme"])).toEqual({ week: 10, flags: new Set(["--readme"]) });
    expect(costArguments(["--week", "1e1"])).toMatch(/^cost: --week takes a week from 1 to 10, got "1e1"/);
    expect(costArguments(["--json", "--readme"])).toMatch(/^cost: --readme writes the example cohort at week 10 and takes no other argument/);
  });
});
