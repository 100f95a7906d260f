import { ChatbotSlackChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-slack-channel-configuration";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformOutput } from "cdktf";
import { DeployNotifications, type DeployNotificationsProps } from "../constructs/delivery/deploy-notifications";
import { awsTestStack, blocksOf, synthStack, type SynthesizedStack } from "./helpers";

const SLACK = { teamId: "T0123ABCDE", channelId: "C0123ABCDE" };

function synthNotifications(props: Partial<DeployNotificationsProps> = {}) {
  const stack = awsTestStack();
  const notifications = new DeployNotifications(stack, "notifications", { name: "demo", repositoryPrefix: "demo/", ...props });
  // The outputs show what the public properties resolve to.
  new TerraformOutput(stack, "topic_arn", { value: notifications.topicArn });
  new TerraformOutput(stack, "topic_name", { value: notifications.topicName });
  new TerraformOutput(stack, "kms_key_arn", { value: notifications.kmsKeyArn });
  if (notifications.chatTopicArn) new TerraformOutput(stack, "chat_topic_arn", { value: notifications.chatTopicArn });
  return { notifications, ...synthStack(stack) };
}

/** A data or resource block by the construct id it was created with (logical ids are `notifications_<id>_<hash>`). */
function block(json: SynthesizedStack, type: string, id: string, kind: "resource" | "data" = "resource"): Record<string, any> {
  const entries = Object.entries(json[kind]?.[type] ?? {}).filter(([logicalId]) => new RegExp(`^notifications_${id}_[0-9A-F]{8}$`).test(logicalId));
  expect(entries).toHaveLength(1);
  const { "//": _metadata, ...rest } = entries[0][1];
  return rest;
}

const ref = (type: string, id: string, attribute: string) => new RegExp(`^\\$\\{${type.replace(/\./g, "\\.")}\\.notifications_${id}_[0-9A-F]{8}\\.${attribute}\\}$`);
const ACCOUNT = expect.stringMatching(/^\$\{data\.aws_caller_identity\.notifications_account_\w+\.account_id\}$/);
const SOURCE_ACCOUNT = [{ test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] }];

/** The targets of one rule, by target id. */
function targetsOf(json: SynthesizedStack, ruleId: string): Record<string, Record<string, any>> {
  const targets = blocksOf(json, "aws_cloudwatch_event_target").filter((target) => ref("aws_cloudwatch_event_rule", ruleId, "name").test(target.rule));
  return Object.fromEntries(targets.map((target) => [target.target_id, target]));
}

const ruleNames = (json: SynthesizedStack) => blocksOf(json, "aws_cloudwatch_event_rule").map((rule) => rule.name).sort();

