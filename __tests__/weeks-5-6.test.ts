import { Testing } from "cdktf";
import type { StudentsStack } from "../stacks/students-stack";
import { studentShardOf, studentShards } from "../stacks/student-shards";
import { blocksOf, buildCohort as build, cohortWith, expectOnlyAdditions, expectOnlyStudentRemoved, synthStack, type SynthesizedStack } from "./helpers";

const atWeek = (week: number, change: (data: Record<string, any>) => void = () => {}) =>
  cohortWith((data) => {
    data.throughWeek = week;
    change(data);
  });

const ADMIN_ARNS = ["arn:aws:iam::123456789012:role/Organizer", "arn:aws:iam::123456789012:user/ta-jiwon"];

/** Synthesized JSON per stack id, for one week of the example cohort. */
function synthAll(week: number, change?: (data: Record<string, any>) => void): Map<string, SynthesizedStack> {
  const { all } = build(atWeek(week, change));
  return new Map(all.map((stack) => [stack.node.id, synthStack(stack).json]));
}

const week5 = synthAll(5);
const week6 = synthAll(6);
const platform6 = week6.get("devops-2026-platform")!;
const students6 = week6.get("devops-2026-students-1")!;

describe("week gating and deploy order", () => {
  test.each<[number, string[]]>([
    [4, ["devops-2026-state", "devops-2026-network", "devops-2026-labs", "devops-2026-platform"]],
    [5, ["devops-2026-state", "devops-2026-network", "devops-2026-labs", "devops-2026-platform", "devops-2026-cluster-services", "devops-2026-students-1"]],
    [6, ["devops-2026-state", "devops-2026-network", "devops-2026-labs", "devops-2026-platform", "devops-2026-cluster-services", "devops-2026-students-1"]],
  ])("week %i builds %j", (week, expected) => {
    expect(build(atWeek(week)).ids).toEqual(expected);
  });

  test("platform after network, cluster services after platform, every shard after cluster services", () => {
    const { stacks } = build(atWeek(5, (data) => (data.workloads = { shards: 3 })));
    const idsOf = (stack: { dependencies: { node: { id: string } }[] }) => stack.dependencies.map((dependency) => dependency.node.id).sort();
    expect(idsOf(stacks.platform!)).toEqual(["devops-2026-network", "devops-2026-state"]);
    expect(idsOf(stacks.clusterServices!)).toEqual(["devops-2026-platform", "devops-2026-state"]);
    expect(stacks.students.map((stack) => stack.node.id)).toEqual(["devops-2026-students-1", "devops-2026-students-2", "devops-2026-students-3"]);
    for (const shard of stacks.students) expect(idsOf(shard)).toEqual(["devops-2026-cluster-services", "devops-2026-state"]);
  });

  test("week 5: cluster, core add-ons, tenancies, hello-node and service types; no EBS CSI, no load balancer controller, no WordPress, no Ingress", () => {
    const platform = week5.get("devops-2026-platform")!;
    expect(blocksOf(platform, "aws_eks_addon").map((addon) => addon.addon_name).sort()).toEqual(["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
    const services = week5.get("devops-2026-cluster-services")!;
    // Only the admission policy's objects: no load balancer controller before week 6.
    expect(blocksOf(services, "helm_release").map((release) => release.name)).toEqual(["deny-service-external-ips"]);
    expect(blocksOf(services, "kubernetes_storage_class_v1")).toHaveLength(0);
    expect(blocksOf(services, "kubernetes_cluster_role_v1")).toHaveLength(1);
    const students = week5.get("devops-2026-students-1")!;
    expect(blocksOf(students, "kubernetes_namespace_v1")).toHaveLength(12);
    expect(blocksOf(students, "kubernetes_stateful_set_v1")).toHaveLength(0);
    expect(blocksOf(students, "kubernetes_ingress_v1")).toHaveLength(0);
    expect(blocksOf(students, "kubernetes_deployment_v1").map((deployment) => deployment.metadata.name).sort()).toEqual([...Array(12).fill("echo"), ...Array(12).fill("hello-node")]);
  });

  test("week 6: EBS CSI driver with its pod identity role, gp3 default class, load balancer controller, WordPress and hello-node's route in the shard's IngressGroup", () => {
    expect(blocksOf(platform6, "aws_eks_addon").map((addon) => addon.addon_name)).toContain("aws-ebs-csi-driver");
    const ebs = blocksOf(platform6, "aws_eks_addon").find((addon) => addon.addon_name === "aws-ebs-csi-driver")!;
    expect(ebs.pod_identity_association).toEqual([{ service_account: "ebs-csi-controller-sa", role_arn: expect.stringContaining("aws_iam_role.ebs-csi-driver") }]);
    expect(blocksOf(platform6, "aws_eks_pod_identity_association")).toHaveLength(0);

    const services = week6.get("devops-2026-cluster-services")!;
    const [storageClass] = blocksOf(services, "kubernetes_storage_class_v1");
    expect(storageClass.metadata.annotations).toEqual({ "storageclass.kubernetes.io/is-default-class": "true" });
    const release = blocksOf(services, "helm_release").find((block) => block.chart === "aws-load-balancer-controller")!;
    const values = release.values.join("\n");
    expect(values).toContain("devops-2026-eks");
    expect(values).not.toContain('"group"');
    expect(values).toContain("internet-facing");

    const ingresses = blocksOf(students6, "kubernetes_ingress_v1");
    expect(ingresses).toHaveLength(12);
    const minsu = ingresses.find((ingress) => ingress.metadata.namespace.includes("minsu-kim"))!;
    expect(minsu.spec.rule[0].http.path[0].path).toBe("/minsu-kim");
    expect(minsu.spec.ingress_class_name).toBe("alb");
    expect(minsu.metadata.annotations["alb.ingress.kubernetes.io/group.name"]).toBe("devops-2026");
    expect(blocksOf(students6, "kubernetes_stateful_set_v1")).toHaveLength(12);
  });

  test("the LoadBalancer Service of the service-types lab exists only from week 6 and only when the quota allows one", () => {
    const lbServices = (json: SynthesizedStack) => blocksOf(json, "kubernetes_service_v1").filter((service) => service.spec.type === "LoadBalancer");
    expect(lbServices(students6)).toHaveLength(0);
    const withQuota = (week: number) => synthAll(week, (data) => (data.quota.loadBalancers = 1)).get("devops-2026-students-1")!;
    expect(lbServices(withQuota(5))).toHaveLength(0);
    const services = lbServices(withQuota(6));
    expect(services).toHaveLength(12);
    expect(services[0].metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]).toBe("internet-facing");
  });

  test("week 9: hello-node autoscales from 4 to 8 on the metrics-server add-on", () => {
    const week9 = synthAll(9);
    const hpas = blocksOf(week9.get("devops-2026-students-1")!, "kubernetes_horizontal_pod_autoscaler_v2");
    expect(hpas).toHaveLength(12);
    expect(hpas[0].spec).toMatchObject({ min_replicas: 4, max_replicas: 8 });
    expect(blocksOf(week9.get("devops-2026-platform")!, "aws_eks_addon").map((addon) => addon.addon_name)).toContain("metrics-server");
  });

  test("the labs list decides which labs exist", () => {
    const students = synthAll(6, (data) => (data.workloads = { labs: ["wordpress"] })).get("devops-2026-students-1")!;
    expect(blocksOf(students, "kubernetes_deployment_v1").map((deployment) => deployment.metadata.name)).toEqual(Array(12).fill("wordpress"));
  });
});

describe("advancing a week only adds", () => {
  test.each([
    [4, 5],
    [5, 6],
  ])("every resource of week %i keeps its address and settings at week %i", (from, to) => {
    expectOnlyAdditions(synthAll(from), synthAll(to));
  });
});

describe("<cohort>-platform: the cluster", () => {
  const [cluster] = blocksOf(platform6, "aws_eks_cluster");

  test("is named <cohort>-eks, version from the cohort file, in the private subnets found by name, public endpoint only for the listed CIDRs", () => {
    expect(cluster.name).toBe("devops-2026-eks");
    expect(cluster.version).toBe("1.36");
    expect(cluster.upgrade_policy).toEqual({ support_type: "STANDARD" });
    expect(cluster.vpc_config.endpoint_private_access).toBe(true);
    expect(cluster.vpc_config.endpoint_public_access).toBe(true);
    expect(cluster.vpc_config.public_access_cidrs).toEqual(["203.0.113.0/24"]);
    expect(cluster.vpc_config.subnet_ids).toHaveLength(3);
    cluster.vpc_config.subnet_ids.forEach((id: string) => expect(id).toMatch(/data\.aws_subnet\.network_private-subnet-\d/));
  });

  test("node groups from the cohort file, SPOT with several instance types, labels and taints", () => {
    const groups = blocksOf(platform6, "aws_eks_node_group");
    const spot = groups.find((group) => group.node_group_name === "spot")!;
    expect(spot).toMatchObject({ capacity_type: "SPOT", instance_types: ["t3.large", "t3a.large", "m5.large"], labels: { workload: "batch" } });
    expect(spot.taint).toEqual([{ key: "spot", value: "true", effect: "NO_SCHEDULE" }]);
    expect(spot.scaling_config).toEqual({ min_size: 0, desired_size: 0, max_size: 10 });
  });

  test("no student or CI principal has cluster scope: only admins hold an access policy, at cluster scope", () => {
    const entries = blocksOf(platform6, "aws_eks_access_entry");
    expect(entries).toHaveLength(2 + 12 + 9);
    const associations = blocksOf(platform6, "aws_eks_access_policy_association");
    const adminEntries = Object.entries(platform6.resource!.aws_eks_access_entry).filter(([, entry]: [string, any]) => ADMIN_ARNS.includes(entry.principal_arn));
    expect(associations.map((association) => association.principal_arn).sort()).toEqual(adminEntries.map(([name]) => `\${aws_eks_access_entry.${name}.principal_arn}`).sort());
    associations.forEach((association) => {
      expect(association.policy_arn).toMatch(/:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/);
      expect(association.access_scope).toEqual({ type: "cluster" });
    });
    const minsu = entries.find((entry) => entry.principal_arn === "arn:aws:iam::123456789012:user/minsu-kim")!;
    expect(minsu.kubernetes_groups).toEqual(["cohort:students", "cohort:student:minsu-kim"]);
    const ci = entries.filter((entry) => entry.kubernetes_groups?.some((group: string) => group.startsWith("cohort:ci:")));
    expect(ci).toHaveLength(9);
    ci.forEach((entry) => {
      expect(entry.principal_arn).toMatch(/^\$\{aws_iam_role\.ci-/);
      expect(entry.kubernetes_groups).toHaveLength(1);
    });
  });

  test("students and CI roles may describe the cluster (aws eks update-kubeconfig), nothing more", () => {
    const [policy] = blocksOf(platform6, "aws_iam_policy").filter((item) => item.name === "devops-2026-describe-cluster");
    expect(policy).toBeDefined();
    const document = blocksOf(platform6, "aws_iam_policy_document", "data").find((item) => item.statement?.[0]?.sid === "UpdateKubeconfig")!;
    expect(document.statement).toEqual([{ sid: "UpdateKubeconfig", effect: "Allow", actions: ["eks:DescribeCluster"], resources: ["${aws_eks_cluster.cluster_A4C38409.arn}"] }]);
    const userAttachments = blocksOf(platform6, "aws_iam_user_policy_attachment").filter((item) => String(item.policy_arn).includes("describe-cluster"));
    expect(userAttachments.map((item) => item.user).sort()).toEqual(atWeek(6).students.map((student) => student.name).sort());
    const roleAttachments = blocksOf(platform6, "aws_iam_role_policy_attachment").filter((item) => String(item.policy_arn).includes("describe-cluster"));
    expect(roleAttachments).toHaveLength(9);
  });

  test("the private API endpoint and NodePort Services are reachable from the cohort VPC (the lab workstations) and nowhere else", () => {
    const clusterGroup = "${aws_eks_cluster.cluster_A4C38409.vpc_config[0].cluster_security_group_id}";
    expect(blocksOf(platform6, "aws_vpc_security_group_ingress_rule")).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "10.20.0.0/16", security_group_id: clusterGroup }),
      expect.objectContaining({ ip_protocol: "tcp", from_port: 30000, to_port: 32767, cidr_ipv4: "10.20.0.0/16", security_group_id: clusterGroup }),
    ]);
  });

  test("add-ons: vpc-cni (network policy on) and pod identity agent before the node groups; coredns, kube-proxy and EBS CSI after them", () => {
    const addons = Object.entries(platform6.resource!.aws_eks_addon);
    const nodeGroups = Object.keys(platform6.resource!.aws_eks_node_group).map((name) => `aws_eks_node_group.${name}`);
    for (const [name, addon] of addons) {
      if (["vpc-cni", "eks-pod-identity-agent"].includes(addon.addon_name)) {
        Object.values(platform6.resource!.aws_eks_node_group).forEach((group: any) => expect(group.depends_on).toContain(`aws_eks_addon.${name}`));
      } else {
        expect(addon.depends_on).toEqual(expect.arrayContaining(nodeGroups));
      }
    }
    const cni = addons.find(([, addon]) => addon.addon_name === "vpc-cni")![1];
    expect(cni.configuration_values).toBe('${jsonencode({"enableNetworkPolicy" = "true"})}');
  });

  test("node roles may pull through the cache; outputs name the cluster and the kubeconfig command", () => {
    const pullPolicies = blocksOf(platform6, "aws_iam_role_policy").filter((policy) => String(policy.role).includes("node-group"));
    expect(pullPolicies).toHaveLength(2);
    expect(platform6.output!.kubeconfig_command.value).toBe("aws eks update-kubeconfig --name devops-2026-eks --region ap-northeast-2");
    expect(platform6.output!.cluster_name.value).toBe("devops-2026-eks");
  });

  test("deploy notifications watch the cluster from week 5", () => {
    const rules = (json: SynthesizedStack) => blocksOf(json, "aws_cloudwatch_event_rule").length;
    expect(rules(week5.get("devops-2026-platform")!)).toBeGreaterThan(rules(synthAll(4).get("devops-2026-platform")!));
  });
});

