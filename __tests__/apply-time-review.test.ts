import { DenyServiceExternalIps } from "../constructs/policy/deny-service-external-ips";
import { ServiceTypesLab } from "../constructs/cohort/service-types-lab";
import { REQUIRED_TERRAFORM_VERSION } from "../stacks/cohort-stack";
import { blocksOf, buildCohort, cohortWith, synthStack, type SynthesizedStack } from "./helpers";

/**
 * What the expert reviews of the week-10 plan found (issue 9), asserted over every stack of the
 * example cohort at week 10: the things that make `terraform apply` hang, fail or diff forever,
 * or leave a platform that does less than the README says.
 */
const week10 = new Map(buildCohort(cohortWith((data) => (data.throughWeek = 10))).all.map((stack) => [stack.node.id, synthStack(stack).json]));
const stack = (suffix: string): SynthesizedStack => week10.get(`devops-2026-${suffix}`)!;
const everyStack = [...week10.entries()];

/** Per resource type, the attributes that make the provider wait on pods or load balancers, and their defaults. */
const WAITS: Readonly<Record<string, readonly string[]>> = {
  kubernetes_deployment_v1: ["wait_for_rollout"],
  kubernetes_stateful_set_v1: ["wait_for_rollout"],
  kubernetes_daemon_set_v1: ["wait_for_rollout"],
  kubernetes_job_v1: ["wait_for_completion"],
  kubernetes_persistent_volume_claim_v1: ["wait_until_bound"],
  kubernetes_ingress_v1: ["wait_for_load_balancer"],
  helm_release: ["wait"],
};

describe("nothing waits on pods or load balancers", () => {
  test.each(everyStack)("%s: every workload resource turns its wait off explicitly", (_id, json) => {
    for (const [type, attributes] of Object.entries(WAITS)) {
      for (const block of blocksOf(json, type)) {
        for (const attribute of attributes) expect({ type, name: block.metadata?.name ?? block.name, [attribute]: block[attribute] }).toEqual(expect.objectContaining({ [attribute]: false }));
      }
    }
    for (const service of blocksOf(json, "kubernetes_service_v1").filter((block) => block.spec.type === "LoadBalancer")) {
      expect(service.wait_for_load_balancer).toBe(false);
    }
  });

  test("the week-10 example has the workload types the check covers", () => {
    const students = stack("students-1");
    expect(blocksOf(students, "kubernetes_stateful_set_v1")).toHaveLength(12);
    expect(blocksOf(students, "kubernetes_deployment_v1").length).toBeGreaterThan(12);
    expect(blocksOf(stack("cluster-services"), "helm_release").length).toBeGreaterThanOrEqual(2);
  });
});

