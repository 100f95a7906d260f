import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { Token } from "cdktf";
import { StudentTenancy, type KubernetesSubject, type StudentTenancyProps } from "../constructs/cohort/student-tenancy";
import { TenancyNetworkPolicy } from "../constructs/cohort/tenancy-network-policy";
import { blocksOf, kubernetesTestStack, synthStack, type SynthesizedStack } from "./helpers";

const STUDENT_GROUP: KubernetesSubject = { kind: "Group", name: "devops-2026:student:minsu-kim" };
const CI_GROUP: KubernetesSubject = { kind: "Group", name: "devops-2026:ci:minsu-kim" };
const NAMESPACE_REF = /^\$\{kubernetes_namespace_v1\.tenancy_namespace_\w+\.metadata\[0\]\.name\}$/;
const READ = ["get", "list", "watch"];
const WRITE = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

function synthTenancy(props: Partial<StudentTenancyProps> = {}, grants: (tenancy: StudentTenancy) => void = () => {}) {
  const stack = kubernetesTestStack();
  const tenancy = new StudentTenancy(stack, "tenancy", { namespace: "minsu-kim", ...props });
  grants(tenancy);
  return { tenancy, ...synthStack(stack) };
}

function buildTenancy(props: Partial<StudentTenancyProps>) {
  return () => new StudentTenancy(kubernetesTestStack(), "tenancy", { namespace: "minsu-kim", ...props });
}

/** The network policies by their Kubernetes name. */
function policiesByName(json: SynthesizedStack): Record<string, any> {
  return Object.fromEntries(blocksOf(json, "kubernetes_network_policy_v1").map((policy) => [policy.metadata.name, policy]));
}

function allGrants(tenancy: StudentTenancy) {
  tenancy.grantEdit(STUDENT_GROUP);
  tenancy.grantView({ kind: "User", name: "teaching-assistant" });
  tenancy.grantDeploy(CI_GROUP);
}

describe("StudentTenancy namespace", () => {
  test("is named after the student and carries the Pod Security Admission labels by default", () => {
    const { json } = synthTenancy();
    expect(blocksOf(json, "kubernetes_namespace_v1")).toEqual([
      {
        metadata: {
          name: "minsu-kim",
          labels: {
            "app.kubernetes.io/managed-by": "cdktf",
            "pod-security.kubernetes.io/enforce": "baseline",
            "pod-security.kubernetes.io/enforce-version": "latest",
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/warn-version": "latest",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/audit-version": "latest",
          },
        },
      },
    ]);
  });

  test("adds the extra labels, part-of, and the chosen Pod Security levels and version", () => {
    const { text } = synthTenancy({
      labels: { "cohort.example.com/student": "minsu-kim", team: "blue" },
      partOf: "devops-2026",
      podSecurity: { enforce: "restricted", warn: "restricted", audit: "baseline", version: "v1.33" },
    });
    expect(text).toHaveResourceWithProperties(NamespaceV1, {
      metadata: {
        name: "minsu-kim",
        labels: {
          "cohort.example.com/student": "minsu-kim",
          team: "blue",
          "app.kubernetes.io/part-of": "devops-2026",
          "app.kubernetes.io/managed-by": "cdktf",
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "v1.33",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": "v1.33",
          "pod-security.kubernetes.io/audit": "baseline",
          "pod-security.kubernetes.io/audit-version": "v1.33",
        },
      },
    });
  });

  test("a partly given podSecurity keeps the other defaults", () => {
    const { json } = synthTenancy({ podSecurity: { enforce: "restricted" } });
    const [namespace] = blocksOf(json, "kubernetes_namespace_v1");
    expect(namespace.metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
    });
  });

  test("every namespaced resource takes the namespace from the namespace resource, so it is created after it", () => {
    const { json, tenancy } = synthTenancy({ loadBalancerSourceCidrs: ["10.0.0.0/16"], allowFromNamespaces: ["monitoring"] }, allGrants);
    expect(Token.isUnresolved(tenancy.namespace)).toBe(true);
    const namespaced = ["kubernetes_resource_quota_v1", "kubernetes_limit_range_v1", "kubernetes_network_policy_v1", "kubernetes_role_v1", "kubernetes_role_binding_v1"];
    for (const type of namespaced) {
      const blocks = blocksOf(json, type);
      expect(blocks.length).toBeGreaterThan(0);
      blocks.forEach((block) => expect(block.metadata.namespace).toMatch(NAMESPACE_REF));
    }
    expect(tenancy.namespaceResource).toBeInstanceOf(NamespaceV1);
    expect(tenancy.quota).toBeInstanceOf(ResourceQuotaV1);
    expect(tenancy.limitRange).toBeInstanceOf(LimitRangeV1);
  });
});

