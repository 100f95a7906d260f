import { parse } from "yaml";
import { blocksOf, cohortWith, expectOnlyAdditions, synthCohort, type SynthesizedStack } from "./helpers";
import { checkCapacity } from "../config/cluster-capacity";

const atWeek = (week: number, change: (data: Record<string, any>) => void = () => {}) =>
  synthCohort(
    cohortWith((data) => {
      data.throughWeek = week;
      change(data);
    }),
  );

const week6 = atWeek(6);
const week7 = atWeek(7);
const week8 = atWeek(8);
const services7 = week7.get("devops-2026-cluster-services")!;
const services8 = week8.get("devops-2026-cluster-services")!;
const students7 = week7.get("devops-2026-students-1")!;
const platform8 = week8.get("devops-2026-platform")!;

const releaseNamed = (json: SynthesizedStack, name: string) => {
  const release = blocksOf(json, "helm_release").find((block) => block.name === name);
  if (!release) throw new Error(`no helm_release ${name}`);
  return release;
};
/** Helm's merge of a release's values documents: maps merge deeply, anything else is replaced. */
const merge = (base: any, next: any): any =>
  base && next && typeof base === "object" && typeof next === "object" && !Array.isArray(base) && !Array.isArray(next)
    ? Object.fromEntries([...new Set([...Object.keys(base), ...Object.keys(next)])].map((key) => [key, key in next ? merge(base[key], next[key]) : base[key]]))
    : next;
const valuesOf = (release: Record<string, any>) => release.values.map((text: string) => parse(text)).reduce(merge, {});
const resourceKey = (json: SynthesizedStack, type: string, predicate: (block: Record<string, any>) => boolean) =>
  Object.entries(json.resource?.[type] ?? {}).find(([, block]) => predicate(block))![0];
/** The statements of the one policy document whose construct path starts with `prefix`. */
const policyOf = (json: SynthesizedStack, prefix: string) => Object.entries(json.data!.aws_iam_policy_document).find(([key]) => key.startsWith(prefix))![1].statement;

