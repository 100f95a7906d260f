import { ServiceRole, type ServiceRoleProps } from "../constructs/core/iam";
import { awsTestStack, blocksOf, synthStack } from "./helpers";

function synthRole(props: Partial<ServiceRoleProps> = {}) {
  const stack = awsTestStack();
  new ServiceRole(stack, "role", { name: "demo-role", servicePrincipal: "ec2.amazonaws.com", ...props });
  return synthStack(stack).json;
}

describe("ServiceRole", () => {
  test("trusts only the given service principal, with sts:AssumeRole by default", () => {
    const json = synthRole();
    const [trust] = blocksOf(json, "aws_iam_policy_document", "data");
    expect(trust.statement).toEqual([{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] }]);
    expect(blocksOf(json, "aws_iam_role")).toEqual([{ name: "demo-role", assume_role_policy: expect.stringMatching(/^\$\{data\.aws_iam_policy_document\.[\w-]+\.json\}$/) }]);
    expect(blocksOf(json, "aws_iam_role_policy")).toHaveLength(0);
    expect(blocksOf(json, "aws_iam_role_policy_attachment")).toHaveLength(0);
  });

  test("takes extra trust actions, inline statements and AWS managed policies for the current partition", () => {
    const json = synthRole({
      trustActions: ["sts:AssumeRole", "sts:TagSession"],
      statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] }],
      managedPolicies: ["AmazonSSMManagedInstanceCore"],
    });
    const trust = blocksOf(json, "aws_iam_policy_document", "data").find((document) => document.statement[0].principals);
    expect(trust!.statement[0].actions).toEqual(["sts:AssumeRole", "sts:TagSession"]);
    const [inline] = blocksOf(json, "aws_iam_role_policy");
    expect(inline.policy).toMatch(/permissions/);
    expect(blocksOf(json, "aws_iam_role_policy_attachment")).toEqual([
      { role: expect.stringMatching(/aws_iam_role\.[\w-]+\.name/), policy_arn: expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:iam::aws:policy\/AmazonSSMManagedInstanceCore$/) },
    ]);
  });

  test("exposes the inline policy and the attachments, for resources that must wait for the permissions", () => {
    // GIVEN
    const stack = awsTestStack();
    // WHEN
    const bare = new ServiceRole(stack, "bare", { name: "bare", servicePrincipal: "ec2.amazonaws.com" });
    const full = new ServiceRole(stack, "full", {
      name: "full",
      servicePrincipal: "ec2.amazonaws.com",
      statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] }],
      managedPolicies: ["AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy"],
    });
    // THEN
    expect(bare.policy).toBeUndefined();
    expect(bare.policyAttachments).toEqual([]);
    expect(full.policy).toBe(full.node.findChild("policy"));
    expect(full.policyAttachments.map((attachment) => attachment.node.id)).toEqual(["managed-AmazonSSMManagedInstanceCore", "managed-CloudWatchAgentServerPolicy"]);
  });

  test("uses a given partition instead of looking it up", () => {
    const json = synthRole({ managedPolicies: ["AmazonSSMManagedInstanceCore"], partition: "aws-cn" });
    expect(json.data?.aws_partition).toBeUndefined();
    expect(blocksOf(json, "aws_iam_role_policy_attachment")[0].policy_arn).toBe("arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore");
  });
});
