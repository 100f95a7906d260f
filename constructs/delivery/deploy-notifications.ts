import { ChatbotSlackChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-slack-channel-configuration";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { DataAwsSnsTopic } from "@cdktf/provider-aws/lib/data-aws-sns-topic";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Token } from "cdktf";
import { Construct } from "constructs";
import type { CostBudget } from "./cost-budget";
import { ServiceRole } from "../core/iam";
import { AwsNameLimit, fitName } from "../core/resource-name";
import { propsError, requireProps } from "../core/validation";

/** A Slack channel in a workspace that has been authorized once in the AWS Chatbot console. */
export interface SlackChannel {
  /** The workspace (team) ID, e.g. `T0123ABCD`. */
  readonly teamId: string;
  /** The channel ID (public `C…` or private `G…`), e.g. `C0123ABCD`; invite the AWS app into a private channel. */
  readonly channelId: string;
}

export interface DeployNotificationsProps {
  /** Prefixes the topic, key alias, rule and Chatbot names, e.g. `devops-2026`. */
  readonly name: string;
  /** Only ECR repositories whose name starts with this are reported, e.g. `devops-2026/`. */
  readonly repositoryPrefix: string;
  /**
   * Addresses that get every notification by e-mail. Each recipient must click the link in the
   * "AWS Notification - Subscription Confirmation" mail before anything is delivered.
   * @default []
   */
  readonly emails?: readonly string[];
  /** Post notifications to this Slack channel through AWS Chatbot. @default - no Slack */
  readonly slack?: SlackChannel;
  /** Report AWS Health and add-on events of EKS (the cluster issue sets it). @default - no EKS events */
  readonly clusterName?: string;
  /**
   * Where the Chatbot configuration is managed: Chatbot is a global service whose API is not served
   * from every region (it runs from us-east-2), while the topics stay in the stack's region.
   * @default DeployNotifications.DEFAULT_CHATBOT_REGION ("us-east-2")
   */
  readonly chatbotRegion?: string;
  /**
   * Names of existing SNS topics of this account and region whose messages the Slack channel also
   * gets, e.g. a {@link CostBudget}'s alert topic from a stack deployed earlier (looked up by name).
   * Needs `slack`; each name once.
   * @default - none
   */
  readonly alsoToSlack?: readonly string[];
}

/** One EventBridge matcher, as in the event pattern reference. */
type Matcher = string | { readonly prefix: string } | { readonly exists: boolean } | { readonly numeric: readonly (string | number)[] };
interface PatternFields {
  readonly [field: string]: readonly Matcher[] | PatternFields;
}
interface EventPattern {
  readonly source: readonly string[];
  readonly "detail-type": readonly string[];
  readonly detail?: PatternFields;
}

/** A rule and the sentence it turns an event into (`<variable>` placeholders come from `inputPaths`). */
interface NotificationRule {
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly inputPaths: Readonly<Record<string, string>>;
  readonly sentence: string;
  /** Title of the Slack card. */
  readonly title: string;
}

/**
 * Deploy notifications for a cohort: an SNS topic encrypted with its own KMS key, e-mail
 * subscriptions, EventBridge rules that turn ECR pushes, scan findings and (with a cluster) EKS
 * events into one-line sentences, and optionally a Slack channel through AWS Chatbot with
 * notification-only permissions (no logs, no commands with the channel's role). {@link topicArn} is the alert sink later weeks' CloudWatch alarms publish to.
 *
 * Chatbot only posts messages it understands (AWS service events, CloudWatch alarms, or its
 * "custom notification" JSON) and silently drops plain text. So with Slack, every rule gets a second
 * target: the same sentence as a custom notification, on a second topic only Chatbot subscribes to.
 * E-mail gets plain sentences; Slack gets cards; alarms on the main topic reach both.
 */
export class DeployNotifications extends Construct {
  public static readonly KEY_DELETION_WINDOW_DAYS = 7;
  public static readonly DEFAULT_CHATBOT_REGION = "us-east-2";
  /**
   * The channel's only permissions, and its guardrail: what Chatbot needs to render alarm cards and
   * metric graphs (the console's "Notification permissions" template). No CloudWatch Logs, so the
   * channel cannot read audit or flow logs; no AWS managed policy is this narrow.
   */
  public static readonly NOTIFICATION_ACTIONS: readonly string[] = ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"];
  public static readonly EVENTBRIDGE = "events.amazonaws.com";
  public static readonly CLOUDWATCH = "cloudwatch.amazonaws.com";
  /** Services that publish to the topic: EventBridge rules and CloudWatch alarms. */
  public static readonly PUBLISHING_SERVICES: readonly string[] = [DeployNotifications.EVENTBRIDGE, DeployNotifications.CLOUDWATCH];
  /** The add-on events EKS sends to EventBridge that are worth a message (successes are left out). */
  public static readonly EKS_ADDON_EVENTS: readonly string[] = [
    "EKS Addon Creation Failed",
    "EKS Addon Update Failed",
    "EKS Addon Deletion Failed",
    "EKS Addon Health Degraded",
    "EKS Addon Health Restored",
  ];
  private static readonly CHATBOT_CONFIGURATION_NAME_LIMIT = 128;

  public readonly topicArn: string;
  public readonly topicName: string;
  public readonly kmsKeyArn: string;
  /** The topic only Chatbot subscribes to, carrying custom-notification JSON; only with `slack`. */
  public readonly chatTopicArn?: string;

  /**
   * The names a construct with this `name` gives its topics and key alias, for stacks that publish to
   * them without a reference (another stack finds them by name).
   */
  public static names(name: string): { readonly topicName: string; readonly chatTopicName: string; readonly keyAlias: string } {
    return {
      topicName: fitName(`${name}-notifications`, AwsNameLimit.SNS_TOPIC),
      chatTopicName: fitName(`${name}-notifications-chat`, AwsNameLimit.SNS_TOPIC),
      keyAlias: `alias/${name}-notifications`,
    };
  }

  constructor(scope: Construct, id: string, props: DeployNotificationsProps) {
    super(scope, id);
    requireProps(this, props, ["name", "repositoryPrefix"]);
    this.checkProps(props);
    const account = new DataAwsCallerIdentity(this, "account");
    const partition = new DataAwsPartition(this, "partition");

    const region = new DataAwsRegion(this, "region");
    const { topicName, chatTopicName } = DeployNotifications.names(props.name);
    // Built from the names: the key must exist before the topics it encrypts.
    const topicArn = (name: string) => `arn:${partition.partition}:sns:${region.region}:${account.accountId}:${name}`;
    const key = this.addKey(props.name, account, partition, [topicArn(topicName), ...(props.slack ? [topicArn(chatTopicName)] : [])]);
    const topic = new SnsTopic(this, "topic", { name: topicName, kmsMasterKeyId: key.arn });
    this.allowPublishing("topic", topic, DeployNotifications.PUBLISHING_SERVICES, account);
    this.topicArn = topic.arn;
    this.topicName = topic.name;
    this.kmsKeyArn = key.arn;

    // Each recipient must confirm the subscription from the mail SNS sends; until then it stays
    // "PendingConfirmation" and gets nothing. Keyed by address so adding or removing one leaves the
    // others alone; cdktf drops the characters Terraform names cannot hold and appends a hash of the
    // full construct path, so addresses like a.b@x and ab@x still get distinct resources.
    for (const address of props.emails ?? []) {
      new SnsTopicSubscription(this, `email-${address.toLowerCase()}`, { topicArn: topic.arn, protocol: "email", endpoint: address });
    }

    const alsoToSlack = props.alsoToSlack ?? [];
    if (alsoToSlack.length > 0 && !props.slack) throw propsError(this, `alsoToSlack needs slack: without a channel nothing receives ${alsoToSlack.join(", ")}`);
    const repeated = alsoToSlack.find((name, index) => alsoToSlack.indexOf(name) !== index);
    if (repeated !== undefined) throw propsError(this, `alsoToSlack must name each topic once, got "${repeated}" twice`);

    let chatTopic: SnsTopic | undefined;
    if (props.slack) {
      chatTopic = new SnsTopic(this, "chat-topic", { name: chatTopicName, kmsMasterKeyId: key.arn });
      this.allowPublishing("chat-topic", chatTopic, ["events.amazonaws.com"], account);
      this.chatTopicArn = chatTopic.arn;
      // Looked up, so a plan fails early (topic not found) if the stack that creates one was not applied yet.
      const others = alsoToSlack.map((name) => new DataAwsSnsTopic(this, `also-to-slack-${name}`, { name }).arn);
      this.addSlack(props, props.slack, [topic.arn, chatTopic.arn, ...others]);
    }

    const rules = [...DeployNotifications.registryRules(props.repositoryPrefix), ...(props.clusterName === undefined ? [] : DeployNotifications.eksRules(props.clusterName))];
    for (const rule of rules) this.addRule(props.name, rule, topic, chatTopic);
  }

  private addKey(name: string, account: DataAwsCallerIdentity, partition: DataAwsPartition, topicArns: string[]): KmsKey {
    const policy = new DataAwsIamPolicyDocument(this, "key-policy", {
      statement: [
        {
          // The standard key-administration statement: without it nobody in the account could manage
          // the key. In a key policy "*" means this key, and IAM policies still decide who may act.
          sid: "AccountAdministersKey",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [`arn:${partition.partition}:iam::${account.accountId}:root`] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        {
          // CloudWatch alarms cannot publish to an encrypted topic unless they may use its key.
          sid: "CloudWatchUsesKey",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: [DeployNotifications.CLOUDWATCH] }],
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
        },
        {
          // EventBridge's request to KMS carries no aws:SourceAccount or aws:SourceArn (the SNS guide:
          // those conditions are not supported for EventBridge to encrypted topics; with them no
          // event is ever delivered). The encryption context names the topic instead, so the key
          // serves only this construct's topics; the topic policies keep the confused-deputy check.
          sid: "EventBridgeUsesKeyForTheseTopics",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: [DeployNotifications.EVENTBRIDGE] }],
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
          condition: [{ test: "StringEquals", variable: "kms:EncryptionContext:aws:sns:topicArn", values: topicArns }],
        },
      ],
    });
    const key = new KmsKey(this, "key", {
      description: `Encrypts the ${name} notification topics`,
      enableKeyRotation: true,
      deletionWindowInDays: DeployNotifications.KEY_DELETION_WINDOW_DAYS,
      policy: policy.json,
    });
    new KmsAlias(this, "key-alias", { name: DeployNotifications.names(name).keyAlias, targetKeyId: key.keyId });
    return key;
  }

  /**
   * The topic policy names only the AWS services that publish. Principals of this account need no
   * grant here: their IAM policies (and the key policy's root statement) already decide for them.
   */
  private allowPublishing(id: string, topic: SnsTopic, services: readonly string[], account: DataAwsCallerIdentity): void {
    const policy = new DataAwsIamPolicyDocument(this, `${id}-policy-document`, {
      statement: [
        {
          sid: "AwsServicesOfThisAccountPublish",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: [...services] }],
          actions: ["sns:Publish"],
          resources: [topic.arn],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
        },
      ],
    });
    new SnsTopicPolicy(this, `${id}-policy`, { arn: topic.arn, policy: policy.json });
  }

  /** Needs the Slack workspace authorized once in the AWS Chatbot console, or the apply fails. */
  private addSlack(props: DeployNotificationsProps, slack: SlackChannel, topicArns: readonly string[]): void {
    // CloudWatch's read actions have no resource-level permissions: "*" is the only resource.
    const notificationsOnly = { sid: "RenderNotifications", actions: [...DeployNotifications.NOTIFICATION_ACTIONS], resources: ["*"] };
    const role = new ServiceRole(this, "chatbot-role", {
      name: fitName(`${props.name}-chatbot`, AwsNameLimit.IAM_ROLE),
      servicePrincipal: "chatbot.amazonaws.com",
      statements: [notificationsOnly],
    });
    // Without a guardrail Chatbot applies AdministratorAccess to what channel members may run.
    const guardrailDocument = new DataAwsIamPolicyDocument(this, "chatbot-guardrail-document", {
      statement: [{ ...notificationsOnly, effect: "Allow" }],
    });
    const guardrail = new IamPolicy(this, "chatbot-guardrail", {
      name: fitName(`${props.name}-chatbot-guardrail`, AwsNameLimit.IAM_POLICY),
      description: `Caps what the ${props.name} Slack channel can do through Chatbot: render notifications`,
      policy: guardrailDocument.json,
    });
    new ChatbotSlackChannelConfiguration(this, "slack", {
      configurationName: fitName(`${props.name}-slack`, DeployNotifications.CHATBOT_CONFIGURATION_NAME_LIMIT),
      region: props.chatbotRegion ?? DeployNotifications.DEFAULT_CHATBOT_REGION,
      slackTeamId: slack.teamId,
      slackChannelId: slack.channelId,
      snsTopicArns: [...topicArns],
      iamRoleArn: role.roleArn,
      guardrailPolicyArns: [guardrail.arn],
      // Members act with their own IAM identity, never with the channel's role.
      userAuthorizationRequired: true,
      loggingLevel: "ERROR",
    });
  }

  private addRule(name: string, spec: NotificationRule, topic: SnsTopic, chatTopic: SnsTopic | undefined): void {
    const rule = new CloudwatchEventRule(this, spec.id, {
      name: fitName(`${name}-${spec.id}`, AwsNameLimit.EVENTBRIDGE_RULE),
      description: spec.description,
      eventPattern: JSON.stringify(spec.pattern),
    });
    // A template that is a JSON string ("…") reaches SNS as that plain text. EventBridge does not
    // escape the values it fills in; every path used here yields names, tags, digests, codes or numbers.
    new CloudwatchEventTarget(this, `${spec.id}-to-topic`, {
      rule: rule.name,
      targetId: "topic",
      arn: topic.arn,
      inputTransformer: { inputPaths: { ...spec.inputPaths }, inputTemplate: JSON.stringify(spec.sentence) },
    });
    if (!chatTopic) return;
    const card = { version: "1.0", source: "custom", content: { textType: "client-markdown", title: spec.title, description: spec.sentence } };
    new CloudwatchEventTarget(this, `${spec.id}-to-chat`, {
      rule: rule.name,
      targetId: "chat",
      arn: chatTopic.arn,
      inputTransformer: { inputPaths: { ...spec.inputPaths }, inputTemplate: JSON.stringify(card) },
    });
  }

  /**
   * ECR pushes and basic-scan results. A message may only use paths the pattern guarantees: an input
   * path that matches nothing is left out of the message. ECR omits a severity with no findings from
   * `finding-severity-counts`, so findings are split into three disjoint rules by which of CRITICAL
   * and HIGH is present, and an absent count is written as a literal 0. Scan events list tags in an
   * array that may be empty, so scans are named by digest (`repository@sha256:…`, a pullable reference).
   */
  private static registryRules(repositoryPrefix: string): NotificationRule[] {
    const repository = [{ prefix: repositoryPrefix }];
    const found = [{ numeric: [">", 0] }];
    const absent = [{ exists: false }];
    const scanPaths = { "repository-name": "$.detail.repository-name", "image-digest": "$.detail.image-digest" };
    const scan = (id: string, severities: string, counts: PatternFields, paths: Record<string, string>, critical: string, high: string): NotificationRule => ({
      id,
      description: `Image scans of ${repositoryPrefix}* with ${severities} findings`,
      pattern: {
        source: ["aws.ecr"],
        "detail-type": ["ECR Image Scan"],
        detail: { "scan-status": ["COMPLETE"], "repository-name": repository, "finding-severity-counts": counts },
      },
      inputPaths: { ...scanPaths, ...paths },
      sentence: `<repository-name>@<image-digest> scan found ${critical} critical and ${high} high findings`,
      title: ":rotating_light: Image scan findings",
    });
    const criticalPath = { critical: "$.detail.finding-severity-counts.CRITICAL" };
    const highPath = { high: "$.detail.finding-severity-counts.HIGH" };
    return [
      {
        id: "image-pushed",
        description: `Successful image pushes to ${repositoryPrefix}*`,
        pattern: {
          source: ["aws.ecr"],
          "detail-type": ["ECR Image Action"],
          // An untagged push (a multi-arch image's per-platform manifest) is not worth a message.
          detail: { "action-type": ["PUSH"], result: ["SUCCESS"], "repository-name": repository, "image-tag": [{ exists: true }] },
        },
        inputPaths: { "repository-name": "$.detail.repository-name", "image-tag": "$.detail.image-tag", "image-digest": "$.detail.image-digest" },
        sentence: "<repository-name>: pushed image tag <image-tag> (<image-digest>)",
        title: ":package: Image pushed",
      },
      scan("scan-critical-and-high", "critical and high", { CRITICAL: found, HIGH: found }, { ...criticalPath, ...highPath }, "<critical>", "<high>"),
      scan("scan-critical", "critical but no high", { CRITICAL: found, HIGH: absent }, criticalPath, "<critical>", "0"),
      scan("scan-high", "high but no critical", { CRITICAL: absent, HIGH: found }, highPath, "0", "<high>"),
    ];
  }

  /**
   * What EKS really sends to EventBridge: AWS Health events for the EKS service, and the add-on
   * events of the `aws.eks` source. Node group health is not among them. The add-on events' `detail`
   * is not documented, so that message uses only envelope fields every event has, and neither rule
   * can be narrowed to one cluster: they report the account and region.
   */
  private static eksRules(clusterName: string): NotificationRule[] {
    return [
      {
        id: "eks-health",
        description: "AWS Health events for EKS in this account",
        pattern: { source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { service: ["EKS"] } },
        inputPaths: { "event-type": "$.detail.eventTypeCode", category: "$.detail.eventTypeCategory", time: "$.time" },
        sentence: "AWS Health reports an EKS <category>: <event-type> (<time>); details in the AWS Health Dashboard",
        title: ":warning: AWS Health: EKS",
      },
      {
        id: "eks-addon",
        description: "EKS add-on failures and health changes in this account",
        pattern: { source: ["aws.eks"], "detail-type": [...DeployNotifications.EKS_ADDON_EVENTS] },
        inputPaths: { "detail-type": "$.detail-type", time: "$.time" },
        sentence: `<detail-type> (<time>); see which add-on with: aws eks list-addons --cluster-name ${clusterName}`,
        title: ":warning: EKS add-on",
      },
    ];
  }

  private checkProps(props: DeployNotificationsProps): void {
    if (!Token.isUnresolved(props.name) && !/^[A-Za-z0-9_-]+$/.test(props.name)) {
      throw propsError(this, `name must be letters, digits, "-" or "_" (it prefixes topic, key alias and rule names), got "${props.name}"`);
    }
    if (!Token.isUnresolved(props.repositoryPrefix) && !/^[a-z0-9._/-]+$/.test(props.repositoryPrefix)) {
      throw propsError(this, `repositoryPrefix must be the start of ECR repository names (lowercase letters, digits, ".", "_", "-", "/"), got "${props.repositoryPrefix}"`);
    }
    const seen = new Set<string>();
    for (const address of props.emails ?? []) {
      if (!/^[^\s@"<>\\/]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(address)) {
        throw propsError(this, `emails must be e-mail addresses like ops@example.com, got "${address}"`);
      }
      if (seen.has(address.toLowerCase())) throw propsError(this, `emails must not list an address twice, got "${address}" again`);
      seen.add(address.toLowerCase());
    }
    if (props.slack && !/^T[A-Z0-9]{8,11}$/.test(props.slack.teamId)) {
      throw propsError(this, `slack.teamId must be a Slack workspace ID like T0123ABCD (T and 8 to 11 capital letters or digits), got "${props.slack.teamId}"`);
    }
    if (props.slack && !/^[CG][A-Z0-9]{8,11}$/.test(props.slack.channelId)) {
      throw propsError(this, `slack.channelId must be a Slack channel ID like C0123ABCD (C or G and 8 to 11 capital letters or digits), got "${props.slack.channelId}"`);
    }
    // The name goes into a message template, so it must be a real cluster name (no quotes to escape).
    const cluster = props.clusterName;
    if (cluster !== undefined && !Token.isUnresolved(cluster) && !/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(cluster)) {
      throw propsError(this, `clusterName must be an EKS cluster name (a letter or digit, then letters, digits, "-" or "_", at most 100), got "${cluster}"`);
    }
  }
}
