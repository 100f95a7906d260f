import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Token } from "cdktf";
import { fluentBitPipeline, DEBUG_LINE_PATTERN, PROBLEM_LINE_PATTERN } from "../constructs/logging/fluent-bit-config";
import { ContainerLogShipping } from "../constructs/logging/container-log-shipping";
import { LogGroupKey } from "../constructs/logging/log-group-key";
import { TenantLogGroup } from "../constructs/logging/tenant-log-group";
import { alertmanagerConfig } from "../constructs/monitoring/alertmanager-config";
import { ClusterMonitoring } from "../constructs/monitoring/cluster-monitoring";
import { namespaceDashboard } from "../constructs/monitoring/namespace-dashboard";
import { NamespaceMonitoring } from "../constructs/monitoring/namespace-monitoring";
import { TenantScrapePolicy } from "../constructs/policy/tenant-scrape-policy";
import { MULTI_WINDOW_BURN_RATES, SLO_WINDOWS, sloRuleGroup } from "../constructs/monitoring/prometheus-rules";
import { awsTestStack, blocksOf, kubernetesTestStack, synthStack } from "./helpers";

const monitoringProps = { retentionDays: 84, storageGiB: 50, platformNamespaces: ["kube-system"] };

const kubernetesStack = () => kubernetesTestStack();

describe("SLO rules", () => {
  const group = sloRuleGroup({
    name: "web-availability",
    objective: 0.999,
    errorRatio: (window) => `1 - avg_over_time(probe_success{job="web"}[${window}])`,
    labels: { namespace: "team-a" },
    owner: "team-a",
    alertName: "WebAvailabilityBudgetBurn",
    description: "99.9% of probes succeed.",
  });

  test("records the error ratio for every window the alerts read, shortest first", () => {
    expect(SLO_WINDOWS).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
    expect(group.rules.filter((rule) => "record" in rule).map((rule) => ("record" in rule ? rule.expr : ""))).toEqual(SLO_WINDOWS.map((window) => `1 - avg_over_time(probe_success{job="web"}[${window}])`));
  });

  test("one alert per window pair, at burn rate times the error budget, both windows required", () => {
    const alerts = group.rules.filter((rule) => "alert" in rule);
    expect(alerts).toHaveLength(MULTI_WINDOW_BURN_RATES.length);
    expect(alerts[0]).toMatchObject({
      alert: "WebAvailabilityBudgetBurn",
      expr: 'slo:sli_error:ratio_rate1h{namespace="team-a", slo="web-availability"} > 0.0144 and slo:sli_error:ratio_rate5m{namespace="team-a", slo="web-availability"} > 0.0144',
      labels: { severity: "critical", slo: "web-availability", long_window: "1h", burn_rate: "14.4" },
    });
    expect(alerts[0]).toHaveProperty("annotations.description", "99.9% of probes succeed. At this rate the 0.1% error budget of 30 days is gone in 2.1 days.");
  });

  test("an objective outside (0, 1) is refused", () => {
    expect(() => sloRuleGroup({ name: "x", objective: 99, errorRatio: () => "0", labels: {}, owner: "o", alertName: "X", description: "" })).toThrow("objective must be between 0 and 1 (exclusive), got 99");
  });
});

describe("namespace dashboard", () => {
  test("every query is scoped to the namespace; the data source is a variable", () => {
    const dashboard = namespaceDashboard({ namespace: "team-a", title: "Team A", uid: "ns-team-a", slos: ["web-availability"] }) as Record<string, any>;
    const targets = dashboard.panels.flatMap((panel: Record<string, any>) => panel.targets);
    expect(targets.every((target: Record<string, any>) => target.expr.includes('namespace="team-a"') && target.datasource.uid === "$datasource")).toBe(true);
    // Terraform would read "${...}" in the ConfigMap's data as an interpolation and refuse the plan.
    expect(JSON.stringify(dashboard)).not.toContain("${");
    expect(dashboard.templating.list[0]).toMatchObject({ name: "datasource", type: "datasource", query: "prometheus" });
    expect(dashboard.panels.every((panel: Record<string, any>) => panel.gridPos.x + panel.gridPos.w <= 24)).toBe(true);
  });

  test("a uid Grafana would refuse is refused", () => {
    expect(() => namespaceDashboard({ namespace: "a", title: "A", uid: "x".repeat(41) })).toThrow("uid must be 1-40 letters, digits, '-' or '_'");
  });
});

describe("Alertmanager configuration", () => {
  test("without a destination every alert goes to the null receiver; Watchdog never leaves", () => {
    const config = alertmanagerConfig(undefined) as Record<string, any>;
    expect(config.route.receiver).toBe("null");
    expect(config.receivers).toEqual([{ name: "null" }]);
    expect(config.route.routes[0]).toEqual({ receiver: "null", matchers: ['alertname = "Watchdog"'] });
  });

  test("with SNS: e-mail text to the topic, Chatbot JSON to the chat topic", () => {
    const config = alertmanagerConfig({ clusterName: "c", region: "eu-west-1", topicArn: "arn:t", chatTopicArn: "arn:chat", roleName: "r" }) as Record<string, any>;
    expect(config.receivers[1].sns_configs.map((sns: Record<string, string>) => [sns.topic_arn, sns.message])).toEqual([
      ["arn:t", '{{ template "cohort.text" . }}'],
      ["arn:chat", '{{ template "cohort.chatbot" . }}'],
    ]);
  });
});

