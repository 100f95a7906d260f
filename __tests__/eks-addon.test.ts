import { EksAddon as EksAddonResource } from "@cdktf/provider-aws/lib/eks-addon";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { EksAddon, type EksAddonProps } from "../constructs/cluster/eks-addon";
import { awsTestStack, blocksOf, synthStack } from "./helpers";

const BASE: EksAddonProps = { clusterName: "devops-2026", kubernetesVersion: "1.33", addonName: EksAddon.VPC_CNI };

function synthAddon(props: Partial<EksAddonProps> = {}) {
  const stack = awsTestStack();
  const addon = new EksAddon(stack, "addon", { ...BASE, ...props });
  const { json, text } = synthStack(stack);
  return { addon, json, text, resource: blocksOf(json, "aws_eks_addon")[0], lookups: blocksOf(json, "aws_eks_addon_version", "data") };
}

function expectError(props: Partial<EksAddonProps>, message: string) {
  expect(() => synthAddon(props)).toThrow(`EksAddon test/addon: ${message}`);
}

describe("EksAddon version", () => {
  test("by default is the version EKS marks as default for the cluster's Kubernetes version", () => {
    // GIVEN / WHEN
    const { resource, lookups, addon } = synthAddon();
    // THEN
    expect(lookups).toEqual([{ addon_name: "vpc-cni", kubernetes_version: "1.33", most_recent: false }]);
    expect(resource.addon_version).toMatch(/^\$\{data\.aws_eks_addon_version\.[\w-]+\.version\}$/);
    expect(addon.addonVersion).toMatch(/^\$\{TfToken/);
  });

  test('"latest" looks up the most recent version', () => {
    const { resource, lookups } = synthAddon({ addonVersion: EksAddon.LATEST });
    expect(lookups).toEqual([{ addon_name: "vpc-cni", kubernetes_version: "1.33", most_recent: true }]);
    expect(resource.addon_version).toMatch(/^\$\{data\.aws_eks_addon_version\.[\w-]+\.version\}$/);
  });

  test.each(EksAddon.COMMUNITY_ADDONS)("the community add-on %s, which has no default version, looks up the newest", (addonName) => {
    const { lookups } = synthAddon({ addonName });
    expect(lookups).toEqual([{ addon_name: addonName, kubernetes_version: "1.33", most_recent: true }]);
  });

  test("a pinned version is used literally, without a look-up", () => {
    const { resource, lookups, addon } = synthAddon({ addonVersion: "v1.20.4-eksbuild.2" });
    expect(resource.addon_version).toBe("v1.20.4-eksbuild.2");
    expect(addon.addonVersion).toBe("v1.20.4-eksbuild.2");
    expect(lookups).toEqual([]);
  });
});

describe("EksAddon settings", () => {
  test("overwrites conflicts, removes the software on delete, and has no configuration by default", () => {
    const { text, resource, addon } = synthAddon();
    expect(text).toHaveResourceWithProperties(EksAddonResource, {
      cluster_name: "devops-2026",
      addon_name: "vpc-cni",
      resolve_conflicts_on_create: "OVERWRITE",
      resolve_conflicts_on_update: "OVERWRITE",
      preserve: false,
    });
    for (const field of ["configuration_values", "pod_identity_association", "depends_on"]) expect(resource).not.toHaveProperty(field);
    expect(addon.addonName).toBe("vpc-cni");
    expect(addon.addon).toBeInstanceOf(EksAddonResource);
  });

  test("takes conflict resolution and preserve", () => {
    const { resource } = synthAddon({ resolveConflictsOnCreate: "NONE", resolveConflictsOnUpdate: "PRESERVE", preserve: true });
    expect(resource).toMatchObject({ resolve_conflicts_on_create: "NONE", resolve_conflicts_on_update: "PRESERVE", preserve: true });
  });

  test("encodes the configuration values as JSON", () => {
    const { resource } = synthAddon({ configurationValues: { env: { ENABLE_PREFIX_DELEGATION: "true" }, enableNetworkPolicy: "true" } });
    expect(resource.configuration_values).toBe('${jsonencode({"env" = {"ENABLE_PREFIX_DELEGATION" = "true"}, "enableNetworkPolicy" = "true"})}');
  });

  test("the vpc-cni network policy configuration turns on the network policy agent", () => {
    expect(EksAddon.vpcCniNetworkPolicyConfiguration()).toEqual({ enableNetworkPolicy: "true" });
    const { resource } = synthAddon({ configurationValues: EksAddon.vpcCniNetworkPolicyConfiguration() });
    expect(resource.configuration_values).toBe('${jsonencode({"enableNetworkPolicy" = "true"})}');
  });

  test("creates a pod identity association per service account", () => {
    const roleArn = "arn:aws:iam::123456789012:role/devops-2026-ebs-csi";
    const { resource } = synthAddon({
      addonName: EksAddon.EBS_CSI_DRIVER,
      podIdentityAssociations: [
        { serviceAccount: "ebs-csi-controller-sa", roleArn },
        { serviceAccount: "ebs-csi-node-sa", roleArn },
      ],
    });
    expect(resource.pod_identity_association).toEqual([
      { service_account: "ebs-csi-controller-sa", role_arn: roleArn },
      { service_account: "ebs-csi-node-sa", role_arn: roleArn },
    ]);
  });

  test("depends on what it is given", () => {
    // GIVEN
    const stack = awsTestStack();
    const before = new Vpc(stack, "before", { cidrBlock: "10.0.0.0/16" });
    // WHEN
    new EksAddon(stack, "addon", { ...BASE, addonName: EksAddon.COREDNS, dependsOn: [before] });
    // THEN
    const [resource] = blocksOf(synthStack(stack).json, "aws_eks_addon");
    expect(resource.depends_on).toEqual([expect.stringMatching(/^aws_vpc\.before/)]);
  });

  test("names the platform's add-ons as EKS does", () => {
    expect([EksAddon.VPC_CNI, EksAddon.POD_IDENTITY_AGENT, EksAddon.COREDNS, EksAddon.KUBE_PROXY, EksAddon.EBS_CSI_DRIVER]).toEqual([
      "vpc-cni",
      "eks-pod-identity-agent",
      "coredns",
      "kube-proxy",
      "aws-ebs-csi-driver",
    ]);
  });
});

describe("EksAddon validation", () => {
  test.each([
    ["PRESERVE on create", { resolveConflictsOnCreate: "PRESERVE" as never }, 'resolveConflictsOnCreate must be "OVERWRITE" or "NONE" (PRESERVE is only valid on update), got "PRESERVE"'],
    ["an unknown update resolution", { resolveConflictsOnUpdate: "KEEP" as never }, 'resolveConflictsOnUpdate must be "OVERWRITE", "NONE" or "PRESERVE", got "KEEP"'],
    ["an add-on name with spaces", { addonName: "VPC CNI" }, 'addonName must be an EKS add-on name like "vpc-cni" (lowercase letters, digits, ".", "_" and "-"), got "VPC CNI"'],
    ["an empty version", { addonVersion: "" }, 'addonVersion must be a version like "v1.20.4-eksbuild.2" or "latest", got ""'],
    ["a patch Kubernetes version", { kubernetesVersion: "1.33.0" }, 'kubernetesVersion must be "<major>.<minor>" like "1.33", got "1.33.0"'],
    [
      "a bad service account name",
      { podIdentityAssociations: [{ serviceAccount: "EBS_SA", roleArn: "arn:aws:iam::123456789012:role/r" }] },
      'podIdentityAssociations[0].serviceAccount must be a Kubernetes name (lowercase letters, digits, "." and "-"), got "EBS_SA"',
    ],
    [
      "a service account that is not a DNS subdomain",
      { podIdentityAssociations: [{ serviceAccount: "ebs..sa", roleArn: "arn:aws:iam::123456789012:role/r" }] },
      'podIdentityAssociations[0].serviceAccount must be a Kubernetes name (lowercase letters, digits, "." and "-"), got "ebs..sa"',
    ],
    [
      "a service account listed twice",
      {
        podIdentityAssociations: [
          { serviceAccount: "sa", roleArn: "arn:aws:iam::123456789012:role/a" },
          { serviceAccount: "sa", roleArn: "arn:aws:iam::123456789012:role/b" },
        ],
      },
      'podIdentityAssociations[1].serviceAccount "sa" is listed twice; a service account has one role',
    ],
  ])("rejects %s", (_case, props, message) => {
    expectError(props, message);
  });
});
