import { KubeconfigConnection } from "../constructs/cluster/kubeconfig-connection";
import { awsTestStack, blocksOf, buildCohort, cohortWith, synthStack } from "./helpers";

describe("KubeconfigConnection", () => {
  test("configures the Kubernetes and Helm providers from a kubeconfig file and context", () => {
    const stack = awsTestStack();
    new KubeconfigConnection(stack, "cluster", { configPath: "~/.kube/config", context: "kind-kind" });
    const { json } = synthStack(stack);
    expect(json.provider!.kubernetes).toEqual([{ config_path: "~/.kube/config", config_context: "kind-kind" }]);
    expect(json.provider!.helm).toEqual([{ kubernetes: { config_path: "~/.kube/config", config_context: "kind-kind" } }]);
  });

  test("an empty path is refused", () => {
    expect(() => new KubeconfigConnection(awsTestStack(), "cluster", { configPath: " " })).toThrow(
      'KubeconfigConnection test/cluster: configPath must name a kubeconfig file like "~/.kube/config", got " "',
    );
  });
});

describe("cluster.connection: the Kubernetes weeks on an existing cluster", () => {
  const onKind = (week: number) =>
    cohortWith((data) => {
      data.throughWeek = week;
      data.cluster.connection = { kubeconfig: "~/.kube/config", context: "kind-kind", serviceCidr: "10.96.0.0/12" };
    });

  test("no EKS cluster, node groups or access entries are created, and nothing in the cluster needs AWS", () => {
    const { stacks } = buildCohort(onKind(6));
    const platform = synthStack(stacks.platform!).json;
    for (const type of ["aws_eks_cluster", "aws_eks_node_group", "aws_eks_access_entry", "aws_eks_addon"]) expect(blocksOf(platform, type)).toEqual([]);
    const services = synthStack(stacks.clusterServices!).json;
    const students = synthStack(stacks.students[0]).json;
    for (const json of [services, students]) {
      expect(Object.keys(json.provider!)).not.toContain("aws");
      expect(json.provider!.kubernetes).toEqual([{ config_path: "~/.kube/config", config_context: "kind-kind" }]);
      expect(json.data).toBeUndefined();
    }
    // AWS-only in-cluster pieces stay out: the load balancer controller, the gp3 class, ALB routes.
    expect(blocksOf(services, "helm_release").map((release) => release.name)).toEqual(["deny-service-external-ips"]);
    expect(blocksOf(services, "kubernetes_storage_class_v1")).toEqual([]);
    expect(blocksOf(students, "kubernetes_ingress_v1")).toEqual([]);
    // The tenancy keeps the given Service range out of the internet egress rule.
    const internet = blocksOf(students, "kubernetes_network_policy_v1").find((policy) => policy.metadata.name === "allow-internet-egress")!;
    expect(internet.spec.egress[0].to[0].ip_block.except).toContain("10.96.0.0/12");
  });

  test("the EKS-only rules (admins, capacity, support window, shared ALB) do not apply", () => {
    expect(() =>
      cohortWith((data) => {
        Object.assign(data, { throughWeek: 6, admins: [], cluster: { version: "1.32", nodeGroups: [{ name: "tiny", instanceTypes: ["t3.micro"], minSize: 1, desiredSize: 1, maxSize: 1 }] } });
        data.cluster.connection = { kubeconfig: "~/.kube/config" };
      }),
    ).not.toThrow();
  });

  test("a connection without a kubeconfig is refused", () => {
    expect(() => cohortWith((data) => (data.cluster.connection = { context: "kind-kind" }))).toThrow(
      "- cluster.connection.kubeconfig (line 60): is required; it must be the path of a kubeconfig file, like ~/.kube/config",
    );
  });
});