describe("StudentTenancy quota and limits", () => {
  test("the quota has the documented defaults, with limits twice the requests", () => {
    const { json } = synthTenancy();
    expect(blocksOf(json, "kubernetes_resource_quota_v1")).toEqual([
      {
        metadata: { name: "tenancy-quota", namespace: expect.stringMatching(NAMESPACE_REF) },
        spec: {
          hard: {
            "requests.cpu": "2",
            "limits.cpu": "4",
            "requests.memory": "4Gi",
            "limits.memory": "8Gi",
            pods: "20",
            services: "10",
            "services.loadbalancers": "0",
            "services.nodeports": "2",
            "requests.storage": "20Gi",
            persistentvolumeclaims: "5",
          },
        },
      },
    ]);
    expect(StudentTenancy.DEFAULT_QUOTA).toEqual({ cpu: "2", memory: "4Gi", pods: 20, services: 10, loadBalancers: 0, nodePorts: 2, storage: "20Gi", persistentVolumeClaims: 5 });
  });

  test.each([
    [
      "requests only (limits derived, node ports follow load balancers)",
      { cpu: "1500m", memory: "3Gi", pods: 30, loadBalancers: 1, storage: "50Gi" },
      { "requests.cpu": "1500m", "limits.cpu": "3000m", "requests.memory": "3Gi", "limits.memory": "6Gi", pods: "30", "services.loadbalancers": "1", "services.nodeports": "3", "requests.storage": "50Gi" },
    ],
    [
      "every field",
      { cpu: "1", memory: "2Gi", limitsCpu: "1", limitsMemory: "2Gi", pods: 5, services: 3, loadBalancers: 2, nodePorts: 4, storage: "5Gi", persistentVolumeClaims: 1 },
      { "requests.cpu": "1", "limits.cpu": "1", "requests.memory": "2Gi", "limits.memory": "2Gi", pods: "5", services: "3", "services.loadbalancers": "2", "services.nodeports": "4", "requests.storage": "5Gi", persistentvolumeclaims: "1" },
    ],
  ])("a quota with %s sets the hard values", (_case, quota, hard) => {
    const { json } = synthTenancy({ quota });
    expect(blocksOf(json, "kubernetes_resource_quota_v1")[0].spec.hard).toMatchObject(hard);
  });

  test("the limit range gives containers the documented defaults, caps them at the quota's limits and PVCs at the storage quota", () => {
    const { json } = synthTenancy();
    expect(blocksOf(json, "kubernetes_limit_range_v1")).toEqual([
      {
        metadata: { name: "tenancy-limits", namespace: expect.stringMatching(NAMESPACE_REF) },
        spec: {
          limit: [
            { type: "Container", default_request: { cpu: "100m", memory: "128Mi" }, default: { cpu: "500m", memory: "512Mi" }, max: { cpu: "4", memory: "8Gi" } },
            { type: "PersistentVolumeClaim", max: { storage: "20Gi" } },
          ],
        },
      },
    ]);
    expect(StudentTenancy.DEFAULT_LIMITS).toEqual({ defaultRequestCpu: "100m", defaultRequestMemory: "128Mi", defaultLimitCpu: "500m", defaultLimitMemory: "512Mi" });
  });

  test("custom limits and a smaller quota flow into the limit range", () => {
    const { json } = synthTenancy({
      quota: { cpu: "1", memory: "1Gi", storage: "8Gi" },
      limits: { defaultRequestCpu: "50m", defaultRequestMemory: "64Mi", defaultLimitCpu: "250m", defaultLimitMemory: "256Mi", maxCpu: "1" },
    });
    expect(blocksOf(json, "kubernetes_limit_range_v1")[0].spec.limit).toEqual([
      { type: "Container", default_request: { cpu: "50m", memory: "64Mi" }, default: { cpu: "250m", memory: "256Mi" }, max: { cpu: "1", memory: "2Gi" } },
      { type: "PersistentVolumeClaim", max: { storage: "8Gi" } },
    ]);
  });

  test("quota values that are tokens are not checked, and limits then equal the requests", () => {
    const cpu = Token.asString({ Ref: "cpu" });
    const { json } = synthTenancy({ quota: { cpu } });
    const hard = blocksOf(json, "kubernetes_resource_quota_v1")[0].spec.hard;
    expect(hard["limits.cpu"]).toEqual(hard["requests.cpu"]);
  });
});

