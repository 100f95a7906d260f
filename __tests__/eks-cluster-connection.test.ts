import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { EksClusterConnection, type EksClusterConnectionProps } from "../constructs/cluster/eks-cluster-connection";
import { blocksOf, synthStack } from "./helpers";

/** A plain stack with only an AWS provider: the connection brings the Kubernetes and Helm providers. */
function bareStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "services");
  new AwsProvider(stack, "aws", { region: "ap-northeast-2" });
  return stack;
}

function synthConnection(props: Partial<EksClusterConnectionProps> = {}) {
  const stack = bareStack();
  const connection = new EksClusterConnection(stack, "cluster", { clusterName: "devops-2026", region: "ap-northeast-2", ...props });
  return { stack, connection, ...synthStack(stack) };
}

const ref = (expression: string) => expect.stringMatching(new RegExp(`^\\$\\{${expression}\\}$`));
const HOST = ref("data\\.aws_eks_cluster\\.cluster_\\w+\\.endpoint");
const CA = ref("base64decode\\(data\\.aws_eks_cluster\\.cluster_\\w+\\.certificate_authority\\[0\\]\\.data\\)");
const EXEC = {
  api_version: "client.authentication.k8s.io/v1beta1",
  command: "aws",
  args: ["eks", "get-token", "--cluster-name", "devops-2026", "--region", "ap-northeast-2", "--output", "json"],
};

