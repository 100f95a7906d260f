import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { policyDocument } from "../core/iam";
import { propsError, requireProps } from "../core/validation";

export interface CostBudgetProps {
  /** The budget's name, unique in the account; the alert topic is `<name>-alerts`. */
  readonly name: string;
  /** The monthly cost limit in US dollars. */
  readonly monthlyUsd: number;
  /** Who AWS Budgets e-mails (1-10 addresses; no confirmation needed). */
  readonly emails: readonly string[];
}

/**
 * A monthly AWS Budget of the account's whole cost, which e-mails `emails` and publishes to an SNS
 * topic of its own when the actual cost passes 80% of the limit and when AWS forecasts the month
 * above 100%. The cost is the gross usage: credits and refunds are left out, so an account that
 * runs on credits is still warned before they run out. The topic ({@link alertTopicArn}, named by
 * {@link alertTopicName}) exists from the first deploy, so a chat integration created later can
 * find it by name. It is not KMS-encrypted: the AWS managed key's policy cannot grant AWS Budgets,
 * and a customer managed key (about $1 a month) is not worth it for spend figures.
 */
export class CostBudget extends Construct {
  /** The alerts: [threshold in % of the limit, the cost it compares]. */
  public static readonly ALERTS: readonly (readonly [threshold: number, type: "ACTUAL" | "FORECASTED"])[] = [
    [80, "ACTUAL"],
    [100, "FORECASTED"],
  ];
  /** AWS Budgets allows at most 10 e-mail subscribers per notification. */
  public static readonly MAX_EMAILS = 10;

  public readonly budget: BudgetsBudget;
  public readonly alertTopicArn: string;

  /** The alert topic's name for a budget name (other stacks find the topic by it). */
  public static alertTopicName(name: string): string {
    return `${name}-alerts`;
  }

  constructor(scope: Construct, id: string, props: CostBudgetProps) {
    super(scope, id);
    requireProps(this, props, ["name", "monthlyUsd", "emails"]);
    if (!Token.isUnresolved(props.name) && !/^[A-Za-z0-9_-]{1,100}$/.test(props.name)) {
      // The budget's limit is 100 characters without ":" or "\\"; its SNS topic, named after it, allows only these.
      throw propsError(this, `name must be 1 to 100 letters, digits, "-" or "_" (the budget's name, and its topic's), got "${props.name}"`);
    }
    if (!(props.monthlyUsd > 0) || !Number.isFinite(props.monthlyUsd)) throw propsError(this, `monthlyUsd must be a positive number of US dollars, got ${props.monthlyUsd}`);
    if (props.emails.length < 1 || props.emails.length > CostBudget.MAX_EMAILS) {
      throw propsError(this, `emails must list 1 to ${CostBudget.MAX_EMAILS} addresses (AWS Budgets' limit per alert), got ${props.emails.length}`);
    }
    const account = new DataAwsCallerIdentity(this, "account");
    const partition = new DataAwsPartition(this, "partition");
    const topic = new SnsTopic(this, "alert-topic", { name: CostBudget.alertTopicName(props.name) });
    this.alertTopicArn = topic.arn;
    // Only AWS Budgets of this account may publish (confused-deputy conditions as AWS documents them:
    // the source ARN is matched as budget/*, not as this budget's ARN).
    const budgetArns = `arn:${partition.partition}:budgets::${account.accountId}:budget/*`;
    const topicPolicy = policyDocument(this, "alert-topic-policy-document", [
      {
        sid: "AwsBudgetsPublishes",
        actions: ["sns:Publish"],
        resources: [topic.arn],
        principals: [{ type: "Service", identifiers: ["budgets.amazonaws.com"] }],
        conditions: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
          { test: "ArnLike", variable: "aws:SourceArn", values: [budgetArns] },
        ],
      },
    ]);
    const policy = new SnsTopicPolicy(this, "alert-topic-policy", { arn: topic.arn, policy: topicPolicy.json });
    this.budget = new BudgetsBudget(this, "budget", {
      name: props.name,
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: Number.isInteger(props.monthlyUsd) ? String(props.monthlyUsd) : props.monthlyUsd.toFixed(2),
      limitUnit: "USD",
      costTypes: { includeCredit: false, includeRefund: false },
      notification: CostBudget.ALERTS.map(([threshold, type]) => ({
        comparisonOperator: "GREATER_THAN",
        threshold,
        thresholdType: "PERCENTAGE",
        notificationType: type,
        subscriberEmailAddresses: [...props.emails],
        subscriberSnsTopicArns: [topic.arn],
      })),
      // Created after the topic policy, so the first alert can publish (AWS Budgets does not check it).
      dependsOn: [policy],
    });
  }
}