describe("downstream stacks reach the cluster by name", () => {
  test.each(["devops-2026-cluster-services", "devops-2026-students-1"])("%s: Kubernetes and Helm providers from the aws_eks_cluster data source, exec get-token, no token data source", (id) => {
    const json = week6.get(id)!;
    expect(blocksOf(json, "aws_eks_cluster", "data")).toEqual([expect.objectContaining({ name: "devops-2026-eks" })]);
    expect(json.data?.aws_eks_cluster_auth).toBeUndefined();
    const [kubernetes] = json.provider!.kubernetes;
    expect(kubernetes.host).toMatch(/^\$\{data\.aws_eks_cluster\..*\.endpoint\}$/);
    expect(kubernetes.exec).toEqual([
      {
        api_version: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", "devops-2026-eks", "--region", "ap-northeast-2", "--output", "json"],
      },
    ]);
    // Helm 3 takes `kubernetes` and its `exec` as attribute objects, the Kubernetes provider as blocks.
    expect(json.provider!.helm[0].kubernetes.exec).toEqual(kubernetes.exec[0]);
  });
});

describe("<cohort>-students-N: isolation", () => {
  const byNamespace = (type: string) => {
    const out = new Map<string, any[]>();
    for (const block of blocksOf(students6, type)) {
      const namespace = String(block.metadata.namespace ?? block.metadata.name);
      out.set(namespace, [...(out.get(namespace) ?? []), block]);
    }
    return out;
  };

  test("every student namespace has a quota from the cohort file, a limit range and a default-deny policy", () => {
    const namespaces = blocksOf(students6, "kubernetes_namespace_v1");
    expect(namespaces.map((namespace) => namespace.metadata.name).sort()).toEqual(atWeek(6).students.map((student) => student.name).sort());
    for (const namespace of namespaces) {
      expect(namespace.metadata.labels).toMatchObject({ student: namespace.metadata.name, cohort: "devops-2026", "pod-security.kubernetes.io/enforce": "baseline" });
    }
    expect(byNamespace("kubernetes_resource_quota_v1").size).toBe(12);
    expect(byNamespace("kubernetes_limit_range_v1").size).toBe(12);
    const quota = blocksOf(students6, "kubernetes_resource_quota_v1")[0];
    expect(quota.spec.hard).toMatchObject({ "requests.cpu": "2", "requests.memory": "4Gi", pods: "20", "services.loadbalancers": "0", "requests.storage": "20Gi" });
    for (const [, policies] of byNamespace("kubernetes_network_policy_v1")) {
      const deny = policies.find((policy) => policy.metadata.name === "default-deny")!;
      expect(deny.spec).toMatchObject({ policy_types: ["Ingress", "Egress"] });
      expect(deny.spec.ingress).toBeUndefined();
      expect(deny.spec.egress).toBeUndefined();
    }
  });

  test("no role binding reaches another namespace, binds another student's group, or is cluster-wide", () => {
    expect(students6.resource!.kubernetes_cluster_role_binding_v1).toBeUndefined();
    expect(students6.resource!.kubernetes_cluster_role_v1).toBeUndefined();
    for (const binding of blocksOf(students6, "kubernetes_role_binding_v1")) {
      const namespace = String(binding.metadata.namespace);
      const student = atWeek(6).students.find((item) => namespace.includes(`${item.name}_tenancy`))!;
      expect(student).toBeDefined();
      expect(binding.role_ref.kind).toBe("Role");
      for (const subject of binding.subject) expect([`cohort:student:${student.name}`, `cohort:ci:${student.name}`]).toContain(subject.name);
    }
  });

  test("egress into the VPC (other students' pods) is denied; the monitoring namespace and the VPC (load balancers) may come in", () => {
    const policies = blocksOf(students6, "kubernetes_network_policy_v1");
    const internet = policies.find((policy) => policy.metadata.name === "allow-internet-egress")!;
    expect(internet.spec.egress[0].to[0].ip_block.except).toContain("10.20.0.0/16");
    const fromNamespaces = policies.find((policy) => policy.metadata.name === "allow-from-namespaces")!;
    expect(JSON.stringify(fromNamespaces.spec)).toContain('"monitoring"');
    const fromLoadBalancers = policies.find((policy) => policy.metadata.name === "allow-load-balancer-ingress")!;
    expect(JSON.stringify(fromLoadBalancers.spec)).toContain('"10.20.0.0/16"');
  });

  test("students with a CI role get a deploy binding for their CI group; the others none", () => {
    const deployBindings = blocksOf(students6, "kubernetes_role_binding_v1").filter((binding) => binding.subject.some((subject: any) => subject.name.startsWith("cohort:ci:")));
    expect(deployBindings).toHaveLength(9);
  });

  test("cluster-wide, students may only read nodes, namespaces, storage classes and ingress classes", () => {
    const services = week6.get("devops-2026-cluster-services")!;
    const [role] = blocksOf(services, "kubernetes_cluster_role_v1");
    role.rule.forEach((rule: any) => expect(rule.verbs).toEqual(["get", "list", "watch"]));
    const [binding] = blocksOf(services, "kubernetes_cluster_role_binding_v1");
    expect(binding.subject).toEqual([expect.objectContaining({ kind: "Group", name: "cohort:students" })]);
  });
});

