import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { Release } from "@cdktf/provider-helm/lib/release";
import { AwsLoadBalancerController, type AwsLoadBalancerControllerProps } from "../constructs/cluster/aws-load-balancer-controller";
import { AWS_LOAD_BALANCER_CONTROLLER_POLICY_VERSION, awsLoadBalancerControllerPolicy } from "../constructs/cluster/aws-load-balancer-controller-policy";
import { blocksOf, kubernetesTestStack, synthStack, type SynthesizedStack } from "./helpers";

const BASE: AwsLoadBalancerControllerProps = {
  clusterName: "devops-2026",
  region: "ap-northeast-2",
  vpcId: "vpc-0123456789abcdef0",
  roleName: "devops-2026-lb-controller",
};

function synthController(props: Partial<AwsLoadBalancerControllerProps> = {}) {
  const stack = kubernetesTestStack();
  const controller = new AwsLoadBalancerController(stack, "lbc", { ...BASE, ...props });
  return { stack, controller, ...synthStack(stack) };
}

function releaseOf(json: SynthesizedStack): Record<string, any> {
  const releases = blocksOf(json, "helm_release");
  expect(releases).toHaveLength(1);
  return releases[0];
}

/** The statements of the controller role's inline policy. */
function policyStatements(json: SynthesizedStack): Record<string, any>[] {
  const [policy] = blocksOf(json, "aws_iam_role_policy");
  const id = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(policy.policy)![1];
  return json.data!.aws_iam_policy_document[id].statement;
}

const PARTITION = String.raw`\$\{data\.aws_partition\.[\w-]+\.partition\}`;

