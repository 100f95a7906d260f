import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { TerraformOutput } from "cdktf";
import { PodIdentityRole, type PodIdentityRoleProps } from "../constructs/cluster/pod-identity-role";
import { awsTestStack, blocksOf, synthStack, type SynthesizedStack } from "./helpers";

const BASE: PodIdentityRoleProps = {
  clusterName: "devops-2026",
  namespace: "kube-system",
  serviceAccount: "ebs-csi-controller-sa",
  roleName: "devops-2026-ebs-csi",
};

function synthRole(props: Partial<PodIdentityRoleProps> = {}) {
  const stack = awsTestStack();
  const role = new PodIdentityRole(stack, "ebs", { ...BASE, ...props });
  return { role, ...synthStack(stack) };
}

/** The policy document an `${data.aws_iam_policy_document.<id>.json}` reference points at. */
function documentOf(json: SynthesizedStack, reference: string): Record<string, any> {
  const id = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(reference)![1];
  return json.data!.aws_iam_policy_document[id];
}

describe("PodIdentityRole", () => {
  test("the role trusts only EKS Pod Identity, with AssumeRole and TagSession, for this cluster, namespace and service account", () => {
    const { json } = synthRole();
    const [role] = blocksOf(json, "aws_iam_role");
    expect(role.name).toBe("devops-2026-ebs-csi");
    expect(documentOf(json, role.assume_role_policy).statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole", "sts:TagSession"],
        principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-name", values: ["devops-2026"] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["kube-system"] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["ebs-csi-controller-sa"] },
        ],
      },
    ]);
  });

  test("the association hands the role to the service account, with the session tags the trust policy needs", () => {
    const { json, text } = synthRole();
    expect(text).toHaveResourceWithProperties(EksPodIdentityAssociation, {
      cluster_name: "devops-2026",
      namespace: "kube-system",
      service_account: "ebs-csi-controller-sa",
      disable_session_tags: false,
    });
    const [association] = blocksOf(json, "aws_eks_pod_identity_association");
    expect(association.role_arn).toMatch(/^\$\{aws_iam_role\.ebs_role_\w+\.arn\}$/);
  });

  test("managed policies are attached by name with the partition, and the association waits for them", () => {
    const { json } = synthRole({ managedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"] });
    const attachments = blocksOf(json, "aws_iam_role_policy_attachment");
    expect(attachments).toEqual([
      {
        role: expect.stringMatching(/^\$\{aws_iam_role\.ebs_role_\w+\.name\}$/),
        policy_arn: expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:iam::aws:policy\/service-role\/AmazonEBSCSIDriverPolicy$/),
      },
    ]);
    const [association] = blocksOf(json, "aws_eks_pod_identity_association");
    expect(association.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy_attachment\.ebs_role_managed-service-role/)]);
  });

  test("inline statements become the role's policy, and the association waits for it", () => {
    const { json } = synthRole({
      statements: [{ sid: "ReadBucket", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::devops-2026-artifacts/*"] }],
    });
    const [policy] = blocksOf(json, "aws_iam_role_policy");
    expect(documentOf(json, policy.policy).statement).toEqual([
      { sid: "ReadBucket", effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::devops-2026-artifacts/*"] },
    ]);
    const [association] = blocksOf(json, "aws_eks_pod_identity_association");
    expect(association.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\.ebs_role_policy_\w+$/)]);
  });

  test("without permissions the role has no policy and the association no dependencies", () => {
    const { json } = synthRole();
    expect(blocksOf(json, "aws_iam_role_policy")).toHaveLength(0);
    expect(blocksOf(json, "aws_iam_role_policy_attachment")).toHaveLength(0);
    expect(blocksOf(json, "aws_eks_pod_identity_association")[0].depends_on).toBeUndefined();
  });

  test("the outputs point at the role and the association", () => {
    const stack = awsTestStack();
    const role = new PodIdentityRole(stack, "ebs", BASE);
    new TerraformOutput(stack, "role-arn", { value: role.roleArn });
    new TerraformOutput(stack, "role-name", { value: role.roleName });
    new TerraformOutput(stack, "association-id", { value: role.associationId });
    const outputs = synthStack(stack).json.output!;
    expect(outputs["role-arn"].value).toMatch(/^\$\{aws_iam_role\.ebs_role_\w+\.arn\}$/);
    expect(outputs["role-name"].value).toMatch(/^\$\{aws_iam_role\.ebs_role_\w+\.name\}$/);
    expect(outputs["association-id"].value).toMatch(/^\$\{aws_eks_pod_identity_association\.ebs_association_\w+\.association_id\}$/);
    expect(role.association).toBeInstanceOf(EksPodIdentityAssociation);
    expect(role.namespace).toBe("kube-system");
    expect(role.serviceAccount).toBe("ebs-csi-controller-sa");
  });

  test("createAssociation false leaves the association to an EKS add-on", () => {
    const { json, role } = synthRole({ createAssociation: false });
    expect(blocksOf(json, "aws_eks_pod_identity_association")).toHaveLength(0);
    expect(blocksOf(json, "aws_iam_role")).toHaveLength(1);
    expect(role.association).toBeUndefined();
    expect(role.associationId).toBeUndefined();
  });

  test.each(["default", "kube-system", "a", "student-01", "x".repeat(63)])("the namespace %s is accepted", (namespace) => {
    expect(() => synthRole({ namespace })).not.toThrow();
  });

  test.each([
    ["upper case", "Kube-System"],
    ["an underscore", "kube_system"],
    ["a leading hyphen", "-system"],
    ["a trailing hyphen", "system-"],
    ["a dot", "kube.system"],
    ["64 characters", "x".repeat(64)],
    ["no characters", ""],
  ])("a namespace with %s is rejected", (_case, namespace) => {
    expect(() => synthRole({ namespace })).toThrow(
      `PodIdentityRole test/ebs: namespace must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "${namespace}"`,
    );
  });

  test.each(["aws-load-balancer-controller", "app.v2", "sa-1"])("the service account %s is accepted", (serviceAccount) => {
    expect(() => synthRole({ serviceAccount })).not.toThrow();
  });

  test.each([
    ["upper case", "EbsCsi"],
    ["an underscore", "ebs_csi"],
    ["an empty part", "ebs..csi"],
    ["a part ending in a hyphen", "ebs-.csi"],
    ["254 characters", `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`],
    ["no characters", ""],
  ])("a serviceAccount with %s is rejected", (_case, serviceAccount) => {
    expect(() => synthRole({ serviceAccount })).toThrow(
      `PodIdentityRole test/ebs: serviceAccount must be a DNS subdomain: 1..253 lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, got "${serviceAccount}"`,
    );
  });

  test.each([
    ["65 characters", "r".repeat(65)],
    ["no characters", ""],
    ["a slash", "devops/ebs"],
  ])("a roleName with %s is rejected", (_case, roleName) => {
    expect(() => synthRole({ roleName })).toThrow(
      `PodIdentityRole test/ebs: roleName must be 1..64 characters of letters, digits and +=,.@_- (build it with fitName), got "${roleName}"`,
    );
  });

  test("the trust principal and actions are published", () => {
    expect(PodIdentityRole.SERVICE_PRINCIPAL).toBe("pods.eks.amazonaws.com");
    expect(PodIdentityRole.TRUST_ACTIONS).toEqual(["sts:AssumeRole", "sts:TagSession"]);
  });
});