describe("sharding", () => {
  const roster = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ name: `student-${i}`, principalArn: `arn:aws:iam::123456789012:user/student-${i}` }));

  test("students are placed by a stable rule; adding a student never moves another", () => {
    const before = studentShards({ students: roster(60) as any, workloads: { shards: 4 } as any });
    const after = studentShards({ students: roster(61) as any, workloads: { shards: 4 } as any });
    for (const [shard, members] of before) {
      for (const member of members) expect(after.get(shard)!.map((student) => student.name)).toContain(member.name);
    }
    expect([...before.values()].every((members) => members.length > 5)).toBe(true);
  });

  test("raising the shard count only moves students into the new shard", () => {
    const names = roster(200).map((student) => student.name);
    const moved = names.filter((name) => studentShardOf(name, 4) !== studentShardOf(name, 5));
    moved.forEach((name) => expect(studentShardOf(name, 5)).toBe(5));
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(names.length / 3);
  });

  test("each student's namespace lives in exactly the shard the rule names", () => {
    const cohort = atWeek(5, (data) => (data.workloads = { shards: 3 }));
    const { stacks } = build(cohort);
    for (const stack of stacks.students) {
      const shard = Number(stack.node.id.split("-").pop());
      const namespaces = blocksOf(synthStack(stack).json, "kubernetes_namespace_v1").map((namespace) => namespace.metadata.name);
      expect(namespaces.sort()).toEqual(cohort.students.filter((student) => studentShardOf(student.name, 3) === shard).map((student) => student.name).sort());
    }
  });

  test("removing a student removes only that student's resources, in the shard and in the platform", () => {
    const without = atWeek(6, (data) => (data.students = data.students.filter((student: { name: string }) => student.name !== "jiyeon-lee")));
    const before = build(atWeek(6)).stacks;
    const after = build(without).stacks;
    expectOnlyStudentRemoved(before.students[0] as StudentsStack, after.students[0], "jiyeon-lee");
    expectOnlyStudentRemoved(before.platform!, after.platform!, "jiyeon-lee");
  });
});

describe("snapshots (week 6, two students)", () => {
  const small = atWeek(6, (data) => (data.students = data.students.slice(0, 2)));
  const { stacks } = build(small);
  test.each([
    ["platform", () => stacks.platform!],
    ["cluster-services", () => stacks.clusterServices!],
    ["students-1", () => stacks.students[0]],
  ])("%s", (_name, stack) => {
    expect(Testing.synth(stack(), true)).toMatchSnapshot();
  });
});