describe("Fluent Bit pipeline", () => {
  const routing = { region: "eu-west-1", tenantNamespaces: ["team-a", "team-b"], tenantLogGroupPrefix: "/eks/c/namespaces/", platformNamespaces: ["kube-system"], platformLogGroup: "/eks/c/platform" };

  test("tenants' files only, read from the CRI log format, positions kept on the node", () => {
    const { inputs } = fluentBitPipeline(routing);
    expect(inputs).toMatch(/Path\s+\/var\/log\/containers\/\*_team-a_\*\.log,\/var\/log\/containers\/\*_team-b_\*\.log\n/);
    expect(inputs).toMatch(/multiline\.parser\s+cri/);
    expect(inputs).toMatch(/DB\s+\/var\/log\/flb_tenant\.db/);
  });

  test("the grep filters run on the raw line, before the Kubernetes filter merges JSON", () => {
    const { filters } = fluentBitPipeline(routing);
    expect(filters.split("[FILTER]").filter(Boolean).map((section) => /Name\s+(\S+)\s+Match\s+(\S+)/.exec(section)!.slice(1).join(" "))).toEqual([
      "grep tenant.*",
      "kubernetes tenant.*",
      "grep platform.*",
      "kubernetes platform.*",
    ]);
  });

  test.each([
    ['level=debug msg="cache warm"', true],
    ['{"level":"debug","msg":"x"}', true],
    ["[DEBUG] connecting", true],
    ["2026-12-01T10:00:00Z TRACE handshake", true],
    ["GET / 200 debugger attached", false],
    ["level=info msg=ready", false],
    ["DEBUG connecting to db", true],
    ["ERROR trace id=abc failed", false],
    ["WARN debug endpoint exposed", false],
    ["Stack trace follows", false],
    ['level=debug msg="request failed with error"', false],
  ])("debug-line pattern on %j drops it: %s", (line, dropped) => {
    // Fluent Bit's Onigmo reads (?i) like this; JavaScript needs the flag outside.
    expect(new RegExp(DEBUG_LINE_PATTERN.replace("(?i)", ""), "i").test(line)).toBe(dropped);
  });

  test.each([
    ["E1201 10:00:00.000000 1 controller.go:1] sync failed", true],
    ['level=warn msg="slow"', true],
    ["I1201 10:00:00.000000 1 reflector.go:1] watch", false],
  ])("problem-line pattern on %j keeps it: %s", (line, kept) => {
    expect(new RegExp(PROBLEM_LINE_PATTERN.replace("(?i)", ""), "i").test(line)).toBe(kept);
  });
});