describe("advancing to weeks 7 and 8 only adds", () => {
  test.each([
    [6, 7, week6, week7],
    [7, 8, week7, week8],
  ])("every resource of week %i keeps its address and settings at week %i", (_from, _to, before, after) => {
    expectOnlyAdditions(before, after);
  });

  test("every ${...} in the synthesized stacks is a Terraform reference (dashboards, rules and templates carry none of their own)", () => {
    for (const json of [...week8.values()]) {
      // "$${" is an escaped literal (IAM policy variables such as $${aws:username}).
      const interpolations = JSON.stringify(json).match(/(?<!\$)\$\{[^}]*\}/g) ?? [];
      for (const expression of interpolations) expect(expression).toMatch(/^\$\{\(?(data\.|aws_|kubernetes_|helm_|random_|[a-z0-9_]+\()/);
    }
  });

  test("week 6 has no monitoring or log shipping", () => {
    const names = blocksOf(week6.get("devops-2026-cluster-services")!, "helm_release").map((release) => release.name);
    expect(names).not.toContain("kube-prometheus-stack");
    expect(names).not.toContain("fluent-bit");
  });
});

describe("week 7: kube-prometheus-stack in -cluster-services", () => {
  const stack = releaseNamed(services7, "kube-prometheus-stack");
  const crds = releaseNamed(services7, "prometheus-operator-crds");
  const values = valuesOf(stack);
  const spec = values.prometheus.prometheusSpec;

  test("pinned charts; the CRDs come from their own release, which the stack waits for; nothing waits on pods", () => {
    expect([stack.chart, stack.version, crds.chart, crds.version]).toEqual(["kube-prometheus-stack", "88.5.3", "prometheus-operator-crds", "31.0.1"]);
    expect(values.crds).toEqual({ enabled: false });
    expect(stack.depends_on).toContain(`helm_release.${resourceKey(services7, "helm_release", (block) => block.name === "prometheus-operator-crds")}`);
    for (const release of blocksOf(services7, "helm_release")) expect(release.wait).toBe(false);
  });

  test("in a monitoring namespace whose Pod Security level lets node-exporter run", () => {
    const [namespace] = blocksOf(services7, "kubernetes_namespace_v1").filter((block) => block.metadata.name === "monitoring");
    expect(namespace.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
    expect(stack.namespace).toContain("kubernetes_namespace_v1.");
  });

  test("EKS: no controller manager, scheduler, etcd or kube-proxy scraping, and none of their rules", () => {
    for (const component of ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"]) expect(values[component]).toEqual({ enabled: false });
    expect(values.defaultRules.rules).toEqual({ etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false });
    expect(values.defaultRules.appNamespacesTarget).toBe("kube-system|monitoring|logging");
    // Secrets' names would otherwise be metrics every Grafana viewer can query.
    expect(values["kube-state-metrics"].collectorsExclude).toEqual(["secrets"]);
  });

  test("Prometheus keeps the cohort's retention on a gp3 volume, deleting the oldest data at 85% of it", () => {
    expect(spec.retention).toBe("84d");
    expect(spec.retentionSize).toBe("42GiB");
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({ storageClassName: "gp3", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } });
    expect(spec.resources.requests).toEqual({ cpu: "200m", memory: "1120Mi" });
  });

  test("tenants: every namespace's monitors and rules, the namespace label enforced (the stack's own monitors excepted), limits, no namespace selectors, no file access", () => {
    for (const kind of ["rule", "serviceMonitor", "podMonitor", "probe"]) expect(spec[`${kind}SelectorNilUsesHelmValues`]).toBe(false);
    expect(spec.enforcedNamespaceLabel).toBe("namespace");
    expect(spec.excludedFromEnforcement).toEqual(
      expect.arrayContaining([
        { group: "monitoring.coreos.com", resource: "servicemonitors", namespace: "monitoring" },
        { group: "monitoring.coreos.com", resource: "servicemonitors", namespace: "kube-system" },
      ]),
    );
    expect(spec.excludedFromEnforcement.every((reference: Record<string, string>) => ["monitoring", "kube-system", "default"].includes(reference.namespace))).toBe(true);
    expect(spec.ignoreNamespaceSelectors).toBe(true);
    // Cluster-wide caps would also cut the platform's own monitors (kube-state-metrics, kubelet): tenants' limits are an admission rule.
    for (const key of ["arbitraryFSAccessThroughSMs", "enforcedSampleLimit", "enforcedTargetLimit"]) expect(spec[key]).toBeUndefined();
    expect(values.defaultRules.disabled).toEqual({ KubeCPUQuotaOvercommit: true, KubeMemoryQuotaOvercommit: true });
  });

  test("students' ServiceMonitors and PodMonitors must declare the cohort's limits and may not read files (admission policy)", () => {
    const objects: Record<string, any>[] = valuesOf(releaseNamed(services7, "tenant-scrape-limits")).objects;
    const policies = objects.filter((object) => object.kind === "ValidatingAdmissionPolicy");
    expect(policies.map((policy) => policy.spec.matchConstraints.resourceRules[0].resources)).toEqual([["servicemonitors"], ["podmonitors"]]);
    const serviceMonitors = policies[0].spec.validations.map((validation: Record<string, string>) => validation.expression);
    expect(serviceMonitors).toEqual([
      "has(object.spec.sampleLimit) && object.spec.sampleLimit >= 1 && object.spec.sampleLimit <= 5000",
      "has(object.spec.targetLimit) && object.spec.targetLimit >= 1 && object.spec.targetLimit <= 20",
      expect.stringContaining("!has(e.bearerTokenFile)"),
      "!has(object.spec.scrapeClass)",
    ]);
    // A metadata-only update (a label, the garbage collector's finalizer) of a monitor stored before the policy passes.
    for (const policy of policies) expect(policy.spec.matchConditions).toEqual([{ name: "spec-written", expression: "request.operation != 'UPDATE' || object.spec != oldObject.spec" }]);
    const release = releaseNamed(services7, "tenant-scrape-limits");
    expect(release.depends_on).toContain(`helm_release.${resourceKey(services7, "helm_release", (block) => block.name === "prometheus-operator-crds")}`);
    const bindings = objects.filter((object) => object.kind === "ValidatingAdmissionPolicyBinding");
    for (const binding of bindings) {
      expect(binding.spec.validationActions).toEqual(["Deny"]);
      expect(binding.spec.matchResources.namespaceSelector.matchExpressions[0]).toEqual({ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system", "monitoring", "logging", "default"] });
    }
  });

  test("Grafana: generated admin password in a Secret, dashboards from this namespace's ConfigMaps only, anonymous viewers, a fixed pod name", () => {
    const grafana = values.grafana;
    expect(grafana.admin).toEqual({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    const [secret] = blocksOf(services7, "kubernetes_secret_v1");
    expect(secret.metadata.name).toBe("grafana-admin");
    expect(secret.data["admin-password"]).toMatch(/^\$\{random_password\..+\.result\}$/);
    expect(grafana.rbac).toEqual({ namespaced: true, useExistingRole: "grafana-dashboard-reader" });
    const reader = blocksOf(services7, "kubernetes_role_v1").find((role) => role.metadata.name === "grafana-dashboard-reader")!;
    expect(reader.rule).toEqual([{ api_groups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }]);
    expect(grafana.sidecar.dashboards).toMatchObject({ searchNamespace: ["monitoring"], resource: "configmap", folderAnnotation: "grafana_folder" });
    expect(grafana.sidecar.datasources.resource).toBe("configmap");
    expect(grafana["grafana.ini"]["auth.anonymous"]).toEqual({ enabled: true, org_role: "Viewer" });
    expect(grafana.useStatefulSet).toBe(true);
    expect(grafana.ingress).toBeUndefined();
  });

  test("students may port-forward to the Grafana pod and to nothing else in the namespace", () => {
    const role = blocksOf(services7, "kubernetes_role_v1").find((block) => block.metadata.name === "grafana-port-forward")!;
    expect(role.rule).toEqual([
      { api_groups: [""], resources: ["pods"], resource_names: ["kube-prometheus-stack-grafana-0"], verbs: ["get"] },
      { api_groups: [""], resources: ["pods/portforward"], resource_names: ["kube-prometheus-stack-grafana-0"], verbs: ["get", "create"] },
    ]);
    const binding = blocksOf(services7, "kubernetes_role_binding_v1").find((block) => block.metadata.name === "grafana-port-forward")!;
    expect(binding.subject).toEqual([{ api_group: "rbac.authorization.k8s.io", kind: "Group", name: "cohort:students" }]);
  });

  test("Alertmanager publishes to the notification topics (found by name) with a Pod Identity role that may do only that", () => {
    const receiver = values.alertmanager.config.receivers.find((entry: Record<string, unknown>) => entry.name === "sns");
    expect(receiver.sns_configs.map((config: Record<string, any>) => [config.topic_arn, config.sigv4])).toEqual([
      ["arn:${data.aws_partition.partition.partition}:sns:ap-northeast-2:${data.aws_caller_identity.account.account_id}:devops-2026-notifications", { region: "ap-northeast-2" }],
      ["arn:${data.aws_partition.partition.partition}:sns:ap-northeast-2:${data.aws_caller_identity.account.account_id}:devops-2026-notifications-chat", { region: "ap-northeast-2" }],
    ]);
    expect(values.alertmanager.config.route.receiver).toBe("sns");
    expect(values.alertmanager.serviceAccount).toEqual({ create: true, name: "kube-prometheus-stack-alertmanager" });
    const [association] = blocksOf(services7, "aws_eks_pod_identity_association").filter((block) => block.service_account === "kube-prometheus-stack-alertmanager");
    expect(association.namespace).toBe("monitoring");
    const statements = policyOf(services7, "monitoring_alertmanager-role_permissions_");
    expect(statements.map((statement: Record<string, any>) => statement.actions)).toEqual([["sns:Publish"], ["kms:GenerateDataKey*", "kms:Decrypt"]]);
    expect(statements[1].resources).toEqual(["${data.aws_kms_alias.notifications-key.target_key_arn}"]);
    expect(services7.data!.aws_kms_alias["notifications-key"].name).toBe("alias/devops-2026-notifications");
  });

  test("grafanaAccessCidrs put Grafana behind an ALB of its own, open to those networks only", () => {
    const grafana = valuesOf(releaseNamed(atWeek(7, (data) => (data.monitoring = { grafanaAccessCidrs: ["198.51.100.0/24"] })).get("devops-2026-cluster-services")!, "kube-prometheus-stack")).grafana;
    expect(grafana.ingress).toMatchObject({ enabled: true, ingressClassName: "alb", hosts: [] });
    expect(grafana.ingress.annotations).toMatchObject({ "alb.ingress.kubernetes.io/group.name": "devops-2026-grafana", "alb.ingress.kubernetes.io/inbound-cidrs": "198.51.100.0/24" });
  });

  test("the blackbox exporter is pinned, passes Pod Security restricted, and has a fixed service name", () => {
    const blackbox = releaseNamed(services7, "blackbox-exporter");
    expect([blackbox.chart, blackbox.version]).toEqual(["prometheus-blackbox-exporter", "11.17.2"]);
    expect(valuesOf(blackbox)).toMatchObject({ fullnameOverride: "blackbox-exporter", podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } } });
  });

  test("the capacity rule counts the monitoring pods", () => {
    const groups = [{ name: "general", nodes: 3, instanceType: "t3.xlarge" }];
    const [at6, at7] = [6, 7].map((week) => checkCapacity(groups, 12, ["hello-node", "service-types", "wordpress"], week).platform);
    expect(at7.pods - at6.pods).toBe(6 + 3); // six once, node-exporter on each of three nodes
    expect(at7.requests.memoryMiB - at6.requests.memoryMiB).toBeGreaterThan(1120);
  });
});

describe("week 7: each student's monitoring in their shard", () => {
  const release = releaseNamed(students7, "monitoring-minsu-kim");
  const objects: Record<string, any>[] = valuesOf(release).objects;
  const rule = objects.find((object) => object.kind === "PrometheusRule")!;
  const rules = rule.spec.groups.flatMap((group: Record<string, any>) => group.rules);

  test("one release per student, recorded in the monitoring namespace they cannot write", () => {
    expect(blocksOf(students7, "helm_release").filter((block) => block.name.startsWith("monitoring-"))).toHaveLength(12);
    expect(release.namespace).toBe("monitoring");
    expect(objects.map((object) => [object.kind, object.metadata.namespace])).toEqual([
      ["Probe", "minsu-kim"],
      ["PrometheusRule", "minsu-kim"],
    ]);
  });

  test("a probe of the student's hello-node through the blackbox exporter", () => {
    expect(objects[0].spec).toEqual({
      jobName: "hello-node",
      interval: "30s",
      module: "http_2xx",
      prober: { url: "blackbox-exporter.monitoring.svc:9115" },
      targets: { staticConfig: { static: ["http://hello-node.minsu-kim.svc:80/"] } },
    });
  });

  test("alerts on the student's Deployments, crash loops and volumes name the student and their namespace", () => {
    const alerts = rules.filter((entry: Record<string, any>) => entry.alert && !entry.alert.endsWith("BudgetBurn"));
    expect(alerts.map((alert: Record<string, any>) => alert.alert)).toEqual(["DeploymentUnavailable", "PodCrashLooping", "PersistentVolumeFillingUp"]);
    for (const alert of alerts) {
      expect(alert.annotations.summary).toMatch(/^minsu-kim: /);
      expect(alert.expr).toContain('namespace="minsu-kim"');
      expect(alert.labels).toMatchObject({ cohort: "devops-2026", student: "minsu-kim", namespace: "minsu-kim" });
    }
  });

  test("the hello-node SLOs: error ratios recorded per window and multi-window burn-rate alerts at the workbook's thresholds", () => {
    const records = rules.filter((entry: Record<string, any>) => entry.record?.startsWith("slo:sli_error:ratio_rate")).map((entry: Record<string, any>) => `${entry.labels.slo} ${entry.record}`);
    expect(records).toHaveLength(2 * 7);
    expect(records).toContain("hello-node-availability slo:sli_error:ratio_rate3d");
    const availability = rules.filter((entry: Record<string, any>) => entry.alert === "ProbeAvailabilityBudgetBurn");
    expect(availability.map((alert: Record<string, any>) => [alert.labels.long_window, alert.labels.severity, alert.expr.split(" > ")[1].split(" and ")[0]])).toEqual([
      ["1h", "critical", "0.144"],
      ["6h", "critical", "0.06"],
      ["1d", "warning", "0.03"],
      ["3d", "warning", "0.01"],
    ]);
    const latency = rules.find((entry: Record<string, any>) => entry.alert === "ProbeLatencyBudgetBurn" && entry.labels.long_window === "1h");
    expect(latency.expr).toBe(
      'slo:sli_error:ratio_rate1h{cohort="devops-2026", student="minsu-kim", namespace="minsu-kim", slo="hello-node-latency"} > 0.72 and slo:sli_error:ratio_rate5m{cohort="devops-2026", student="minsu-kim", namespace="minsu-kim", slo="hello-node-latency"} > 0.72',
    );
  });

  test("a dashboard of the namespace in the monitoring namespace, in the Students folder", () => {
    const dashboard = blocksOf(students7, "kubernetes_config_map_v1").find((block) => block.metadata.name === "dashboard-minsu-kim")!;
    expect(dashboard.metadata).toMatchObject({ namespace: "monitoring", labels: { grafana_dashboard: "1" }, annotations: { grafana_folder: "Students" } });
    const json = JSON.parse(dashboard.data["minsu-kim.json"]);
    const queries: string[] = json.panels.flatMap((panel: Record<string, any>) => panel.targets.map((target: Record<string, string>) => target.expr));
    expect(queries.length).toBeGreaterThan(5);
    for (const query of queries) expect(query).toContain('namespace="minsu-kim"');
  });

  test("the student may write ServiceMonitors and PodMonitors in their namespace and only read the rules and probes", () => {
    const role = blocksOf(students7, "kubernetes_role_v1").find((block) => block.metadata.name === "tenancy-monitoring" && block.metadata.namespace === "minsu-kim")!;
    expect(role.rule).toEqual([
      { api_groups: ["monitoring.coreos.com"], resources: ["servicemonitors", "podmonitors"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"] },
      { api_groups: ["monitoring.coreos.com"], resources: ["prometheusrules", "probes"], verbs: ["get", "list", "watch"] },
    ]);
    const binding = blocksOf(students7, "kubernetes_role_binding_v1").find((block) => block.metadata.namespace === "minsu-kim" && block.metadata.name.startsWith("tenancy-monitoring"))!;
    expect(binding.subject).toEqual([{ api_group: "rbac.authorization.k8s.io", kind: "Group", name: "cohort:student:minsu-kim" }]);
  });

  test("without the hello-node lab there is no probe and no SLO, the alerts stay", () => {
    const students = atWeek(7, (data) => (data.workloads = { labs: ["service-types"] })).get("devops-2026-students-1")!;
    const kinds = valuesOf(releaseNamed(students, "monitoring-minsu-kim")).objects.map((object: Record<string, string>) => object.kind);
    expect(kinds).toEqual(["PrometheusRule"]);
  });
});

describe("week 8: container logs to CloudWatch Logs", () => {
  const fluentBit = releaseNamed(services8, "fluent-bit");
  const config = valuesOf(fluentBit).config;

  test("Fluent Bit, pinned, on every node, with its role through Pod Identity", () => {
    expect([fluentBit.chart, fluentBit.version, fluentBit.namespace.includes("kubernetes_namespace_v1.")]).toEqual(["fluent-bit", "0.58.1", true]);
    expect(valuesOf(fluentBit)).toMatchObject({ serviceAccount: { create: true, name: "fluent-bit" }, tolerations: [{ operator: "Exists" }], testFramework: { enabled: false } });
    expect(fluentBit.depends_on).toEqual([expect.stringContaining("aws_eks_pod_identity_association.log-shipping")]);
  });

  test("each student's namespace to their own group, the platform's to one group, no group created by Fluent Bit", () => {
    expect(config.inputs).toContain("/var/log/containers/*_minsu-kim_*.log");
    expect(config.inputs).toContain("/var/log/containers/*_kube-system_*.log");
    expect(config.outputs).toMatch(/log_group_template\s+\/eks\/devops-2026-eks\/namespaces\/\$kubernetes\['namespace_name'\]\n/);
    expect(config.outputs.match(/log_group_name\s+\/eks\/devops-2026-eks\/platform\n/g)).toHaveLength(2);
    expect(config.outputs.match(/auto_create_group\s+Off/g)).toHaveLength(2);
    // Only the line is sent: the group and stream name namespace, pod and container.
    expect(config.outputs.match(/log_key\s+log\n/g)).toHaveLength(2);
    expect(config.filters).toMatch(/Merge_Log\s+Off/);
  });

  test("debug lines of students and everything but problems of the platform are dropped by default", () => {
    expect(config.filters).toMatch(/Match\s+tenant\.\*\n\s+Exclude\s+log \(\?i\)/);
    expect(config.filters).toMatch(/Match\s+platform\.\*\n\s+Regex\s+log \(\?i\)\(warn\|error/);
    const all = valuesOf(releaseNamed(atWeek(8, (data) => (data.logs = { platformLogs: "none", dropDebugLines: false })).get("devops-2026-cluster-services")!, "fluent-bit")).config;
    expect(all.filters).not.toContain("grep");
    expect(all.inputs).not.toContain("kube-system");
  });

  test("the Fluent Bit role may only create streams and put events in the cluster's groups", () => {
    const statements = policyOf(services8, "log-shipping_role_permissions_");
    expect(statements).toEqual([
      {
        sid: "WriteContainerLogs",
        effect: "Allow",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [expect.stringMatching(/^arn:\$\{data\.aws_partition\.[^}]+\}:logs:ap-northeast-2:\$\{data\.aws_caller_identity\.[^}]+\}:log-group:\/eks\/devops-2026-eks\/\*:log-stream:\*$/)],
      },
    ]);
  });

  test("-platform creates a group per student and one for the platform with the cohort's retention", () => {
    const groups = blocksOf(platform8, "aws_cloudwatch_log_group").filter((group) => group.name.startsWith("/eks/"));
    expect(groups).toHaveLength(13);
    expect(groups.every((group) => group.retention_in_days === 30 && group.kms_key_id === undefined)).toBe(true);
  });

  test("each student may read their own group and nothing else", () => {
    const key = resourceKey(platform8, "aws_iam_policy", (block) => block.name === "devops-2026-logs-minsu-kim");
    const statements = policyOf(platform8, "logs-minsu-kim_read-policy-document_");
    const groupKey = resourceKey(platform8, "aws_cloudwatch_log_group", (block) => block.name === "/eks/devops-2026-eks/namespaces/minsu-kim");
    expect(statements[0].resources).toEqual([`\${aws_cloudwatch_log_group.${groupKey}.arn}`, `\${aws_cloudwatch_log_group.${groupKey}.arn}:*`]);
    expect(statements[0].actions).toEqual(expect.arrayContaining(["logs:FilterLogEvents", "logs:StartQuery", "logs:GetQueryResults"]));
    expect(statements[1]).toMatchObject({ resources: ["*"], actions: ["logs:DescribeLogGroups", "logs:StopQuery", "logs:StopLiveTail"] });
    const [attachment] = blocksOf(platform8, "aws_iam_user_policy_attachment").filter((block) => block.user === "minsu-kim" && block.policy_arn.includes(key));
    expect(attachment).toBeDefined();
  });

  test("logs.encryptWithKmsKey: a key for the cluster's groups only, used by every group", () => {
    const platform = atWeek(8, (data) => (data.logs = { encryptWithKmsKey: true })).get("devops-2026-platform")!;
    const groups = blocksOf(platform, "aws_cloudwatch_log_group").filter((group) => group.name.startsWith("/eks/"));
    expect(groups.map((group) => group.kms_key_id)).toEqual(Array(13).fill(expect.stringMatching(/^\$\{aws_kms_key\.logs-key[^.]*\.arn\}$/)));
    const keyPolicy = Object.entries(platform.data!.aws_iam_policy_document).find(([name]) => name.startsWith("logs-key_policy"))![1];
    const logs = keyPolicy.statement.find((statement: Record<string, any>) => statement.sid === "CloudWatchLogsUsesKeyForTheseGroups");
    expect(logs.condition[0].values[0]).toMatch(/:log-group:\/eks\/devops-2026-eks\/\*$/);
  });
});

describe("weeks 7 and 8 on an existing cluster (cluster.connection)", () => {
  const stacks = atWeek(8, (data) => (data.cluster = { connection: { kubeconfig: "~/.kube/config", context: "kind-kind", serviceCidr: "10.96.0.0/12" } }));
  const services = stacks.get("devops-2026-cluster-services")!;

  test("monitoring without AWS (no SNS, no Pod Identity, the cluster's default StorageClass); no log shipping", () => {
    const values = valuesOf(releaseNamed(services, "kube-prometheus-stack"));
    expect(values.alertmanager.config.route.receiver).toBe("null");
    expect(values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName).toBeUndefined();
    expect(services.resource!.aws_eks_pod_identity_association).toBeUndefined();
    expect(blocksOf(services, "helm_release").map((release) => release.name)).not.toContain("fluent-bit");
    expect(services.provider!.aws).toBeUndefined();
    expect(blocksOf(stacks.get("devops-2026-platform")!, "aws_cloudwatch_log_group").filter((group) => group.name.startsWith("/eks/"))).toHaveLength(0);
  });
});