describe("StudentTenancy network policies", () => {
  const options = { loadBalancerSourceCidrs: ["10.0.0.0/16"], allowFromNamespaces: ["monitoring", "ingress-nginx"], clusterNetworkCidrs: ["10.0.0.0/16"] };

  test("by default: a default deny both ways, the same namespace, DNS and the internet, nothing else", () => {
    const { json, tenancy } = synthTenancy();
    expect(Object.keys(policiesByName(json)).sort()).toEqual(["allow-dns-egress", "allow-internet-egress", "allow-same-namespace", "default-deny"]);
    expect(tenancy.networkPolicy!.policies).toHaveLength(4);
  });

  test("with every option: the load-balancer and namespace allows are added", () => {
    const { json } = synthTenancy(options);
    expect(Object.keys(policiesByName(json)).sort()).toEqual([
      "allow-dns-egress",
      "allow-from-namespaces",
      "allow-internet-egress",
      "allow-load-balancer-ingress",
      "allow-same-namespace",
      "default-deny",
    ]);
  });

  test("default-deny selects every pod, for ingress and egress, and allows nothing", () => {
    const policy = policiesByName(synthTenancy(options).json)["default-deny"];
    expect(policy.spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
  });

  test("allow-same-namespace admits pods of the namespace both ways", () => {
    expect(policiesByName(synthTenancy(options).json)["allow-same-namespace"].spec).toEqual({
      pod_selector: {},
      policy_types: ["Ingress", "Egress"],
      ingress: [{ from: [{ pod_selector: {} }] }],
      egress: [{ to: [{ pod_selector: {} }] }],
    });
  });

  test("allow-dns-egress reaches only the kube-dns pods of kube-system on port 53", () => {
    expect(policiesByName(synthTenancy(options).json)["allow-dns-egress"].spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [
        {
          to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } }, pod_selector: { match_labels: { "k8s-app": "kube-dns" } } }],
          ports: [
            { protocol: "UDP", port: "53" },
            { protocol: "TCP", port: "53" },
          ],
        },
      ],
    });
  });

  test("allow-internet-egress excludes the cluster network and the instance metadata service", () => {
    expect(policiesByName(synthTenancy(options).json)["allow-internet-egress"].spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [{ to: [{ ip_block: { cidr: "0.0.0.0/0", except: ["10.0.0.0/16", "169.254.169.254/32"] } }] }],
    });
  });

  test.each([
    ["by default", {}, ["169.254.169.254/32"]],
    ["without the metadata block", { blockInstanceMetadata: false }, undefined],
    ["with two cluster ranges", { clusterNetworkCidrs: ["10.0.0.0/16", "100.64.0.0/16"] }, ["10.0.0.0/16", "100.64.0.0/16", "169.254.169.254/32"]],
  ])("the internet egress exceptions %s", (_case, props, except) => {
    const egress = policiesByName(synthTenancy(props).json)["allow-internet-egress"].spec.egress;
    expect(egress).toEqual([{ to: [{ ip_block: except ? { cidr: "0.0.0.0/0", except } : { cidr: "0.0.0.0/0" } }] }]);
  });

  test("allow-load-balancer-ingress admits the load balancer CIDRs", () => {
    const { json } = synthTenancy({ loadBalancerSourceCidrs: ["10.0.128.0/22", "10.0.132.0/22"] });
    expect(policiesByName(json)["allow-load-balancer-ingress"].spec).toEqual({
      pod_selector: {},
      policy_types: ["Ingress"],
      ingress: [{ from: [{ ip_block: { cidr: "10.0.128.0/22" } }, { ip_block: { cidr: "10.0.132.0/22" } }] }],
    });
  });

  test("allow-from-namespaces admits exactly the named namespaces by their metadata.name label", () => {
    expect(policiesByName(synthTenancy(options).json)["allow-from-namespaces"].spec).toEqual({
      pod_selector: {},
      policy_types: ["Ingress"],
      ingress: [{ from: [{ namespace_selector: { match_expressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["monitoring", "ingress-nginx"] }] } }] }],
    });
  });

  test("no rule admits other namespaces: every namespace selector names kube-system (DNS) or an allowed namespace, every pod selector stays in the namespace", () => {
    const policies = Object.values(policiesByName(synthTenancy(options).json));
    const peers = policies.flatMap((policy) => [...(policy.spec.ingress ?? []).flatMap((rule: any) => rule.from), ...(policy.spec.egress ?? []).flatMap((rule: any) => rule.to)]);
    expect(peers.length).toBeGreaterThan(0);
    for (const peer of peers) {
      if (peer.namespace_selector) {
        const selector = peer.namespace_selector;
        const names = selector.match_labels ? [selector.match_labels["kubernetes.io/metadata.name"]] : selector.match_expressions.flatMap((expression: any) => expression.values);
        expect(names.every((name: string) => ["kube-system", "monitoring", "ingress-nginx"].includes(name))).toBe(true);
        if (names.includes("kube-system")) expect(peer.pod_selector).toEqual({ match_labels: { "k8s-app": "kube-dns" } });
      } else if (peer.ip_block) {
        expect(peer.ip_block.cidr === "0.0.0.0/0" ? peer.ip_block.except : [peer.ip_block.cidr]).toContain("10.0.0.0/16");
      } else {
        expect(peer).toEqual({ pod_selector: {} });
      }
    }
  });

  test("networkIsolation false creates no policy at all", () => {
    const { json, tenancy } = synthTenancy({ networkIsolation: false, ...options });
    expect(blocksOf(json, "kubernetes_network_policy_v1")).toHaveLength(0);
    expect(tenancy.networkPolicy).toBeUndefined();
  });

  test("the DNS selector and the metadata address are published", () => {
    expect(TenancyNetworkPolicy.DNS_POD_LABELS).toEqual({ "k8s-app": "kube-dns" });
    expect(TenancyNetworkPolicy.INSTANCE_METADATA_CIDR).toBe("169.254.169.254/32");
  });
});