describe("AwsLoadBalancerController", () => {
  test("installs the pinned chart from the EKS charts repository into kube-system, without waiting on its pods", () => {
    const { json, text } = synthController();
    expect(text).toHaveResourceWithProperties(Release, {
      name: "aws-load-balancer-controller",
      chart: "aws-load-balancer-controller",
      repository: "https://aws.github.io/eks-charts",
      version: "1.13.2",
      namespace: "kube-system",
    });
    // A controller that cannot start must not hold (and then fail) the apply: no wait, so no atomic rollback either.
    expect(releaseOf(json)).toMatchObject({ wait: false, max_history: 10 });
    expect(releaseOf(json).atomic).toBeUndefined();
    expect(releaseOf(json).timeout).toBeUndefined();
    expect(releaseOf(json).create_namespace).toBeUndefined();
  });

  test("the chart values set cluster, region, VPC, replicas, the chart's service account and the IngressClass", () => {
    const { json } = synthController();
    const values = releaseOf(json).values;
    expect(values).toHaveLength(1);
    expect(JSON.parse(values[0])).toEqual({
      clusterName: "devops-2026",
      region: "ap-northeast-2",
      vpcId: "vpc-0123456789abcdef0",
      replicaCount: 2,
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
      serviceMutatorWebhookConfig: { failurePolicy: "Ignore" },
      webhookConfig: { disableIngressValidation: true },
      podDisruptionBudget: { maxUnavailable: 1 },
      serviceAccount: { create: true, name: "aws-load-balancer-controller" },
      createIngressClassResource: true,
      ingressClass: "alb",
      ingressClassParams: { create: true, name: "alb", spec: { scheme: "internet-facing" } },
    });
  });

  test.each([
    ["an IngressGroup: one shared ALB", { groupName: "devops-2026" }, "alb", { scheme: "internet-facing", group: { name: "devops-2026" } }],
    ["an internal class", { name: "alb-internal", scheme: "internal" as const }, "alb-internal", { scheme: "internal" }],
    ["an internal shared class", { name: "shared", scheme: "internal" as const, groupName: "cohort.apps" }, "shared", { scheme: "internal", group: { name: "cohort.apps" } }],
  ])("the IngressClass with %s", (_case, ingressClass, name, spec) => {
    const { json, controller } = synthController({ ingressClass });
    const values = JSON.parse(releaseOf(json).values[0]);
    expect(values.ingressClass).toBe(name);
    expect(values.ingressClassParams).toEqual({ create: true, name, spec });
    expect(controller.ingressClassName).toBe(name);
  });

  test("resources, the Service webhook's failure policy, the Ingress validation webhook and default tags can be chosen", () => {
    const values = JSON.parse(
      releaseOf(synthController({ resources: { requests: { cpu: "50m" } }, serviceWebhookFailurePolicy: "Fail", ingressValidationWebhook: true, defaultTags: { Team: "a" } }).json).values[0],
    );
    expect(values.resources).toEqual({ requests: { cpu: "50m" } });
    expect(values.serviceMutatorWebhookConfig).toEqual({ failurePolicy: "Fail" });
    expect(values.webhookConfig).toEqual({ disableIngressValidation: false });
    expect(values.defaultTags).toEqual({ Team: "a" });
    expect(() => synthController({ serviceWebhookFailurePolicy: "Never" as "Fail" })).toThrow(
      'AwsLoadBalancerController test/lbc: serviceWebhookFailurePolicy must be "Ignore" or "Fail", got "Never"',
    );
  });

  test("one replica gets no disruption budget (it would block every node drain)", () => {
    const { json } = synthController({ replicas: 1 });
    const values = JSON.parse(releaseOf(json).values[0]);
    expect(values.replicaCount).toBe(1);
    expect(values.podDisruptionBudget).toBeUndefined();
  });

  test("a VPC id known only at plan time goes through yamlencode", () => {
    const stack = kubernetesTestStack();
    const vpc = new DataAwsVpc(stack, "vpc", { tags: { Name: "devops-2026" } });
    new AwsLoadBalancerController(stack, "lbc", { ...BASE, vpcId: vpc.id });
    const [values] = releaseOf(synthStack(stack).json).values;
    expect(values).toMatch(/^\$\{yamlencode\(\{.*\}\)\}$/);
    expect(values).toContain('"vpcId" = data.aws_vpc.vpc.id');
    expect(values).toContain('"clusterName" = "devops-2026"');
    expect(values).toContain('"region" = "ap-northeast-2"');
    expect(values).toContain('"serviceAccount" = {"create" = true, "name" = "aws-load-balancer-controller"}');
  });

  test("extra values are a second values document, which Helm merges over the construct's", () => {
    const { json } = synthController({ values: { resources: { requests: { cpu: "50m", memory: "128Mi" } }, enableServiceMutatorWebhook: false } });
    const values = releaseOf(json).values;
    expect(values).toHaveLength(2);
    expect(JSON.parse(values[1])).toEqual({ resources: { requests: { cpu: "50m", memory: "128Mi" } }, enableServiceMutatorWebhook: false });
    expect(JSON.parse(values[0]).clusterName).toBe("devops-2026");
  });

  test("the release waits for the pod identity association: the controller never starts without credentials", () => {
    const { json } = synthController();
    expect(releaseOf(json).depends_on).toEqual([expect.stringMatching(/^aws_eks_pod_identity_association\.lbc_role_association_\w+$/)]);
    const [association] = blocksOf(json, "aws_eks_pod_identity_association");
    expect(association).toMatchObject({ cluster_name: "devops-2026", namespace: "kube-system", service_account: "aws-load-balancer-controller" });
    // ...which itself waits for the role's policy.
    expect(association.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\.lbc_role_policy_\w+$/)]);
    expect(blocksOf(json, "aws_iam_role")[0].name).toBe("devops-2026-lb-controller");
  });

  test("the role carries the upstream policy: 16 statements, no wildcard action", () => {
    const { json } = synthController();
    const statements = policyStatements(json);
    expect(statements).toHaveLength(16);
    for (const statement of statements) {
      expect(statement.effect).toBe("Allow");
      for (const action of statement.actions) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
    }
  });

  test("tags on load balancers and target groups change only on resources the controller tagged", () => {
    const { json } = synthController();
    const tagStatements = policyStatements(json).filter((statement) => statement.actions.join() === "elasticloadbalancing:AddTags,elasticloadbalancing:RemoveTags");
    expect(tagStatements[0]).toEqual({
      effect: "Allow",
      actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      resources: [
        expect.stringMatching(new RegExp(`^arn:${PARTITION}:elasticloadbalancing:\\*:\\*:targetgroup/\\*/\\*$`)),
        expect.stringMatching(new RegExp(`^arn:${PARTITION}:elasticloadbalancing:\\*:\\*:loadbalancer/net/\\*/\\*$`)),
        expect.stringMatching(new RegExp(`^arn:${PARTITION}:elasticloadbalancing:\\*:\\*:loadbalancer/app/\\*/\\*$`)),
      ],
      condition: [
        { test: "Null", variable: "aws:RequestTag/elbv2.k8s.aws/cluster", values: ["true"] },
        { test: "Null", variable: "aws:ResourceTag/elbv2.k8s.aws/cluster", values: ["false"] },
      ],
    });
  });

  test.each([
    ["creating load balancers and target groups needs the cluster tag", "elasticloadbalancing:CreateLoadBalancer", [{ test: "Null", variable: "aws:RequestTag/elbv2.k8s.aws/cluster", values: ["false"] }]],
    ["deleting load balancers needs the cluster tag on them", "elasticloadbalancing:DeleteLoadBalancer", [{ test: "Null", variable: "aws:ResourceTag/elbv2.k8s.aws/cluster", values: ["false"] }]],
    ["deleting security groups needs the cluster tag on them", "ec2:DeleteSecurityGroup", [{ test: "Null", variable: "aws:ResourceTag/elbv2.k8s.aws/cluster", values: ["false"] }]],
    [
      "tagging a security group is allowed only while creating it",
      "ec2:CreateTags",
      [
        { test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateSecurityGroup"] },
        { test: "Null", variable: "aws:RequestTag/elbv2.k8s.aws/cluster", values: ["false"] },
      ],
    ],
    ["the service-linked role only for ELB", "iam:CreateServiceLinkedRole", [{ test: "StringEquals", variable: "iam:AWSServiceName", values: ["elasticloadbalancing.amazonaws.com"] }]],
  ])("%s", (_case, action, condition) => {
    const { json } = synthController();
    const first = policyStatements(json).find((statement) => statement.actions.includes(action));
    expect(first!.condition).toEqual(condition);
  });

  test("tag-on-create of load balancers and target groups is allowed only with the cluster tag", () => {
    const { json } = synthController();
    const statement = policyStatements(json).find((candidate) => candidate.condition?.some((condition: any) => condition.variable === "elasticloadbalancing:CreateAction"));
    expect(statement!.actions).toEqual(["elasticloadbalancing:AddTags"]);
    expect(statement!.condition).toEqual([
      { test: "StringEquals", variable: "elasticloadbalancing:CreateAction", values: ["CreateTargetGroup", "CreateLoadBalancer"] },
      { test: "Null", variable: "aws:RequestTag/elbv2.k8s.aws/cluster", values: ["false"] },
    ]);
  });

  test("the policy covers the permissions recent controllers need (IngressGroup order, subnet discovery, IPAM)", () => {
    const actions = awsLoadBalancerControllerPolicy("aws").flatMap((statement) => statement.actions);
    expect(actions).toEqual(expect.arrayContaining(["elasticloadbalancing:SetRulePriorities", "ec2:DescribeRouteTables", "ec2:DescribeIpamPools", "elasticloadbalancing:ModifyIpPools"]));
    expect(awsLoadBalancerControllerPolicy("aws-cn").flatMap((statement) => statement.resources ?? []).filter((resource) => resource.startsWith("arn:"))).toEqual(
      expect.arrayContaining(["arn:aws-cn:elasticloadbalancing:*:*:targetgroup/*/*", "arn:aws-cn:ec2:*:*:security-group/*"]),
    );
  });

  test("the pinned chart matches the controller version of the encoded policy", () => {
    expect(AwsLoadBalancerController.DEFAULT_CHART_VERSION).toBe("1.13.2");
    expect(AWS_LOAD_BALANCER_CONTROLLER_POLICY_VERSION).toBe(`v2.${AwsLoadBalancerController.DEFAULT_CHART_VERSION.split(".").slice(1).join(".")}`);
  });

  test("the outputs", () => {
    const { controller } = synthController({ chartVersion: "1.13.3" });
    expect(controller.chartVersion).toBe("1.13.3");
    expect(controller.ingressClassName).toBe("alb");
    expect(controller.release).toBeInstanceOf(Release);
    expect(controller.role.serviceAccount).toBe("aws-load-balancer-controller");
  });

  test.each([0, -1, 1.5])("replicas %s is rejected", (replicas) => {
    expect(() => synthController({ replicas })).toThrow(`AwsLoadBalancerController test/lbc: replicas must be a whole number of at least 1, got ${replicas}`);
  });

  test("resources: formats and no request above its limit, named", () => {
    expect(() => synthController({ resources: { requests: { memory: "1 Gi" } } })).toThrow(/AwsLoadBalancerController test\/lbc: resources\.requests\.memory .*, got "1 Gi"/);
    expect(() => synthController({ resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } })).toThrow('resources.requests.cpu ("2") must not exceed resources.limits.cpu ("1")');
  });

  test.each(["ap-northeast-2a", "Seoul"])("the region %s is rejected", (region) => {
    expect(() => synthController({ region })).toThrow(`AwsLoadBalancerController test/lbc: region must be an AWS region like "ap-northeast-2", got "${region}"`);
  });

  test.each(["vpc-123", "subnet-0123456789abcdef0", ""])("the vpcId %s is rejected", (vpcId) => {
    expect(() => synthController({ vpcId })).toThrow(`AwsLoadBalancerController test/lbc: vpcId must be a VPC id like "vpc-0123456789abcdef0", got "${vpcId}"`);
  });

  test.each(["^1.13.0", "1.13", "v1.13.2", "latest"])("the chartVersion %s is rejected", (chartVersion) => {
    expect(() => synthController({ chartVersion })).toThrow(
      `AwsLoadBalancerController test/lbc: chartVersion must be an exact chart version like "1.13.2" (no ranges: the IAM policy must match it), got "${chartVersion}"`,
    );
  });

  test.each(["ALB", "alb_internal", "-alb", ""])("the ingress class name %s is rejected", (name) => {
    expect(() => synthController({ ingressClass: { name } })).toThrow(
      `AwsLoadBalancerController test/lbc: ingressClass.name must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "${name}"`,
    );
  });

  test.each(["Cohort", "cohort_apps", "cohort.", "g".repeat(64), ""])("the IngressGroup name %s is rejected", (groupName) => {
    expect(() => synthController({ ingressClass: { groupName } })).toThrow(
      `AwsLoadBalancerController test/lbc: ingressClass.groupName must be 1..63 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, got "${groupName}"`,
    );
  });

  test("a scheme outside the union (from untyped input) is rejected", () => {
    expect(() => synthController({ ingressClass: { scheme: "public" as never } })).toThrow(
      'AwsLoadBalancerController test/lbc: ingressClass.scheme must be "internet-facing" or "internal", got "public"',
    );
  });
});