describe("construct guard rails", () => {
  test("NamespaceMonitoring needs a literal namespace and an owner that can go into alert text", () => {
    const stack = kubernetesStack();
    expect(() => new NamespaceMonitoring(stack, "a", { namespace: Token.asString({ resolve: () => "x" }), owner: "a", releaseNamespace: "monitoring" })).toThrow("namespace must be a literal name");
    expect(() => new NamespaceMonitoring(stack, "b", { namespace: "team-a", owner: 'say "hi"', releaseNamespace: "monitoring" })).toThrow("owner must be a name without quotes");
    expect(() =>
      new NamespaceMonitoring(stack, "c", { namespace: "team-a", owner: "a", releaseNamespace: "monitoring", probe: { name: "web", url: "web:80", proberAddress: "bb.monitoring.svc:9115" } }),
    ).toThrow('probe.url must be an http:// or https:// URL, got "web:80"');
  });

  test("NamespaceMonitoring grants monitoring rights once per subject", () => {
    const stack = kubernetesStack();
    const monitoring = new NamespaceMonitoring(stack, "m", { namespace: "team-a", owner: "team-a", releaseNamespace: "monitoring" });
    expect(monitoring.grantMonitoring({ kind: "Group", name: "team-a" })).toBe(monitoring.grantMonitoring({ kind: "Group", name: "team-a" }));
    expect(blocksOf(synthStack(stack).json, "kubernetes_role_v1")).toHaveLength(1);
  });

  test("NamespaceMonitoring: subjects whose names differ only in case or punctuation get distinct bindings; bad subjects are refused", () => {
    const stack = kubernetesStack();
    const monitoring = new NamespaceMonitoring(stack, "m", { namespace: "team-a", owner: "team-a", releaseNamespace: "monitoring" });
    monitoring.grantMonitoring({ kind: "Group", name: "dev-team" });
    monitoring.grantMonitoring({ kind: "Group", name: "Dev Team" });
    const names = blocksOf(synthStack(stack).json, "kubernetes_role_binding_v1").map((binding) => binding.metadata.name).sort();
    expect(names).toEqual(["tenancy-monitoring-group-dev-team", expect.stringMatching(/^tenancy-monitoring-group-dev-team-[0-9a-f]{8}$/)]);
    expect(() => monitoring.grantMonitoring({ kind: "Group", name: "system:authenticated" })).toThrow('subject.name must be a group or user name that is not empty and not a built-in "system:" identity, got "system:authenticated"');
  });

  test("ClusterMonitoring refuses a Grafana load balancer open to no network, and bad sizes", () => {
    expect(() => new ClusterMonitoring(kubernetesStack(), "m", { ...monitoringProps, grafanaLoadBalancer: { allowedCidrs: [], groupName: "g" } })).toThrow("grafanaLoadBalancer.allowedCidrs must list at least one CIDR block");
    expect(() => new ClusterMonitoring(kubernetesStack(), "m", { ...monitoringProps, storageGiB: 1.5 })).toThrow("storageGiB must be a whole number from 2 to 16384, got 1.5");
    const prometheusResources = { requests: { cpu: "500m", memory: "2G1" }, limits: { memory: "4Gi" } };
    expect(() => new ClusterMonitoring(kubernetesStack(), "m", { ...monitoringProps, prometheusResources })).toThrow(/prometheusResources\.requests\.memory .*, got "2G1"/);
    const overLimit = { requests: { cpu: "500m", memory: "8Gi" }, limits: { memory: "4Gi" } };
    expect(() => new ClusterMonitoring(kubernetesStack(), "m", { ...monitoringProps, prometheusResources: overLimit })).toThrow('prometheusResources.requests.memory ("8Gi") must not exceed prometheusResources.limits.memory ("4Gi")');
    const alerting = { clusterName: "c", region: "ap-northeast2", topicArn: "arn:aws:sns:ap-northeast-2:123456789012:t", roleName: "r" };
    expect(() => new ClusterMonitoring(kubernetesStack(), "m", { ...monitoringProps, alerting })).toThrow('alerting.region must be an AWS region like "ap-northeast-2", got "ap-northeast2"');
    expect(() => new ClusterMonitoring(kubernetesStack(), "m", { ...monitoringProps, platformNamespaces: ["kube-system", "Monitoring"] })).toThrow('platformNamespaces[1] must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "Monitoring"');
  });

  test("TenantScrapePolicy needs whole-number maxima and namespace names", () => {
    expect(() => new TenantScrapePolicy(kubernetesStack(), "p", { maxSampleLimit: 10, maxTargetLimit: 20, exemptNamespaces: [] })).toThrow("exemptNamespaces must name at least one namespace");
    expect(() => new TenantScrapePolicy(kubernetesStack(), "p", { maxSampleLimit: 0, maxTargetLimit: 20, exemptNamespaces: [] })).toThrow("maxSampleLimit must be a whole number of at least 1, got 0");
    expect(() => new TenantScrapePolicy(kubernetesStack(), "p", { maxSampleLimit: 10, maxTargetLimit: 20, exemptNamespaces: ["Kube System"] })).toThrow('exemptNamespaces[0] must be a namespace name (a DNS label), got "Kube System"');
  });

  test("ContainerLogShipping: a namespace is a tenant's or the platform's, not both", () => {
    const stack = awsTestStack();
    new HelmProvider(stack, "helm", {});
    expect(() => new ContainerLogShipping(stack, "l", { clusterName: "c", region: "eu-west-1", tenantNamespaces: ["kube-system"], platformNamespaces: ["kube-system"], roleName: "r" })).toThrow(
      "a namespace is either a tenant's or the platform's, got kube-system in both",
    );
    const shipping = { clusterName: "c", region: "eu-west-1", tenantNamespaces: ["a"], platformNamespaces: ["kube-system"], roleName: "r" };
    expect(() => new ContainerLogShipping(stack, "bad-cpu", { ...shipping, resources: { requests: { cpu: "half", memory: "64Mi" } } })).toThrow(/resources\.requests\.cpu .*, got "half"/);
    expect(() => new ContainerLogShipping(stack, "bad-level", { ...shipping, platformLogs: "warning" as "warnings" })).toThrow('platformLogs must be one of all, warnings, none, got "warning"');
    expect(() => new ContainerLogShipping(stack, "bad-region", { ...shipping, region: "Seoul" })).toThrow('region must be an AWS region like "ap-northeast-2", got "Seoul"');
  });

  test("TenantLogGroup cannot grant reading without a policy name; LogGroupKey refuses a prefix that is not a path", () => {
    const stack = awsTestStack();
    const group = new TenantLogGroup(stack, "g", { logGroupName: "/eks/c/namespaces/a", retentionInDays: 30 });
    expect(() => group.grantRead("r", { kind: "user", name: "a", arn: "arn:aws:iam::123456789012:user/a", accountId: "123456789012" }, "123456789012")).toThrow("readPolicyName must be set");
    expect(() => new LogGroupKey(stack, "k", { aliasName: "logs", logGroupNamePrefix: "eks/" })).toThrow('logGroupNamePrefix must start with "/", got "eks/"');
    expect(() => new LogGroupKey(stack, "k2", { aliasName: "logs", logGroupNamePrefix: "/eks/", deletionWindowInDays: 45 })).toThrow("deletionWindowInDays must be a whole number from 7 to 30, got 45");
  });
});
