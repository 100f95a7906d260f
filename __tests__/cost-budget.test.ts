import { CostBudget } from "../constructs/delivery/cost-budget";
import { DeployNotifications } from "../constructs/delivery/deploy-notifications";
import { awsTestStack, blocksOf, cohortWith, problemsOf, synthCohort, synthStack } from "./helpers";

const withBudget = (week: number, change: (data: Record<string, any>) => void = () => {}) =>
  cohortWith((data) => {
    Object.assign(data, { throughWeek: week, budget: { monthlyUsd: 300 } });
    change(data);
  });

describe("CostBudget", () => {
  const stack = awsTestStack();
  new CostBudget(stack, "budget", { name: "team-monthly-cost", monthlyUsd: 250, emails: ["a@example.org", "b@example.org"] });
  const { json } = synthStack(stack);

  test("a monthly cost budget: e-mails and its topic at 80% actual and 100% forecast", () => {
    const [budget] = blocksOf(json, "aws_budgets_budget");
    expect(budget).toMatchObject({ name: "team-monthly-cost", budget_type: "COST", time_unit: "MONTHLY", limit_amount: "250", limit_unit: "USD" });
    // Gross usage: credits and refunds would hide the spend of an account that runs on credits.
    expect(budget.cost_types).toEqual({ include_credit: false, include_refund: false });
    expect(budget.notification).toEqual(
      CostBudget.ALERTS.map(([threshold, type]) => ({
        comparison_operator: "GREATER_THAN",
        threshold,
        threshold_type: "PERCENTAGE",
        notification_type: type,
        subscriber_email_addresses: ["a@example.org", "b@example.org"],
        subscriber_sns_topic_arns: [expect.stringMatching(/^\$\{aws_sns_topic\..+\.arn\}$/)],
      })),
    );
    expect(budget.notification.map((alert: Record<string, unknown>) => [alert.threshold, alert.notification_type])).toEqual([[80, "ACTUAL"], [100, "FORECASTED"]]);
    expect(budget.depends_on).toEqual([expect.stringMatching(/^aws_sns_topic_policy\./)]);
  });

  test("only AWS Budgets of this account may publish to the topic", () => {
    const [topic] = blocksOf(json, "aws_sns_topic");
    expect(topic.name).toBe("team-monthly-cost-alerts");
    const [document] = blocksOf(json, "aws_iam_policy_document", "data");
    expect(document.statement).toEqual([
      expect.objectContaining({
        actions: ["sns:Publish"],
        principals: [{ type: "Service", identifiers: ["budgets.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringMatching(/data\.aws_caller_identity\..+\.account_id/)] },
          { test: "ArnLike", variable: "aws:SourceArn", values: [expect.stringMatching(/:budgets::\$\{data\.aws_caller_identity\..+\.account_id\}:budget\/\*$/)] },
        ],
      }),
    ]);
  });

  test("props are checked", () => {
    expect(() => new CostBudget(awsTestStack(), "b", { name: "x", monthlyUsd: 0, emails: ["a@example.org"] })).toThrow("monthlyUsd must be a positive number of US dollars, got 0");
    const eleven = Array.from({ length: 11 }, (_, index) => `p${index}@example.org`);
    expect(() => new CostBudget(awsTestStack(), "b", { name: "x", monthlyUsd: 10, emails: eleven })).toThrow("emails must list 1 to 10 addresses (AWS Budgets' limit per alert), got 11");
    for (const name of ["team:cost", "a".repeat(101), ""]) {
      expect(() => new CostBudget(awsTestStack(), "b", { name, monthlyUsd: 10, emails: ["a@example.org"] })).toThrow(`name must be 1 to 100 letters, digits, "-" or "_" (the budget's name, and its topic's), got "${name}"`);
    }
  });
});

describe("budget in the cohort file", () => {
  test("absent: no budget anywhere", () => {
    const stacks = synthCohort(cohortWith((data) => {
      data.throughWeek = 4;
      delete data.budget;
    }));
    for (const json of stacks.values()) expect(blocksOf(json, "aws_budgets_budget")).toEqual([]);
  });

  test("from week 1 in -network, e-mailing the cohort's notification addresses", () => {
    const network = synthCohort(withBudget(1)).get("devops-2026-network")!;
    const [budget] = blocksOf(network, "aws_budgets_budget");
    expect(budget.name).toBe("devops-2026-monthly-cost");
    expect(budget.limit_amount).toBe("300");
    expect(budget.notification[0].subscriber_email_addresses).toEqual(["organizer@example.com"]);
    expect(network.output?.budget_alert_topic_arn).toBeDefined();
  });

  test("week 4: the Slack channel also gets the budget's alerts (its topic looked up by name, created earlier by -network)", () => {
    const platform = synthCohort(withBudget(4)).get("devops-2026-platform")!;
    const [slack] = blocksOf(platform, "aws_chatbot_slack_channel_configuration");
    expect(slack.sns_topic_arns).toHaveLength(3);
    expect(slack.sns_topic_arns[2]).toMatch(/^\$\{data\.aws_sns_topic\..+\.arn\}$/);
    expect(blocksOf(platform, "aws_sns_topic", "data")).toEqual([{ name: "devops-2026-monthly-cost-alerts" }]);
  });

  test("week 4 without Slack: the budget e-mails only, and DeployNotifications refuses alsoToSlack without a channel", () => {
    const platform = synthCohort(withBudget(4, (data) => (data.notifications = { emails: ["organizer@example.com"] }))).get("devops-2026-platform")!;
    expect(blocksOf(platform, "aws_sns_topic", "data")).toEqual([]);
    const props = { name: "demo", repositoryPrefix: "demo/", alsoToSlack: ["demo-monthly-cost-alerts"] };
    expect(() => new DeployNotifications(awsTestStack(), "n", props)).toThrow("alsoToSlack needs slack: without a channel nothing receives demo-monthly-cost-alerts");
    const slack = { teamId: "T0123ABCD", channelId: "C0123ABCD" };
    expect(() => new DeployNotifications(awsTestStack(), "n", { ...props, slack, alsoToSlack: ["a", "a"] })).toThrow('alsoToSlack must name each topic once, got "a" twice');
  });

  test("no budget: the Slack channel gets the notification topics only", () => {
    const platform = synthCohort(cohortWith((data) => {
      data.throughWeek = 4;
      delete data.budget;
    })).get("devops-2026-platform")!;
    expect(blocksOf(platform, "aws_chatbot_slack_channel_configuration")[0].sns_topic_arns).toHaveLength(2);
  });

  test("needs 1 to 10 notification addresses, and a whole number of dollars", () => {
    expect(problemsOf((data) => Object.assign(data, { budget: { monthlyUsd: 300 }, notifications: { emails: [] } }))).toEqual([
      "notifications.emails: must list at least one address with budget: AWS Budgets e-mails its alerts there",
    ]);
    const eleven = Array.from({ length: 11 }, (_, index) => `p${index}@example.org`);
    expect(problemsOf((data) => Object.assign(data, { budget: { monthlyUsd: 300 }, notifications: { emails: eleven } }))).toEqual([
      "notifications.emails: must list at most 10 addresses with budget (AWS Budgets' limit per alert), got 11",
    ]);
    expect(problemsOf((data) => Object.assign(data, { budget: { monthlyUsd: 12.5 } }))).toEqual([
      "budget.monthlyUsd: must be a whole number of US dollars from 1 to 1000000 (the monthly cost AWS Budgets alerts on), got 12.5",
    ]);
  });
});
