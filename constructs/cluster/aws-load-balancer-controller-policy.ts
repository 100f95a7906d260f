import type { PolicyStatement } from "../core/iam";

/**
 * The controller version whose reference policy {@link awsLoadBalancerControllerPolicy} encodes:
 * `docs/install/iam_policy.json` of kubernetes-sigs/aws-load-balancer-controller at tag v2.13.2
 * (chart 1.13.2), statement for statement, every condition kept. Update both together with
 * `AwsLoadBalancerController.DEFAULT_CHART_VERSION`.
 */
export const AWS_LOAD_BALANCER_CONTROLLER_POLICY_VERSION = "v2.13.2";

/** The tag the controller puts on every resource it creates, with the cluster's name as the value. */
const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
const requestTagged = { test: "Null", variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ["false"] };
const requestUntagged = { test: "Null", variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ["true"] };
const resourceTagged = { test: "Null", variable: `aws:ResourceTag/${CLUSTER_TAG}`, values: ["false"] };

/**
 * The controller's upstream IAM policy as typed statements. Upstream writes the `aws` partition
 * into its ARNs; they are built for `partition` here (as aws-cdk's AlbController does), so the
 * policy also works in other partitions.
 *
 * The conditions are what keep it from being "all of ELB and EC2 security groups": mutating
 * actions apply only to resources carrying the `elbv2.k8s.aws/cluster` tag, which the controller
 * sets when it creates them, and tags can be changed only on resources that already have it.
 */
export function awsLoadBalancerControllerPolicy(partition: string): PolicyStatement[] {
  const elb = (resource: string) => `arn:${partition}:elasticloadbalancing:*:*:${resource}`;
  const targetGroupsAndLoadBalancers = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
  const securityGroups = [`arn:${partition}:ec2:*:*:security-group/*`];
  return [
    // The ELB service-linked role, created on the first load balancer of the account.
    {
      actions: ["iam:CreateServiceLinkedRole"],
      resources: ["*"],
      conditions: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: ["elasticloadbalancing.amazonaws.com"] }],
    },
    // Read-only discovery of the network and of existing load balancers.
    {
      actions: [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:GetCoipPoolUsage",
        "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc",
        "ec2:DescribeIpamPools",
        "ec2:DescribeRouteTables",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
      ],
      resources: ["*"],
    },
    // Certificates, Cognito, WAF and Shield integrations of ALB listeners.
    {
      actions: [
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ],
      resources: ["*"],
    },
    // Rules on node security groups for traffic from the load balancers (upstream's one unscoped
    // write; its install guide suggests narrowing it with an ec2:Vpc condition).
    { actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], resources: ["*"] },
    { actions: ["ec2:CreateSecurityGroup"], resources: ["*"] },
    // Tag a security group only while creating it, and only with the cluster tag.
    {
      actions: ["ec2:CreateTags"],
      resources: securityGroups,
      conditions: [{ test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateSecurityGroup"] }, requestTagged],
    },
    // Change tags only on security groups the controller owns, never the ownership tag itself.
    { actions: ["ec2:CreateTags", "ec2:DeleteTags"], resources: securityGroups, conditions: [requestUntagged, resourceTagged] },
    { actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"], resources: ["*"], conditions: [resourceTagged] },
    // Create load balancers and target groups only with the cluster tag.
    { actions: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], resources: ["*"], conditions: [requestTagged] },
    {
      actions: ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"],
      resources: ["*"],
    },
    { actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], resources: targetGroupsAndLoadBalancers, conditions: [requestUntagged, resourceTagged] },
    {
      actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      resources: [elb("listener/net/*/*/*"), elb("listener/app/*/*/*"), elb("listener-rule/net/*/*/*"), elb("listener-rule/app/*/*/*")],
    },
    // Modify and delete only the load balancers and target groups the controller owns.
    {
      actions: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
      ],
      resources: ["*"],
      conditions: [resourceTagged],
    },
    // Tag on create (CreateLoadBalancer/CreateTargetGroup with tags also needs AddTags).
    {
      actions: ["elasticloadbalancing:AddTags"],
      resources: targetGroupsAndLoadBalancers,
      conditions: [{ test: "StringEquals", variable: "elasticloadbalancing:CreateAction", values: ["CreateTargetGroup", "CreateLoadBalancer"] }, requestTagged],
    },
    { actions: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], resources: [elb("targetgroup/*/*")] },
    {
      actions: [
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      resources: ["*"],
    },
  ];
}