describe("StudentTenancy RBAC", () => {
  function rolesByName(json: SynthesizedStack): Record<string, any[]> {
    return Object.fromEntries(blocksOf(json, "kubernetes_role_v1").map((role) => [role.metadata.name, role.rule]));
  }

  test("no role exists until something is granted", () => {
    const { json } = synthTenancy();
    expect(blocksOf(json, "kubernetes_role_v1")).toHaveLength(0);
    expect(blocksOf(json, "kubernetes_role_binding_v1")).toHaveLength(0);
  });

  test("no rule anywhere uses *, touches RBAC, or is cluster-scoped", () => {
    const { json } = synthTenancy({}, allGrants);
    expect(blocksOf(json, "kubernetes_cluster_role_v1")).toHaveLength(0);
    expect(blocksOf(json, "kubernetes_cluster_role_binding_v1")).toHaveLength(0);
    const rules = blocksOf(json, "kubernetes_role_v1").flatMap((role) => role.rule);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect([...rule.api_groups, ...rule.resources, ...rule.verbs].some((value: string) => value.includes("*"))).toBe(false);
      expect(rule.api_groups).not.toContain("rbac.authorization.k8s.io");
      expect(rule.verbs).not.toEqual(expect.arrayContaining(["escalate"]));
      expect(rule.verbs).not.toEqual(expect.arrayContaining(["bind"]));
      expect(rule.verbs).not.toEqual(expect.arrayContaining(["impersonate"]));
      expect(rule.resources).not.toEqual(expect.arrayContaining(["namespaces"]));
      expect(rule.resource_names).toBeUndefined();
    }
  });

  test("edit lets a student run workloads, read logs, exec and port-forward", () => {
    const edit = rolesByName(synthTenancy({}, allGrants).json)["tenancy-edit"];
    const verbsFor = (group: string, resource: string) => edit.filter((rule) => rule.api_groups.includes(group) && rule.resources.includes(resource)).flatMap((rule) => rule.verbs);
    for (const [group, resource] of [
      ["apps", "deployments"],
      ["apps", "statefulsets"],
      ["", "services"],
      ["", "configmaps"],
      ["", "secrets"],
      ["", "pods"],
      ["", "persistentvolumeclaims"],
      ["batch", "jobs"],
      ["batch", "cronjobs"],
      ["autoscaling", "horizontalpodautoscalers"],
      ["policy", "poddisruptionbudgets"],
    ]) {
      expect(verbsFor(group, resource)).toEqual(WRITE);
    }
    expect(verbsFor("apps", "deployments/scale")).toEqual(["get", "update", "patch"]);
    expect(verbsFor("", "pods/log")).toEqual(READ);
    for (const stream of ["pods/exec", "pods/portforward", "pods/attach"]) expect(verbsFor("", stream)).toEqual(["get", "create"]);
    expect(verbsFor("", "events")).toEqual(READ);
  });

  test.each(["tenancy-edit", "tenancy-view"])("%s only reads the quota, limits, network policies, service accounts and Ingresses (a shared ALB's routes)", (roleName) => {
    const rules = rolesByName(synthTenancy({}, allGrants).json)[roleName];
    for (const resource of ["resourcequotas", "limitranges", "networkpolicies", "serviceaccounts", "ingresses"]) {
      const matching = rules.filter((rule) => rule.resources.includes(resource));
      expect(matching.length).toBeGreaterThan(0);
      matching.forEach((rule) => expect(rule.verbs).toEqual(READ));
    }
  });

  test("view only reads, and never Secrets", () => {
    const view = rolesByName(synthTenancy({}, allGrants).json)["tenancy-view"];
    view.forEach((rule) => expect(rule.verbs).toEqual(READ));
    expect(view.flatMap((rule) => rule.resources)).not.toContain("secrets");
    expect(view.flatMap((rule) => rule.resources)).toEqual(expect.arrayContaining(["pods", "pods/log", "deployments", "services"]));
  });

  test("deploy is exactly what set image, scale and rollout status need", () => {
    expect(rolesByName(synthTenancy({}, allGrants).json)["tenancy-deploy"]).toEqual([
      { api_groups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch", "patch", "update"] },
      { api_groups: ["apps"], resources: ["deployments/scale"], verbs: ["get", "patch", "update"] },
      { api_groups: ["apps"], resources: ["replicasets"], verbs: ["get", "list", "watch"] },
      { api_groups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
    ]);
  });

  test("each grant binds its subject to the namespace's own Role, in the namespace only", () => {
    const { json } = synthTenancy({}, allGrants);
    const roleAddresses = Object.fromEntries(Object.entries(json.resource!.kubernetes_role_v1).map(([address, role]) => [role.metadata.name, address]));
    const byName = Object.fromEntries(blocksOf(json, "kubernetes_role_binding_v1").map((binding) => [binding.metadata.name, binding]));
    const edit = byName["tenancy-edit-group-devops-2026-student-minsu-kim-93151d58"];
    const view = byName["tenancy-view-user-teaching-assistant"];
    const deploy = byName["tenancy-deploy-group-devops-2026-ci-minsu-kim-292adbd2"];
    expect(Object.keys(byName)).toHaveLength(3);
    expect(edit.subject).toEqual([{ api_group: "rbac.authorization.k8s.io", kind: "Group", name: STUDENT_GROUP.name }]);
    expect(view.subject).toEqual([{ api_group: "rbac.authorization.k8s.io", kind: "User", name: "teaching-assistant" }]);
    expect(deploy.subject).toEqual([{ api_group: "rbac.authorization.k8s.io", kind: "Group", name: CI_GROUP.name }]);
    for (const [binding, role] of [
      [edit, "tenancy-edit"],
      [view, "tenancy-view"],
      [deploy, "tenancy-deploy"],
    ] as const) {
      expect(binding.metadata.namespace).toMatch(NAMESPACE_REF);
      expect(binding.role_ref).toEqual({ api_group: "rbac.authorization.k8s.io", kind: "Role", name: `\${kubernetes_role_v1.${roleAddresses[role]}.metadata[0].name}` });
    }
  });

  test("granting twice returns the same binding, and one Role serves many subjects", () => {
    const { json } = synthTenancy({}, (tenancy) => {
      const first = tenancy.grantEdit(STUDENT_GROUP);
      expect(tenancy.grantEdit({ ...STUDENT_GROUP })).toBe(first);
      tenancy.grantEdit({ kind: "Group", name: "devops-2026:mentors" });
    });
    expect(blocksOf(json, "kubernetes_role_v1")).toHaveLength(1);
    expect(blocksOf(json, "kubernetes_role_binding_v1")).toHaveLength(2);
  });

  test.each([
    ["edit", { kind: "Group", name: "students" }, "tenancy-edit-group-students"],
    ["view", { kind: "User", name: "Minsu" }, "tenancy-view-user-minsu-"],
    ["deploy", { kind: "User", name: "arn:aws:iam::123456789012:role/ci" }, "tenancy-deploy-user-arn-aws-iam-123456789012-role-ci-"],
    ["edit", { kind: "Group", name: "g".repeat(100) }, "tenancy-edit-group-ggg"],
  ] as const)("the %s binding of %j is named %s…, a valid name of at most 63 characters", (role, subject, start) => {
    const name = StudentTenancy.bindingName(role, subject);
    expect(name.startsWith(start)).toBe(true);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(StudentTenancy.bindingName(role, subject)).toBe(name);
  });

  test("subjects that differ only in case or punctuation get different binding names", () => {
    const names = ["a:b", "a-b", "A-B", "a.b"].map((name) => StudentTenancy.bindingName("edit", { kind: "Group", name }));
    expect(new Set(names).size).toBe(4);
    expect(StudentTenancy.bindingName("edit", { kind: "Group", name: "a" })).not.toBe(StudentTenancy.bindingName("edit", { kind: "User", name: "a" }));
  });
});

describe("StudentTenancy validation", () => {
  test.each([["Minsu-Kim"], ["minsu_kim"], [""], ["-minsu"], ["minsu-"], ["m".repeat(64)], ["minsu.kim"]])("namespace %j is rejected", (namespace) => {
    expect(buildTenancy({ namespace })).toThrow(
      `StudentTenancy test/tenancy: namespace must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "${namespace}"`,
    );
  });

  test.each([["default"], ["kube-system"], ["kube-public"]])("the reserved namespace %s is rejected", (namespace) => {
    expect(buildTenancy({ namespace })).toThrow(`StudentTenancy test/tenancy: namespace must not be "default" or start with "kube-" (reserved by Kubernetes), got "${namespace}"`);
  });

  test("a namespace of 63 characters is accepted", () => {
    expect(buildTenancy({ namespace: "m".repeat(63) })).not.toThrow();
  });

  test.each([
    ["quota.cpu", { quota: { cpu: "2 cores" } }, 'quota.cpu must be a CPU quantity like "2", "1.5" or "500m", got "2 cores"'],
    ["quota.memory", { quota: { memory: "4GB" } }, 'quota.memory must be a byte quantity like "4Gi", "512Mi" or "1G", got "4GB"'],
    ["quota.memory in millibytes", { quota: { memory: "512m" } }, 'quota.memory must be a whole number of bytes like "4Gi" or "512Mi" ("m" means milli, not mega), got "512m"'],
    ["quota.storage", { quota: { storage: "20 GiB" } }, 'quota.storage must be a byte quantity like "4Gi", "512Mi" or "1G", got "20 GiB"'],
    ["quota.limitsCpu", { quota: { limitsCpu: "lots" } }, 'quota.limitsCpu must be a CPU quantity like "2", "1.5" or "500m", got "lots"'],
    ["limits.defaultLimitMemory", { limits: { defaultLimitMemory: "1gb" } }, 'limits.defaultLimitMemory must be a byte quantity like "4Gi", "512Mi" or "1G", got "1gb"'],
  ])("a bad quantity in %s is rejected", (_case, props, message) => {
    expect(buildTenancy(props)).toThrow(`StudentTenancy test/tenancy: ${message}`);
  });

  test.each([
    ["a default CPU request bigger than the whole quota", { quota: { cpu: "50m" } }, 'limits.defaultRequestCpu must not exceed quota.cpu ("50m"), got "100m"'],
    ["a default memory request bigger than the whole quota", { limits: { defaultRequestMemory: "5Gi", defaultLimitMemory: "5Gi" } }, 'limits.defaultRequestMemory must not exceed quota.memory ("4Gi"), got "5Gi"'],
    ["limits below requests in the quota", { quota: { cpu: "2", limitsCpu: "1" } }, 'quota.limitsCpu must be at least quota.cpu ("2"), got "1"'],
    ["memory limits below requests in the quota", { quota: { memory: "4Gi", limitsMemory: "4G" } }, 'quota.limitsMemory must be at least quota.memory ("4Gi"), got "4G"'],
    ["a default limit below the default request", { limits: { defaultRequestCpu: "200m", defaultLimitCpu: "100m" } }, 'limits.defaultLimitCpu must be at least limits.defaultRequestCpu ("200m"), got "100m"'],
    ["a container maximum above the quota's limits", { limits: { maxCpu: "8" } }, 'limits.maxCpu must not exceed quota.limitsCpu ("4"), got "8"'],
    ["a memory maximum above the quota's limits", { limits: { maxMemory: "9Gi" } }, 'limits.maxMemory must not exceed quota.limitsMemory ("8Gi"), got "9Gi"'],
    ["a default limit above the container maximum", { limits: { maxMemory: "256Mi" } }, 'limits.defaultLimitMemory must not exceed limits.maxMemory ("256Mi"), got "512Mi"'],
  ])("%s is rejected", (_case, props, message) => {
    expect(buildTenancy(props)).toThrow(`StudentTenancy test/tenancy: ${message}`);
  });

  test("defaults that exactly fill the quota are accepted", () => {
    expect(buildTenancy({ quota: { cpu: "100m", memory: "128Mi", limitsCpu: "0.5", limitsMemory: "0.5Gi" } })).not.toThrow();
  });

  test.each([
    ["quota.pods", { quota: { pods: -1 } }, "quota.pods must be a whole number >= 0, got -1"],
    ["quota.services", { quota: { services: 2.5 } }, "quota.services must be a whole number >= 0, got 2.5"],
    ["quota.persistentVolumeClaims", { quota: { persistentVolumeClaims: Number.NaN } }, "quota.persistentVolumeClaims must be a whole number >= 0, got NaN"],
    ["quota.nodePorts", { quota: { loadBalancers: 3, nodePorts: 2 } }, "quota.nodePorts must be at least quota.loadBalancers (3): every LoadBalancer Service takes a node port too, got 2"],
  ])("a bad count in %s is rejected", (_case, props, message) => {
    expect(buildTenancy(props)).toThrow(`StudentTenancy test/tenancy: ${message}`);
  });

  test.each([
    [{ podSecurity: { enforce: "strict" as never } }, 'podSecurity.enforce must be "privileged", "baseline" or "restricted", got "strict"'],
    [{ podSecurity: { version: "1.33" } }, 'podSecurity.version must be "latest" or a Kubernetes minor version like "v1.33", got "1.33"'],
    [{ labels: { "pod-security.kubernetes.io/enforce": "privileged" } }, "labels must not set pod-security.kubernetes.io/enforce: use podSecurity instead"],
    [{ labels: { student: "Minsu Kim" } }, 'labels["student"] must be a label value: up to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit, got "Minsu Kim"'],
    [{ labels: { "bad key": "x" } }, 'labels["bad key"] has an invalid label key: up to 63 letters, digits, "-", "_" or "." after an optional DNS prefix and "/", got "bad key"'],
    [{ partOf: "devops 2026" }, 'partOf must be a label value: up to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit, got "devops 2026"'],
  ])("namespace metadata %j is rejected", (props, message) => {
    expect(buildTenancy(props)).toThrow(`StudentTenancy test/tenancy: ${message}`);
  });

  test.each([
    [{ kind: "Group", name: "system:authenticated" }, 'subject.name must be a group or user name that is not empty and not a built-in "system:" identity, got "system:authenticated"'],
    [{ kind: "User", name: " " }, 'subject.name must be a group or user name that is not empty and not a built-in "system:" identity, got " "'],
    [{ kind: "ServiceAccount", name: "default" }, 'subject.kind must be "Group" or "User", got "ServiceAccount"'],
    [{ kind: "Group", name: Token.asString({ Ref: "group" }) }, "subject.name must be known at synth time (the binding's name is derived from it), got a token"],
  ])("granting to %j is rejected", (subject, message) => {
    const tenancy = buildTenancy({})();
    expect(() => tenancy.grantEdit(subject as KubernetesSubject)).toThrow(`StudentTenancy test/tenancy: ${message}`);
  });

  test.each([
    [{ clusterNetworkCidrs: ["10.0.0.0"] }, 'clusterNetworkCidrs[0] must be an IPv4 CIDR block like 10.20.0.0/16, got "10.0.0.0"'],
    [{ loadBalancerSourceCidrs: ["10.0.0.0/16", "10.0.0.1/16"] }, 'loadBalancerSourceCidrs[1] has host bits set: the network address of a /16 here is 10.0.0.0/16, got "10.0.0.1/16"'],
    [
      { allowFromNamespaces: ["Monitoring"] },
      'allowFromNamespaces[0] must be a namespace name (a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit), got "Monitoring"',
    ],
  ])("network options %j are rejected", (props, message) => {
    expect(buildTenancy(props)).toThrow(`TenancyNetworkPolicy test/tenancy/network-policy: ${message}`);
  });
});
