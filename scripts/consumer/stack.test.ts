import { Testing } from "cdktf";
import { TeamStack } from "./stack";

test("the team stack's plan", () => {
  const stack = new TeamStack(Testing.app(), "team");
  const json = JSON.parse(Testing.synth(stack, true));
  expect(Object.keys(json.resource).sort()).toEqual(expect.arrayContaining(["aws_eks_cluster", "aws_vpc", "kubernetes_deployment_v1", "kubernetes_namespace_v1"]));
  expect(json).toMatchSnapshot();
});