test.each(everyStack)("%s requires Terraform >= 1.10 (S3 lock files)", (_id, json) => {
  expect(json.terraform?.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
});

describe("students cannot reach each other through ClusterIPs", () => {
  test("the cluster pins the Service range EKS would pick for a 10.x VPC", () => {
    const [cluster] = blocksOf(stack("platform"), "aws_eks_cluster");
    expect(cluster.kubernetes_network_config).toEqual({ service_ipv4_cidr: "172.20.0.0/16" });
  });

  test("every tenancy's internet egress rule excludes the VPC, the Service range and instance metadata", () => {
    const internet = blocksOf(stack("students-1"), "kubernetes_network_policy_v1").filter((policy) => policy.metadata.name === "allow-internet-egress");
    expect(internet).toHaveLength(12);
    for (const policy of internet) {
      expect(policy.spec.egress[0].to[0].ip_block).toEqual({ cidr: "0.0.0.0/0", except: ["10.20.0.0/16", "172.20.0.0/16", "169.254.169.254/32"] });
    }
  });
});

describe("the service-types lab", () => {
  test("serves its pod name with agnhost serve-hostname, never netexec (remote shell, upload, dial)", () => {
    const echo = blocksOf(stack("students-1"), "kubernetes_deployment_v1").filter((deployment) => deployment.metadata.name === "echo");
    expect(echo).toHaveLength(12);
    for (const deployment of echo) {
      const [container] = deployment.spec.template.spec.container;
      expect(container.args).toEqual(["serve-hostname", "--http", "--port=8080"]);
      expect(container.image).toBe(ServiceTypesLab.DEFAULT_IMAGE);
    }
    expect(JSON.stringify(stack("students-1"))).not.toContain("netexec");
  });

  test("a LoadBalancer Service names the controller's class itself, so the webhook's default does not replace it on every apply", () => {
    const json = synthStack(buildCohort(cohortWith((data) => Object.assign(data, { throughWeek: 6, quota: { ...data.quota, loadBalancers: 1 } }))).stacks.students[0]).json;
    const balancers = blocksOf(json, "kubernetes_service_v1").filter((service) => service.spec.type === "LoadBalancer");
    expect(balancers).toHaveLength(12);
    for (const service of balancers) expect(service.spec.load_balancer_class).toBe("service.k8s.aws/nlb");
  });
});

describe("the shared ALB", () => {
  test("students may read Ingresses but not write them: the group's routes are Terraform's", () => {
    const edit = blocksOf(stack("students-1"), "kubernetes_role_v1").filter((role) => role.metadata.name === "tenancy-edit");
    expect(edit).toHaveLength(12);
    for (const role of edit) {
      const rules = role.rule.filter((rule: { resources: string[] }) => rule.resources.includes("ingresses"));
      expect(rules).toEqual([{ api_groups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: ["get", "list", "watch"] }]);
    }
  });

  test("each shard's hello-node routes name their shard's IngressGroup; the IngressClass sets no group", () => {
    const { stacks } = buildCohort(cohortWith((data) => Object.assign(data, { throughWeek: 6, workloads: { ...data.workloads, shards: 2 } })));
    const groups = stacks.students.map((shard) => [...new Set(blocksOf(synthStack(shard).json, "kubernetes_ingress_v1").map((ingress) => ingress.metadata.annotations["alb.ingress.kubernetes.io/group.name"]))]);
    expect(groups).toEqual([["devops-2026"], ["devops-2026-2"]]);
    const [controller] = blocksOf(stack("cluster-services"), "helm_release").filter((release) => release.chart === "aws-load-balancer-controller");
    // yamlencode (the VPC id is looked up at plan time): no group in the IngressClassParams.
    expect(controller.values[0]).toContain('"ingressClassParams" = {"create" = true, "name" = "alb", "spec" = {"scheme" = "internet-facing"}}');
  });
});

describe("the load balancer controller", () => {
  const [controller] = blocksOf(stack("cluster-services"), "helm_release").filter((release) => release.chart === "aws-load-balancer-controller");

  test("reserves its resources and lets Services through while it is down", () => {
    expect(controller.values[0]).toContain('"resources" = {"requests" = {"cpu" = "100m", "memory" = "128Mi"}, "limits" = {"memory" = "512Mi"}}');
    expect(controller.values[0]).toContain('"serviceMutatorWebhookConfig" = {"failurePolicy" = "Ignore"}');
  });

  test("its Ingress validation webhook (fixed failurePolicy Fail) is off, so Ingresses never fail while it starts; its AWS resources carry the cohort's tags", () => {
    expect(controller.values[0]).toContain('"webhookConfig" = {"disableIngressValidation" = true}');
    expect(controller.values[0]).toContain('"defaultTags" = {"Cohort" = "devops-2026", "ManagedBy" = "cohort-platform", "Owner" = "study-group", "CostCenter" = "devops-study"}');
  });

  test("is installed without waiting or atomic rollback", () => {
    expect(controller.wait).toBe(false);
    expect(controller.atomic).toBeUndefined();
  });
});

describe("Services with externalIPs (CVE-2020-8554)", () => {
  test("a ValidatingAdmissionPolicy with its binding denies them everywhere but kube-system, from week 5", () => {
    const services5 = synthStack(buildCohort(cohortWith((data) => (data.throughWeek = 5))).stacks.clusterServices!).json;
    const [release] = blocksOf(services5, "helm_release").filter((block) => block.name === DenyServiceExternalIps.NAME);
    expect(release).toEqual(expect.objectContaining({ namespace: "kube-system", wait: false, chart: expect.stringMatching(/^assets\/deny-service-external-ips_policy_chart_[0-9A-F]+\/[0-9A-F]+$/) }));
    const [policy, binding] = JSON.parse(release.values[0]).objects;
    expect(policy).toEqual(
      expect.objectContaining({
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        spec: expect.objectContaining({
          failurePolicy: "Fail",
          matchConstraints: { resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["services"] }] },
          validations: [expect.objectContaining({ expression: "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0" })],
        }),
      }),
    );
    expect(binding.spec).toEqual({
      policyName: "deny-service-external-ips",
      validationActions: ["Deny"],
      matchResources: { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system"] }] } },
    });
  });
});