describe("DeployNotifications", () => {
  describe("KMS key", () => {
    test("rotates yearly, can be deleted after 7 days and has the alias alias/<name>-notifications", () => {
      const { text, json } = synthNotifications();
      expect(text).toHaveResourceWithProperties(KmsKey, {
        enable_key_rotation: true,
        deletion_window_in_days: 7,
        policy: expect.stringMatching(/^\$\{data\.aws_iam_policy_document\.notifications_key-policy_\w+\.json\}$/),
      });
      expect(blocksOf(json, "aws_kms_alias")).toEqual([{ name: "alias/demo-notifications", target_key_id: expect.stringMatching(ref("aws_kms_key", "key", "key_id")) }]);
    });

    test("lets the account administer it, CloudWatch of this account and EventBridge for the construct's topics encrypt and decrypt", () => {
      const { json } = synthNotifications();
      const topicArn = (name: string) =>
        expect.stringMatching(
          new RegExp(`^arn:\\$\\{data\\.aws_partition\\.notifications_partition_\\w+\\.partition\\}:sns:\\$\\{data\\.aws_region\\.notifications_region_\\w+\\.region\\}:\\$\\{data\\.aws_caller_identity\\.notifications_account_\\w+\\.account_id\\}:${name}$`),
        );
      expect(block(json, "aws_iam_policy_document", "key-policy", "data").statement).toEqual([
        {
          sid: "AccountAdministersKey",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [expect.stringMatching(/^arn:\$\{data\.aws_partition\.notifications_partition_\w+\.partition\}:iam::\$\{data\.aws_caller_identity\.notifications_account_\w+\.account_id\}:root$/)] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        {
          sid: "CloudWatchUsesKey",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
          condition: SOURCE_ACCOUNT,
        },
        {
          // No aws:SourceAccount here: EventBridge to an encrypted topic fails with it (the SNS guide).
          sid: "EventBridgeUsesKeyForTheseTopics",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
          condition: [{ test: "StringEquals", variable: "kms:EncryptionContext:aws:sns:topicArn", values: [topicArn("demo-notifications")] }],
        },
      ]);
    });

    test("with Slack, EventBridge may use the key for the chat topic too", () => {
      const { json } = synthNotifications({ slack: SLACK });
      const statement = block(json, "aws_iam_policy_document", "key-policy", "data").statement.find((item: { sid: string }) => item.sid === "EventBridgeUsesKeyForTheseTopics");
      expect(statement.condition[0].values).toEqual([expect.stringMatching(/:demo-notifications$/), expect.stringMatching(/:demo-notifications-chat$/)]);
    });
  });

  describe("topic", () => {
    test("is named <name>-notifications and encrypted with the construct's key", () => {
      const { json, notifications } = synthNotifications();
      expect(blocksOf(json, "aws_sns_topic")).toEqual([{ name: "demo-notifications", kms_master_key_id: expect.stringMatching(ref("aws_kms_key", "key", "arn")) }]);
      expect(json.output!.topic_arn.value).toMatch(ref("aws_sns_topic", "topic", "arn"));
      expect(json.output!.topic_name.value).toMatch(ref("aws_sns_topic", "topic", "name"));
      expect(json.output!.kms_key_arn.value).toMatch(ref("aws_kms_key", "key", "arn"));
      expect(notifications.chatTopicArn).toBeUndefined();
    });

    test("a long name is shortened to SNS's 256 characters", () => {
      const name = "n".repeat(250);
      const { json } = synthNotifications({ name });
      const [topic] = blocksOf(json, "aws_sns_topic");
      expect(topic.name).toHaveLength(256);
      expect(topic.name).toMatch(/^n+-[0-9a-f]{8}$/);
    });

    test("its policy lets only EventBridge and CloudWatch of this account publish, to this topic", () => {
      const { json } = synthNotifications();
      expect(blocksOf(json, "aws_sns_topic_policy")).toEqual([
        { arn: expect.stringMatching(ref("aws_sns_topic", "topic", "arn")), policy: expect.stringMatching(/^\$\{data\.aws_iam_policy_document\.notifications_topic-policy-document_\w+\.json\}$/) },
      ]);
      expect(block(json, "aws_iam_policy_document", "topic-policy-document", "data").statement).toEqual([
        {
          sid: "AwsServicesOfThisAccountPublish",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com", "cloudwatch.amazonaws.com"] }],
          actions: ["sns:Publish"],
          resources: [expect.stringMatching(ref("aws_sns_topic", "topic", "arn"))],
          condition: SOURCE_ACCOUNT,
        },
      ]);
    });
  });

  describe("e-mail", () => {
    test("no addresses, no subscriptions", () => {
      expect(blocksOf(synthNotifications().json, "aws_sns_topic_subscription")).toHaveLength(0);
    });

    test("one e-mail subscription to the topic per address", () => {
      const { json } = synthNotifications({ emails: ["ops@example.com", "Lead.Name@example.org"] });
      const subscriptions = blocksOf(json, "aws_sns_topic_subscription").sort((a, b) => a.endpoint.localeCompare(b.endpoint));
      expect(subscriptions).toEqual([
        { topic_arn: expect.stringMatching(ref("aws_sns_topic", "topic", "arn")), protocol: "email", endpoint: "Lead.Name@example.org" },
        { topic_arn: expect.stringMatching(ref("aws_sns_topic", "topic", "arn")), protocol: "email", endpoint: "ops@example.com" },
      ]);
    });

    test("subscriptions are keyed by address, so adding and removing others leaves an address's subscription in place", () => {
      const ids = (emails: string[]) => Object.keys(synthNotifications({ emails }).json.resource!.aws_sns_topic_subscription);
      const before = ids(["a@example.com", "keep.me@example.com"]);
      const after = ids(["keep.me@example.com", "z@example.com"]);
      const kept = before.filter((id) => id.includes("keepmeexamplecom"));
      expect(kept).toHaveLength(1);
      expect(after).toContain(kept[0]);
      expect(kept[0]).toMatch(/^notifications_email-keepmeexamplecom_[0-9A-F]{8}$/);
      // Addresses that differ only in characters Terraform names drop still get distinct resources.
      expect(new Set(ids(["a.b@example.com", "ab@example.com"])).size).toBe(2);
    });
  });

  describe("EventBridge rules", () => {
    const topicTarget = (json: SynthesizedStack, ruleId: string) => {
      const targets = targetsOf(json, ruleId);
      expect(Object.keys(targets)).toEqual(["topic"]);
      expect(targets.topic.arn).toMatch(ref("aws_sns_topic", "topic", "arn"));
      return targets.topic.input_transformer;
    };
    const pattern = (json: SynthesizedStack, ruleId: string) => JSON.parse(block(json, "aws_cloudwatch_event_rule", ruleId).event_pattern);
    const scanDetail = (counts: object) => ({ "scan-status": ["COMPLETE"], "repository-name": [{ prefix: "demo/" }], "finding-severity-counts": counts });
    const scanPaths = { "repository-name": "$.detail.repository-name", "image-digest": "$.detail.image-digest" };

    test("without a cluster: the push and the three scan rules, named <name>-<rule>", () => {
      expect(ruleNames(synthNotifications().json)).toEqual(["demo-image-pushed", "demo-scan-critical", "demo-scan-critical-and-high", "demo-scan-high"]);
    });

    test("a successful, tagged push to a repository under the prefix reads as a sentence", () => {
      const { json } = synthNotifications();
      expect(pattern(json, "image-pushed")).toEqual({
        source: ["aws.ecr"],
        "detail-type": ["ECR Image Action"],
        detail: { "action-type": ["PUSH"], result: ["SUCCESS"], "repository-name": [{ prefix: "demo/" }], "image-tag": [{ exists: true }] },
      });
      expect(topicTarget(json, "image-pushed")).toEqual({
        input_paths: { "repository-name": "$.detail.repository-name", "image-tag": "$.detail.image-tag", "image-digest": "$.detail.image-digest" },
        input_template: '"<repository-name>: pushed image tag <image-tag> (<image-digest>)"',
      });
    });

    test.each<[string, object, Record<string, string>, string]>([
      [
        "scan-critical-and-high",
        { CRITICAL: [{ numeric: [">", 0] }], HIGH: [{ numeric: [">", 0] }] },
        { critical: "$.detail.finding-severity-counts.CRITICAL", high: "$.detail.finding-severity-counts.HIGH" },
        '"<repository-name>@<image-digest> scan found <critical> critical and <high> high findings"',
      ],
      [
        "scan-critical",
        { CRITICAL: [{ numeric: [">", 0] }], HIGH: [{ exists: false }] },
        { critical: "$.detail.finding-severity-counts.CRITICAL" },
        '"<repository-name>@<image-digest> scan found <critical> critical and 0 high findings"',
      ],
      [
        "scan-high",
        { CRITICAL: [{ exists: false }], HIGH: [{ numeric: [">", 0] }] },
        { high: "$.detail.finding-severity-counts.HIGH" },
        '"<repository-name>@<image-digest> scan found 0 critical and <high> high findings"',
      ],
    ])("%s: a complete scan matches on the counts and reads only paths its pattern guarantees", (ruleId, counts, countPaths, template) => {
      const { json } = synthNotifications();
      expect(pattern(json, ruleId)).toEqual({ source: ["aws.ecr"], "detail-type": ["ECR Image Scan"], detail: scanDetail(counts) });
      expect(topicTarget(json, ruleId)).toEqual({ input_paths: { ...scanPaths, ...countPaths }, input_template: template });
    });

    test("the three scan rules never match the same event: each pair disagrees on CRITICAL or HIGH being present", () => {
      const { json } = synthNotifications();
      const presence = (ruleId: string) => {
        const counts = pattern(json, ruleId).detail["finding-severity-counts"];
        return ["CRITICAL", "HIGH"].map((severity) => ("numeric" in counts[severity][0] ? "present" : "absent")).join("/");
      };
      expect(["scan-critical-and-high", "scan-critical", "scan-high"].map(presence)).toEqual(["present/present", "present/absent", "absent/present"]);
    });

    test("with a cluster: AWS Health events for EKS and EKS add-on failures and health changes", () => {
      const { json } = synthNotifications({ clusterName: "demo-cluster" });
      expect(ruleNames(json)).toEqual(["demo-eks-addon", "demo-eks-health", "demo-image-pushed", "demo-scan-critical", "demo-scan-critical-and-high", "demo-scan-high"]);
      expect(pattern(json, "eks-health")).toEqual({ source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { service: ["EKS"] } });
      expect(topicTarget(json, "eks-health")).toEqual({
        input_paths: { "event-type": "$.detail.eventTypeCode", category: "$.detail.eventTypeCategory", time: "$.time" },
        input_template: '"AWS Health reports an EKS <category>: <event-type> (<time>); details in the AWS Health Dashboard"',
      });
      expect(pattern(json, "eks-addon")).toEqual({
        source: ["aws.eks"],
        "detail-type": ["EKS Addon Creation Failed", "EKS Addon Update Failed", "EKS Addon Deletion Failed", "EKS Addon Health Degraded", "EKS Addon Health Restored"],
      });
      expect(topicTarget(json, "eks-addon")).toEqual({
        input_paths: { "detail-type": "$.detail-type", time: "$.time" },
        input_template: '"<detail-type> (<time>); see which add-on with: aws eks list-addons --cluster-name demo-cluster"',
      });
    });

    test("every template is one JSON string (plain text for SNS) whose placeholders all have an input path", () => {
      const { json } = synthNotifications({ clusterName: "demo-cluster" });
      const targets = blocksOf(json, "aws_cloudwatch_event_target");
      expect(targets).toHaveLength(6);
      for (const { input_transformer: transformer } of targets) {
        const sentence = JSON.parse(transformer.input_template);
        expect(typeof sentence).toBe("string");
        const placeholders = [...sentence.matchAll(/<([\w-]+)>/g)].map((match) => match[1]).sort();
        expect(placeholders).toEqual(Object.keys(transformer.input_paths).sort());
      }
    });

    test("rule names fit EventBridge's 64 characters and stay distinct", () => {
      const { json } = synthNotifications({ name: "a-very-long-cohort-name-that-goes-on-and-on-for-sixty-chars", clusterName: "demo" });
      const names = ruleNames(json);
      names.forEach((name) => expect(name.length).toBeLessThanOrEqual(64));
      expect(new Set(names).size).toBe(6);
    });
  });

  describe("Slack", () => {
    test("without slack: no Chatbot configuration, role, chat topic or chat targets", () => {
      const { json } = synthNotifications({ clusterName: "demo" });
      expect(blocksOf(json, "aws_chatbot_slack_channel_configuration")).toHaveLength(0);
      expect(blocksOf(json, "aws_iam_role")).toHaveLength(0);
      expect(blocksOf(json, "aws_sns_topic")).toHaveLength(1);
      expect(blocksOf(json, "aws_cloudwatch_event_target").map((target) => target.target_id)).toEqual(Array(6).fill("topic"));
    });

    test("the channel gets both topics, a notification-only role and guardrail, user authorization, managed from us-east-2", () => {
      const { text, json } = synthNotifications({ slack: SLACK });
      expect(blocksOf(json, "aws_chatbot_slack_channel_configuration")).toEqual([
        {
          configuration_name: "demo-slack",
          region: "us-east-2",
          slack_team_id: "T0123ABCDE",
          slack_channel_id: "C0123ABCDE",
          sns_topic_arns: [expect.stringMatching(ref("aws_sns_topic", "topic", "arn")), expect.stringMatching(ref("aws_sns_topic", "chat-topic", "arn"))],
          iam_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.notifications_chatbot-role_\w+\.arn\}$/),
          guardrail_policy_arns: [expect.stringMatching(/^\$\{aws_iam_policy\.notifications_chatbot-guardrail_\w+\.arn\}$/)],
          user_authorization_required: true,
          logging_level: "ERROR",
        },
      ]);
      expect(text).toHaveResourceWithProperties(ChatbotSlackChannelConfiguration, { region: "us-east-2" });

      expect(blocksOf(json, "aws_iam_role")).toEqual([{ name: "demo-chatbot", assume_role_policy: expect.stringContaining("chatbot-role_trust") }]);
      const trust = blocksOf(json, "aws_iam_policy_document", "data").find((document) => document.statement[0].actions.includes("sts:AssumeRole"));
      expect(trust!.statement).toEqual([{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["chatbot.amazonaws.com"] }] }]);
      // No AWS managed policy: CloudWatchReadOnlyAccess would let the channel read every log group (audit and flow logs too).
      expect(blocksOf(json, "aws_iam_role_policy_attachment")).toEqual([]);
      const notificationsOnly = { sid: "RenderNotifications", effect: "Allow", actions: ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"], resources: ["*"] };
      expect(block(json, "aws_iam_policy_document", "chatbot-role_permissions", "data").statement).toEqual([notificationsOnly]);
      expect(block(json, "aws_iam_policy_document", "chatbot-guardrail-document", "data").statement).toEqual([notificationsOnly]);
      expect(blocksOf(json, "aws_iam_policy")).toEqual([
        { name: "demo-chatbot-guardrail", description: expect.stringContaining("render notifications"), policy: expect.stringContaining("chatbot-guardrail-document") },
      ]);
    });

    test("the Chatbot region can be chosen", () => {
      const [configuration] = blocksOf(synthNotifications({ slack: SLACK, chatbotRegion: "eu-west-1" }).json, "aws_chatbot_slack_channel_configuration");
      expect(configuration.region).toBe("eu-west-1");
    });

    test("the chat topic is encrypted with the same key and only EventBridge of this account may publish to it", () => {
      const { json } = synthNotifications({ slack: SLACK });
      expect(block(json, "aws_sns_topic", "chat-topic")).toEqual({ name: "demo-notifications-chat", kms_master_key_id: expect.stringMatching(ref("aws_kms_key", "key", "arn")) });
      expect(json.output!.chat_topic_arn.value).toMatch(ref("aws_sns_topic", "chat-topic", "arn"));
      expect(block(json, "aws_sns_topic_policy", "chat-topic-policy").arn).toMatch(ref("aws_sns_topic", "chat-topic", "arn"));
      expect(block(json, "aws_iam_policy_document", "chat-topic-policy-document", "data").statement).toEqual([
        {
          sid: "AwsServicesOfThisAccountPublish",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
          actions: ["sns:Publish"],
          resources: [expect.stringMatching(ref("aws_sns_topic", "chat-topic", "arn"))],
          condition: SOURCE_ACCOUNT,
        },
      ]);
      // E-mail stays on the main topic.
      const { json: withEmail } = synthNotifications({ slack: SLACK, emails: ["ops@example.com"] });
      expect(blocksOf(withEmail, "aws_sns_topic_subscription").map((subscription) => subscription.topic_arn)).toEqual([expect.stringMatching(ref("aws_sns_topic", "topic", "arn"))]);
    });

    test.each(["image-pushed", "scan-critical-and-high", "scan-critical", "scan-high", "eks-health", "eks-addon"])(
      "%s also sends the same sentence to the chat topic as a Chatbot custom notification",
      (ruleId) => {
        const { json } = synthNotifications({ slack: SLACK, clusterName: "demo-cluster" });
        const targets = targetsOf(json, ruleId);
        expect(Object.keys(targets).sort()).toEqual(["chat", "topic"]);
        expect(targets.chat.arn).toMatch(ref("aws_sns_topic", "chat-topic", "arn"));
        expect(targets.chat.input_transformer.input_paths).toEqual(targets.topic.input_transformer.input_paths);
        expect(JSON.parse(targets.chat.input_transformer.input_template)).toEqual({
          version: "1.0",
          source: "custom",
          content: { textType: "client-markdown", title: expect.stringMatching(/^:\w+: \S/), description: JSON.parse(targets.topic.input_transformer.input_template) },
        });
      },
    );
  });

  describe("rejects bad props with a message naming the construct, the prop and the value", () => {
    test.each<[string, Partial<DeployNotificationsProps>, string]>([
      ["a name with a space", { name: "demo cohort" }, 'DeployNotifications test/notifications: name must be letters, digits, "-" or "_" (it prefixes topic, key alias and rule names), got "demo cohort"'],
      ["an empty repository prefix", { repositoryPrefix: "" }, 'DeployNotifications test/notifications: repositoryPrefix must be the start of ECR repository names (lowercase letters, digits, ".", "_", "-", "/"), got ""'],
      ["an uppercase repository prefix", { repositoryPrefix: "Demo/" }, 'DeployNotifications test/notifications: repositoryPrefix must be the start of ECR repository names (lowercase letters, digits, ".", "_", "-", "/"), got "Demo/"'],
      ["an address without a domain", { emails: ["ops@example"] }, 'DeployNotifications test/notifications: emails must be e-mail addresses like ops@example.com, got "ops@example"'],
      ["an address with a space", { emails: ["ops team@example.com"] }, 'DeployNotifications test/notifications: emails must be e-mail addresses like ops@example.com, got "ops team@example.com"'],
      ["an address twice", { emails: ["ops@example.com", "OPS@example.com"] }, 'DeployNotifications test/notifications: emails must not list an address twice, got "OPS@example.com" again'],
      ["a lowercase team id", { slack: { ...SLACK, teamId: "t0123abcde" } }, 'DeployNotifications test/notifications: slack.teamId must be a Slack workspace ID like T0123ABCD (T and 8 to 11 capital letters or digits), got "t0123abcde"'],
      ["a short team id", { slack: { ...SLACK, teamId: "T0123" } }, 'DeployNotifications test/notifications: slack.teamId must be a Slack workspace ID like T0123ABCD (T and 8 to 11 capital letters or digits), got "T0123"'],
      ["a channel name", { slack: { ...SLACK, channelId: "#deploys" } }, 'DeployNotifications test/notifications: slack.channelId must be a Slack channel ID like C0123ABCD (C or G and 8 to 11 capital letters or digits), got "#deploys"'],
      ["a user id as channel", { slack: { ...SLACK, channelId: "U0123ABCDE" } }, 'DeployNotifications test/notifications: slack.channelId must be a Slack channel ID like C0123ABCD (C or G and 8 to 11 capital letters or digits), got "U0123ABCDE"'],
      ["a cluster name with a quote", { clusterName: 'demo"' }, 'DeployNotifications test/notifications: clusterName must be an EKS cluster name (a letter or digit, then letters, digits, "-" or "_", at most 100), got "demo""'],
      ["a cluster name of 101 characters", { clusterName: "c".repeat(101) }, `DeployNotifications test/notifications: clusterName must be an EKS cluster name (a letter or digit, then letters, digits, "-" or "_", at most 100), got "${"c".repeat(101)}"`],
    ])("%s", (_case, props, message) => {
      expect(() => synthNotifications(props)).toThrow(new Error(message));
    });

    test("accepts the longest IDs and a 100-character cluster name", () => {
      expect(() => synthNotifications({ slack: { teamId: "T0123456789A", channelId: "G0123456789A" }, clusterName: "c".repeat(100) })).not.toThrow();
    });
  });
});
