import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { checkSubject, RBAC_API_GROUP, subjectBindingName, type KubernetesSubject } from "../core/rbac";
import { KubernetesObjects, type KubernetesObject } from "../cluster/kubernetes-objects";
import { checkDnsLabel, checkLabelValue } from "../core/kubernetes-names";
import { fitName } from "../core/resource-name";
import { propsError, requireProps } from "../core/validation";
import { namespaceDashboard } from "./namespace-dashboard";
import { sloRuleGroup, type AlertingRule, type RuleGroup } from "./prometheus-rules";

/** A synthetic HTTP probe of one Service, with its availability and latency SLOs. */
export interface ServiceProbe {
  /** Names the Probe, its `job` label and the SLOs (`<name>-availability`, `<name>-latency`), e.g. `hello-node`. */
  readonly name: string;
  /** What the prober requests, e.g. `http://hello-node.minsu-kim.svc.cluster.local:80/`. */
  readonly url: string;
  /** The blackbox exporter's `host:port`, e.g. {@link ClusterMonitoring.proberAddress}. */
  readonly proberAddress: string;
  /** @default NamespaceMonitoring.DEFAULT_PROBE_MODULE ("http_2xx") */
  readonly module?: string;
  /** @default NamespaceMonitoring.DEFAULT_AVAILABILITY_OBJECTIVE (0.99) */
  readonly availabilityObjective?: number;
  /** A probe slower than this counts as bad for the latency SLO. @default NamespaceMonitoring.DEFAULT_LATENCY_THRESHOLD_SECONDS (0.25) */
  readonly latencyThresholdSeconds?: number;
  /** @default NamespaceMonitoring.DEFAULT_LATENCY_OBJECTIVE (0.95) */
  readonly latencyObjective?: number;
}

/** Where the dashboard goes: a namespace whose ConfigMaps the Grafana dashboard sidecar loads. */
export interface DashboardTarget {
  readonly namespace: string;
  /** The label the sidecar selects on, e.g. `{ grafana_dashboard: "1" }`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations that place it, e.g. `{ grafana_folder: "Students" }`. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface NamespaceMonitoringProps {
  /** The monitored namespace. */
  readonly namespace: string;
  /** Who the alerts are about, at the start of every summary, e.g. the student's name. */
  readonly owner: string;
  /** Where the Helm release of the Probe and PrometheusRule keeps its record: a namespace the owner cannot write, e.g. `monitoring`. */
  readonly releaseNamespace: string;
  /** Extra labels on every alert, e.g. `{ cohort: "devops-2026", student: "minsu-kim" }`. @default {} */
  readonly alertLabels?: Readonly<Record<string, string>>;
  /** @default - no probe and no SLO */
  readonly probe?: ServiceProbe;
  /** @default - no dashboard */
  readonly dashboard?: DashboardTarget;
  /** A volume with less than this share free raises an alert. @default NamespaceMonitoring.DEFAULT_VOLUME_FREE_SHARE (0.15) */
  readonly volumeFreeShare?: number;
  /** What every object here waits for, typically the namespace's own resource. @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

const READ = ["get", "list", "watch"];
const WRITE = [...READ, "create", "update", "patch", "delete", "deletecollection"];
const MONITORING_API_GROUP = "monitoring.coreos.com";

/**
 * Monitoring of one tenant's namespace on a cluster that runs the Prometheus Operator with
 * `enforcedNamespaceLabel: namespace` ({@link ClusterMonitoring}): alert rules on the namespace's
 * workloads (a Deployment short of replicas, a crash-looping container, a volume nearly full) whose
 * summaries name the owner, optionally a synthetic probe of one Service with an availability and a
 * latency SLO (multi-window burn-rate alerts), and optionally a Grafana dashboard of the namespace.
 *
 * The Probe and the PrometheusRule are custom resources, installed through {@link KubernetesObjects}
 * (one small Helm release per namespace, recorded in `releaseNamespace`) so that they plan before
 * their CRDs exist. The operator adds `namespace="<namespace>"` to every expression and alert of a
 * rule in the tenant's namespace, so the rules can only ever see that namespace.
 *
 * {@link grantMonitoring} lets a tenant add their own ServiceMonitors and PodMonitors (scraped with
 * the namespace label enforced and the cluster's sample and target limits) and read the rules.
 */
export class NamespaceMonitoring extends Construct {
  public static readonly DEFAULT_PROBE_MODULE = "http_2xx";
  public static readonly DEFAULT_AVAILABILITY_OBJECTIVE = 0.99;
  public static readonly DEFAULT_LATENCY_THRESHOLD_SECONDS = 0.25;
  public static readonly DEFAULT_LATENCY_OBJECTIVE = 0.95;
  public static readonly DEFAULT_VOLUME_FREE_SHARE = 0.15;
  public static readonly PROBE_INTERVAL = "30s";
  public static readonly ROLE_NAME = "tenancy-monitoring";
  /** Helm release names are at most 53 characters. */
  public static readonly MAX_RELEASE_NAME_LENGTH = 53;
  /** Tenants write these; the rules and probes are the platform's. */
  public static readonly ROLE_RULES = [
    { apiGroups: [MONITORING_API_GROUP], resources: ["servicemonitors", "podmonitors"], verbs: WRITE },
    { apiGroups: [MONITORING_API_GROUP], resources: ["prometheusrules", "probes"], verbs: READ },
  ] as const;