describe("the private API endpoint and the nodes", () => {
  test("the VPC reaches the API on 443 through the cluster security group", () => {
    const rules = blocksOf(stack("platform"), "aws_vpc_security_group_ingress_rule");
    expect(rules).toContainEqual(expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "10.20.0.0/16", security_group_id: expect.stringContaining("vpc_config[0].cluster_security_group_id") }));
  });

  test("the instances and volumes EKS launches carry the cohort's cost tags", () => {
    for (const template of blocksOf(stack("platform"), "aws_launch_template")) {
      for (const specification of template.tag_specifications) {
        expect(specification.tags).toEqual(expect.objectContaining({ Cohort: "devops-2026", ManagedBy: "cohort-platform", Owner: "study-group", CostCenter: "devops-study" }));
      }
    }
  });

  test("EBS volumes the CSI driver creates carry the cohort's cost tags", () => {
    const ebs = blocksOf(stack("platform"), "aws_eks_addon").find((addon) => addon.addon_name === "aws-ebs-csi-driver")!;
    expect(ebs.configuration_values).toBe(
      '${jsonencode({"controller" = {"extraVolumeTags" = {"Cohort" = "devops-2026", "ManagedBy" = "cohort-platform", "Owner" = "study-group", "CostCenter" = "devops-study"}}})}',
    );
  });

  test("metrics-server, a community add-on without a default version, looks up the newest version", () => {
    const lookups = blocksOf(stack("platform"), "aws_eks_addon_version", "data");
    expect(lookups.find((lookup) => lookup.addon_name === "metrics-server")).toEqual(expect.objectContaining({ most_recent: true, kubernetes_version: "1.36" }));
    expect(lookups.find((lookup) => lookup.addon_name === "coredns")).toEqual(expect.objectContaining({ most_recent: false, kubernetes_version: "1.36" }));
  });
});

describe("notifications reach their subscribers", () => {
  const platform = stack("platform");
  const keyPolicy = blocksOf(platform, "aws_iam_policy_document", "data").find((document) => document.statement.some((statement: { sid?: string }) => statement.sid === "EventBridgeUsesKeyForTheseTopics"));

  test("EventBridge may use the topic key without aws:Source* conditions, only for the cohort's topics", () => {
    const statement = keyPolicy!.statement.find((item: { sid?: string }) => item.sid === "EventBridgeUsesKeyForTheseTopics");
    expect(statement.principals).toEqual([{ type: "Service", identifiers: ["events.amazonaws.com"] }]);
    expect(statement.condition).toEqual([
      {
        test: "StringEquals",
        variable: "kms:EncryptionContext:aws:sns:topicArn",
        values: [expect.stringMatching(/:sns:\$\{data\.aws_region\.[^}]+\}:\$\{data\.aws_caller_identity\.[^}]+\}:devops-2026-notifications$/), expect.stringMatching(/:devops-2026-notifications-chat$/)],
      },
    ]);
    expect(JSON.stringify(statement)).not.toContain("aws:Source");
  });

  test("the Slack channel can only render notifications: no logs, no AWS managed read-only policy, user authorization on", () => {
    const [slack] = blocksOf(platform, "aws_chatbot_slack_channel_configuration");
    expect(slack.user_authorization_required).toBe(true);
    expect(slack.guardrail_policy_arns).toEqual([expect.stringMatching(/^\$\{aws_iam_policy\.notifications_chatbot-guardrail_\w+\.arn\}$/)]);
    expect(JSON.stringify(platform)).not.toMatch(/CloudWatchReadOnlyAccess|policy\/ReadOnlyAccess/);
    // The Chatbot role and its guardrail (students' own log groups have read policies of their own, from week 8).
    const chatbotDocuments = Object.entries(platform.data!.aws_iam_policy_document).filter(([name]) => name.startsWith("notifications_chatbot"));
    expect(chatbotDocuments.length).toBeGreaterThan(0);
    expect(JSON.stringify(chatbotDocuments)).not.toContain("logs:");
  });
});