describe("EksClusterConnection", () => {
  test("looks the cluster up by its literal name, in its region", () => {
    const { json } = synthConnection();
    expect(blocksOf(json, "aws_eks_cluster", "data")).toEqual([{ name: "devops-2026", region: "ap-northeast-2" }]);
    expect(blocksOf(json, "aws_eks_cluster")).toHaveLength(0);
  });

  test("the Kubernetes provider takes host and CA from the cluster and a fresh token from aws eks get-token", () => {
    const { json } = synthConnection();
    expect(json.provider!.kubernetes).toEqual([{ host: HOST, cluster_ca_certificate: CA, exec: [EXEC] }]);
  });

  test("the Helm provider gets the same connection in its kubernetes attribute (Helm provider 3.x)", () => {
    const { json } = synthConnection();
    expect(json.provider!.helm).toEqual([{ kubernetes: { host: HOST, cluster_ca_certificate: CA, exec: EXEC } }]);
  });

  test("no token data source and no static token: tokens would expire in the middle of an apply", () => {
    const { json, text } = synthConnection();
    expect(blocksOf(json, "aws_eks_cluster_auth", "data")).toHaveLength(0);
    expect(text).not.toContain("aws_eks_cluster_auth");
    expect(json.provider!.kubernetes[0].token).toBeUndefined();
    expect(json.provider!.helm[0].kubernetes.token).toBeUndefined();
  });

  test("the outputs: literal name, endpoint, VPC and cluster security group from the cluster's vpc_config", () => {
    const stack = bareStack();
    const connection = new EksClusterConnection(stack, "cluster", { clusterName: "devops-2026", region: "ap-northeast-2" });
    new TerraformOutput(stack, "endpoint", { value: connection.endpoint });
    new TerraformOutput(stack, "vpc-id", { value: connection.vpcId });
    new TerraformOutput(stack, "cluster-sg", { value: connection.clusterSecurityGroupId });
    const outputs = synthStack(stack).json.output!;
    expect(outputs.endpoint.value).toMatch(/^\$\{data\.aws_eks_cluster\.cluster_\w+\.endpoint\}$/);
    expect(outputs["vpc-id"].value).toMatch(/^\$\{data\.aws_eks_cluster\.cluster_\w+\.vpc_config\[0\]\.vpc_id\}$/);
    expect(outputs["cluster-sg"].value).toMatch(/^\$\{data\.aws_eks_cluster\.cluster_\w+\.vpc_config\[0\]\.cluster_security_group_id\}$/);
    expect(connection.clusterName).toBe("devops-2026");
    expect(connection.region).toBe("ap-northeast-2");
    expect(connection.cluster).toBeInstanceOf(DataAwsEksCluster);
  });

  test("resources in the stack use the connection's providers without naming them", () => {
    const { stack } = synthConnection();
    new NamespaceV1(stack, "ns", { metadata: { name: "apps" } });
    new Release(stack, "release", { name: "demo", chart: "demo" });
    const { json } = synthStack(stack);
    expect(blocksOf(json, "kubernetes_namespace_v1")[0].provider).toBeUndefined();
    expect(blocksOf(json, "helm_release")[0].provider).toBeUndefined();
  });

  test("a providerAlias names both providers, and resources pick them explicitly", () => {
    const stack = bareStack();
    const connection = new EksClusterConnection(stack, "cluster", { clusterName: "devops-2026", region: "ap-northeast-2", providerAlias: "devops_2026" });
    new NamespaceV1(stack, "ns", { metadata: { name: "apps" }, provider: connection.kubernetesProvider });
    new Release(stack, "release", { name: "demo", chart: "demo", provider: connection.helmProvider });
    const { json } = synthStack(stack);
    expect(json.provider!.kubernetes).toEqual([{ alias: "devops_2026", host: HOST, cluster_ca_certificate: CA, exec: [EXEC] }]);
    expect(json.provider!.helm).toEqual([{ alias: "devops_2026", kubernetes: { host: HOST, cluster_ca_certificate: CA, exec: EXEC } }]);
    expect(blocksOf(json, "kubernetes_namespace_v1")[0].provider).toBe("kubernetes.devops_2026");
    expect(blocksOf(json, "helm_release")[0].provider).toBe("helm.devops_2026");
  });

  test("getTokenArgs is the documented aws CLI call", () => {
    expect(EksClusterConnection.getTokenArgs("c", "us-east-1")).toEqual(["eks", "get-token", "--cluster-name", "c", "--region", "us-east-1", "--output", "json"]);
    expect(EksClusterConnection.EXEC_API_VERSION).toBe("client.authentication.k8s.io/v1beta1");
  });

  test("a cluster name that is a token (from another stack's resource) is rejected, saying why", () => {
    const stack = bareStack();
    const cluster = new EksCluster(stack, "eks", { name: "devops-2026", roleArn: "arn:aws:iam::123456789012:role/x", vpcConfig: { subnetIds: ["subnet-1"] } });
    const clusterName = cluster.name;
    expect(() => new EksClusterConnection(stack, "cluster", { clusterName, region: "ap-northeast-2" })).toThrow(
      `EksClusterConnection services/cluster: clusterName must be a literal known at synth time, got the token "${clusterName}": pass names, not tokens, across stacks (a token from the cluster's stack becomes a remote-state output that fails until that stack is deployed)`,
    );
  });

  test.each([
    ["a space", "devops 2026"],
    ["a leading hyphen", "-devops"],
    ["101 characters", "c".repeat(101)],
    ["no characters", ""],
  ])("a clusterName with %s is rejected", (_case, clusterName) => {
    expect(() => synthConnection({ clusterName })).toThrow(
      `EksClusterConnection services/cluster: clusterName must be 1..100 letters, digits, "-" and "_", starting with a letter or digit, got "${clusterName}"`,
    );
  });

  test.each(["us-east-1", "us-gov-west-1", "cn-north-1", "ap-southeast-7"])("the region %s is accepted", (region) => {
    expect(() => synthConnection({ region })).not.toThrow();
  });

  test.each([
    ["an availability zone", "ap-northeast-2a"],
    ["upper case", "AP-NORTHEAST-2"],
    ["no characters", ""],
  ])("a region with %s is rejected", (_case, region) => {
    expect(() => synthConnection({ region })).toThrow(`EksClusterConnection services/cluster: region must be a literal AWS region like "ap-northeast-2", got "${region}"`);
  });

  test("a region that is a token is rejected", () => {
    const stack = bareStack();
    const token = new DataAwsEksCluster(stack, "lookup", { name: "x" }).arn;
    expect(() => new EksClusterConnection(stack, "cluster", { clusterName: "devops-2026", region: token })).toThrow(
      `EksClusterConnection services/cluster: region must be a literal AWS region like "ap-northeast-2", got "${token}"`,
    );
  });

  test.each(["1st", "dev.cluster", "a b"])("the providerAlias %s is rejected", (providerAlias) => {
    expect(() => synthConnection({ providerAlias })).toThrow(
      `EksClusterConnection services/cluster: providerAlias must be a Terraform name (letters, digits, "_" and "-", starting with a letter or "_"), got "${providerAlias}"`,
    );
  });
});