  public readonly namespace: string;
  /** The Probe and PrometheusRule. */
  public readonly objects: KubernetesObjects;
  public readonly dashboard?: ConfigMapV1;
  /** The names of the alerts the rules raise. */
  public readonly alertNames: readonly string[];
  private readonly dependsOn?: ITerraformDependable[];
  private role?: RoleV1;
  private readonly bindings = new Map<string, RoleBindingV1>();

  constructor(scope: Construct, id: string, props: NamespaceMonitoringProps) {
    super(scope, id);
    requireProps(this, props, ["namespace", "owner", "releaseNamespace"]);
    // The namespace goes into rule expressions, names and the dashboard's uid: it must be known now.
    if (Token.isUnresolved(props.namespace)) throw propsError(this, "namespace must be a literal name (pass the namespace resource in dependsOn to wait for it), got a token");
    checkDnsLabel(this, "namespace", props.namespace);
    checkDnsLabel(this, "releaseNamespace", props.releaseNamespace);
    if (props.owner.trim().length === 0 || /["\\{}]/.test(props.owner)) throw propsError(this, `owner must be a name without quotes, backslashes or braces (it goes into alert text), got "${props.owner}"`);
    Object.entries(props.alertLabels ?? {}).forEach(([key, value]) => checkLabelValue(this, `alertLabels.${key}`, value));
    const volumeFreeShare = props.volumeFreeShare ?? NamespaceMonitoring.DEFAULT_VOLUME_FREE_SHARE;
    if (!(volumeFreeShare > 0 && volumeFreeShare < 1)) throw propsError(this, `volumeFreeShare must be between 0 and 1, got ${volumeFreeShare}`);
    this.namespace = props.namespace;
    this.dependsOn = props.dependsOn;

    const labels = { ...props.alertLabels, namespace: props.namespace };
    const groups: RuleGroup[] = [workloadAlerts(props.owner, props.namespace, labels, volumeFreeShare)];
    const objects: KubernetesObject[] = [];
    const slos: string[] = [];
    if (props.probe) {
      const probe = this.resolveProbe(props.probe);
      objects.push(probeObject(props.namespace, probe));
      const selector = `namespace="${props.namespace}", job="${probe.name}"`;
      const latencyGood = `probe:latency_good:bool`;
      groups.push({
        name: `probe-${probe.name}`,
        // Successful probes only: a refused connection is fast, and belongs to the availability SLO.
        rules: [{ record: latencyGood, expr: `(probe_duration_seconds{${selector}} <= bool ${probe.latencyThresholdSeconds}) and on(instance, job, namespace) (probe_success{${selector}} == 1)`, labels }],
      });
      groups.push(
        sloRuleGroup({
          name: `${probe.name}-availability`,
          objective: probe.availabilityObjective,
          errorRatio: (window) => `1 - avg_over_time(probe_success{${selector}}[${window}])`,
          labels,
          owner: props.owner,
          alertName: "ProbeAvailabilityBudgetBurn",
          description: `${probe.availabilityObjective * 100}% of probes of ${probe.url} should succeed.`,
        }),
        sloRuleGroup({
          name: `${probe.name}-latency`,
          objective: probe.latencyObjective,
          errorRatio: (window) => `1 - avg_over_time(${latencyGood}{${selector}}[${window}])`,
          labels,
          owner: props.owner,
          alertName: "ProbeLatencyBudgetBurn",
          description: `${probe.latencyObjective * 100}% of successful probes of ${probe.url} should answer within ${probe.latencyThresholdSeconds * 1000} ms.`,
        }),
      );
      slos.push(`${probe.name}-availability`, `${probe.name}-latency`);
    }
    objects.push({
      apiVersion: `${MONITORING_API_GROUP}/v1`,
      kind: "PrometheusRule",
      metadata: { name: "tenancy-alerts", namespace: props.namespace },
      spec: { groups },
    });
    this.alertNames = [...new Set(groups.flatMap((group) => group.rules.filter((rule): rule is AlertingRule => "alert" in rule).map((rule) => rule.alert)))];
    this.objects = new KubernetesObjects(this, "objects", {
      releaseName: fitName(`monitoring-${props.namespace}`, NamespaceMonitoring.MAX_RELEASE_NAME_LENGTH),
      namespace: props.releaseNamespace,
      objects,
      dependsOn: props.dependsOn,
    });


    if (props.dashboard) {
      const dashboard = namespaceDashboard({ namespace: props.namespace, title: props.owner, uid: fitName(`ns-${props.namespace}`, 40), slos, tags: ["namespace"] });
      this.dashboard = new ConfigMapV1(this, "dashboard", {
        metadata: {
          name: fitName(`dashboard-${props.namespace}`, 63),
          namespace: props.dashboard.namespace,
          labels: { ...props.dashboard.labels },
          annotations: { ...props.dashboard.annotations },
        },
        data: { [`${props.namespace}.json`]: JSON.stringify(dashboard) },
        dependsOn: props.dependsOn,
      });
    }
  }

  /**
   * Lets `subject` create ServiceMonitors and PodMonitors in the namespace and read its rules and
   * probes. Idempotent per subject.
   */
  public grantMonitoring(subject: KubernetesSubject): RoleBindingV1 {
    checkSubject(this, "subject", subject);
    const name = subjectBindingName(NamespaceMonitoring.ROLE_NAME, subject);
    const existing = this.bindings.get(name);
    if (existing) return existing;
    this.role ??= new RoleV1(this, "role", {
      metadata: { name: NamespaceMonitoring.ROLE_NAME, namespace: this.namespace },
      rule: NamespaceMonitoring.ROLE_RULES.map((rule) => ({ apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] })),
      dependsOn: this.dependsOn,
    });
    const binding = new RoleBindingV1(this, `binding-${subject.kind}:${subject.name}`, {
      metadata: { name, namespace: this.namespace },
      roleRef: { apiGroup: RBAC_API_GROUP, kind: "Role", name: this.role.metadata.name },
      subject: [{ apiGroup: RBAC_API_GROUP, kind: subject.kind, name: subject.name }],
    });
    this.bindings.set(name, binding);
    return binding;
  }

  private resolveProbe(probe: ServiceProbe): Required<ServiceProbe> {
    checkDnsLabel(this, "probe.name", probe.name);
    if (!/^https?:\/\/[^\s"]+$/.test(probe.url)) throw propsError(this, `probe.url must be an http:// or https:// URL, got "${probe.url}"`);
    if (!/^[a-z0-9.-]+:\d+$/.test(probe.proberAddress)) throw propsError(this, `probe.proberAddress must be host:port of the blackbox exporter, got "${probe.proberAddress}"`);
    const resolved = {
      ...probe,
      module: probe.module ?? NamespaceMonitoring.DEFAULT_PROBE_MODULE,
      availabilityObjective: probe.availabilityObjective ?? NamespaceMonitoring.DEFAULT_AVAILABILITY_OBJECTIVE,
      latencyThresholdSeconds: probe.latencyThresholdSeconds ?? NamespaceMonitoring.DEFAULT_LATENCY_THRESHOLD_SECONDS,
      latencyObjective: probe.latencyObjective ?? NamespaceMonitoring.DEFAULT_LATENCY_OBJECTIVE,
    };
    for (const field of ["availabilityObjective", "latencyObjective"] as const) {
      if (!(resolved[field] > 0 && resolved[field] < 1)) throw propsError(this, `probe.${field} must be between 0 and 1 (exclusive), like 0.99, got ${resolved[field]}`);
    }
    if (!(resolved.latencyThresholdSeconds > 0)) throw propsError(this, `probe.latencyThresholdSeconds must be more than 0, got ${resolved.latencyThresholdSeconds}`);
    return resolved;
  }
}

function probeObject(namespace: string, probe: Required<ServiceProbe>): KubernetesObject {
  return {
    apiVersion: `${MONITORING_API_GROUP}/v1`,
    kind: "Probe",
    metadata: { name: probe.name, namespace },
    spec: {
      jobName: probe.name,
      interval: NamespaceMonitoring.PROBE_INTERVAL,
      module: probe.module,
      prober: { url: probe.proberAddress },
      targets: { staticConfig: { static: [probe.url] } },
    },
  };
}

/** The three alerts every tenant gets, on kube-state-metrics and kubelet series of the namespace. */
function workloadAlerts(owner: string, namespace: string, labels: Readonly<Record<string, string>>, volumeFreeShare: number): RuleGroup {
  const ns = `namespace="${namespace}"`;
  const rules: AlertingRule[] = [
    {
      alert: "DeploymentUnavailable",
      expr: `kube_deployment_spec_replicas{${ns}} - kube_deployment_status_replicas_available{${ns}} > 0`,
      for: "10m",
      labels: { ...labels, severity: "warning" },
      annotations: {
        summary: `${owner}: Deployment {{ $labels.deployment }} has fewer available replicas than it wants`,
        description: `{{ $value }} replica(s) of ${namespace}/{{ $labels.deployment }} have been unavailable for 10 minutes. kubectl -n ${namespace} describe deployment {{ $labels.deployment }}`,
      },
    },
    {
      alert: "PodCrashLooping",
      expr: `max_over_time(kube_pod_container_status_waiting_reason{${ns}, reason="CrashLoopBackOff"}[5m]) >= 1`,
      for: "15m",
      labels: { ...labels, severity: "warning" },
      annotations: {
        summary: `${owner}: container {{ $labels.container }} of pod {{ $labels.pod }} is crash-looping`,
        description: `The container keeps restarting. kubectl -n ${namespace} logs {{ $labels.pod }} -c {{ $labels.container }} --previous`,
      },
    },
    {
      alert: "PersistentVolumeFillingUp",
      expr: `kubelet_volume_stats_available_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}} < ${volumeFreeShare}`,
      for: "5m",
      labels: { ...labels, severity: "warning" },
      annotations: {
        summary: `${owner}: volume {{ $labels.persistentvolumeclaim }} is more than ${Math.round((1 - volumeFreeShare) * 100)}% full`,
        description: `Only {{ $value | humanizePercentage }} of ${namespace}/{{ $labels.persistentvolumeclaim }} is free.`,
      },
    },
  ];
  return { name: "workloads", rules };
}