describe("lab workstations", () => {
  test("the instance role cannot read the account's SSM parameters, only AWS's public ones", () => {
    const labs = stack("labs");
    const deny = blocksOf(labs, "aws_iam_policy_document", "data").flatMap((document) => document.statement).find((statement) => statement.sid === "OnlyPublicParameters");
    expect(deny).toEqual({
      sid: "OnlyPublicParameters",
      effect: "Deny",
      actions: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"],
      not_resources: [expect.stringMatching(/^arn:\$\{data\.aws_partition\.[^}]+\}:ssm:\*::parameter\/aws\/service\/\*$/)],
    });
  });

  test("workstations wait for their egress rule, and kubectl follows the cluster's minor version", () => {
    for (const instance of blocksOf(stack("labs"), "aws_instance")) {
      expect(instance.depends_on).toEqual([expect.stringMatching(/^aws_vpc_security_group_egress_rule\.fleet_egress-all_/)]);
      expect(instance.user_data).toContain("baseurl=https://pkgs.k8s.io/core:/stable:/v1.36/rpm/");
    }
  });
});

test("pull-through cache repositories get the cohort's lifecycle policy through creation templates", () => {
  const templates = blocksOf(stack("platform"), "aws_ecr_repository_creation_template");
  expect(templates.map((template) => template.prefix).sort()).toEqual(["devops-2026-ecr-public", "devops-2026-k8s", "devops-2026-quay"]);
  for (const template of templates) {
    expect(template.applied_for).toEqual(["PULL_THROUGH_CACHE"]);
    expect(JSON.parse(template.lifecycle_policy).rules.map((rule: { selection: unknown }) => rule.selection)).toEqual([
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 3 },
      { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 20 },
    ]);
  }
});

test("the network never picks a zone where EKS cannot place a control plane", () => {
  const [zones] = blocksOf(stack("network"), "aws_availability_zones", "data");
  expect(zones.exclude_zone_ids).toEqual(["use1-az3", "usw1-az2", "cac1-az3"]);
});

test("the flow log waits for its role's policy, which may list log groups", () => {
  const network = stack("network");
  const [flowLog] = blocksOf(network, "aws_flow_log");
  expect(flowLog.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\.vpc_flow-log-role_policy_/)]);
  const statements = blocksOf(network, "aws_iam_policy_document", "data").flatMap((document) => document.statement);
  expect(statements).toContainEqual({ sid: "FindLogGroups", effect: "Allow", actions: ["logs:DescribeLogGroups"], resources: ["*"] });
});

test("WordPress and MySQL run exact patch releases and read their passwords from files, not the environment", () => {
  const students = stack("students-1");
  const images = [...blocksOf(students, "kubernetes_deployment_v1"), ...blocksOf(students, "kubernetes_stateful_set_v1")]
    .map((workload) => workload.spec.template.spec.container[0])
    .filter((container) => /wordpress|mysql/.test(container.image));
  expect(new Set(images.map((container) => container.image))).toEqual(new Set(["public.ecr.aws/docker/library/wordpress:7.1.0-php8.3-apache", "public.ecr.aws/docker/library/mysql:8.4.11"]));
  for (const container of images) {
    const names = container.env.map((variable: { name: string }) => variable.name);
    expect(names.filter((name: string) => name.includes("PASSWORD"))).toEqual(expect.arrayContaining([expect.stringMatching(/_FILE$/)]));
    expect(names.filter((name: string) => name.includes("PASSWORD") && !name.endsWith("_FILE"))).toEqual([]);
    expect(JSON.stringify(container.env)).not.toContain("secret_key_ref");
  }
});

test("every student may push to their own repository by hand (docker login), whether or not they have a CI role", () => {
  const platform = stack("platform");
  const users = blocksOf(platform, "aws_iam_user_policy_attachment").filter((attachment) => String(attachment.policy_arn).includes("push-principal"));
  expect(users.map((attachment) => attachment.user).sort()).toEqual(cohortWith().students.map((student) => student.name).sort());
  const policies = blocksOf(platform, "aws_iam_policy").filter((policy) => String(policy.name).startsWith("ecr-push-principal-"));
  expect(policies.map((policy) => policy.name)).toContain("ecr-push-principal-devops-2026+hayoon-choi");
  const statements = blocksOf(platform, "aws_iam_policy_document", "data")
    .filter((document) => document.statement[0].sid === "PushAndPullThisRepository")
    .map((document) => document.statement);
  for (const statement of statements) {
    expect(statement[0].resources).toEqual([expect.stringMatching(/^\$\{aws_ecr_repository\.repository-[\w-]+_repository_\w+\.arn\}$/)]);
    expect(statement[1]).toEqual({ sid: "GetAuthorizationToken", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] });
  }
});
