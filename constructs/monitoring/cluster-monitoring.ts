import { Release } from "@cdktf/provider-helm/lib/release";
import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { checkSubject, RBAC_API_GROUP } from "../core/rbac";
import { helmValues } from "../cluster/helm-values";
import { platformNamespace } from "../cluster/platform-namespace";
import { PodIdentityRole } from "../cluster/pod-identity-role";
import { checkDnsLabel } from "../core/kubernetes-names";
import { checkRegion, checkWholeNumber, propsError, requireProps } from "../core/validation";
import { HELM_CHARTS, type PinnedChart } from "../data/helm-charts";
import { checkResources } from "../workloads/container-resources";
import { alertmanagerConfig, ALERT_TEMPLATE_FILE, alertTemplates } from "./alertmanager-config";

/** Kubernetes requests and limits of one container. */
export interface ComponentResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** Where Alertmanager sends: SNS topics, published to with a role through EKS Pod Identity. */
export interface SnsAlerting {
  /** The EKS cluster's name (the Pod Identity association's). */
  readonly clusterName: string;
  /** The topics' region (Alertmanager signs its requests for it). */
  readonly region: string;
  /** Gets every alert as plain text (e-mail subscribers). */
  readonly topicArn: string;
  /** Gets every alert as an AWS Chatbot custom notification (JSON), when a chat channel subscribes. @default - none */
  readonly chatTopicArn?: string;
  /** The key that encrypts the topics: publishing needs `kms:GenerateDataKey*` and `kms:Decrypt` on it. @default - unencrypted topics */
  readonly kmsKeyArn?: string;
  /** The IAM role's name, at most 64 characters. */
  readonly roleName: string;
}

/** Grafana behind an ALB (the AWS Load Balancer Controller's IngressClass), open to listed networks. */
export interface GrafanaLoadBalancer {
  /** Only these CIDR blocks reach it (`alb.ingress.kubernetes.io/inbound-cidrs`). */
  readonly allowedCidrs: readonly string[];
  /** @default "internet-facing" */
  readonly scheme?: "internet-facing" | "internal";
  /** @default "alb" */
  readonly ingressClassName?: string;
  /** The ALB's IngressGroup: Grafana gets its own load balancer, never a tenants' one. */
  readonly groupName: string;
}

export interface ClusterMonitoringProps {
  /** @default ClusterMonitoring.DEFAULT_NAMESPACE ("monitoring") */
  readonly namespace?: string;
  /** How long Prometheus keeps samples. */
  readonly retentionDays: number;
  /** The size of Prometheus's volume; Prometheus deletes the oldest blocks past 85% of it. */
  readonly storageGiB: number;
  /** @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** @default ClusterMonitoring.DEFAULT_RESOURCES.prometheus */
  readonly prometheusResources?: ComponentResources;
  /** The platform's namespaces: the chart's own workload alerts (crash loops, stuck rollouts) cover only these. */
  readonly platformNamespaces: readonly string[];
  /** @default - Alertmanager sends nowhere (its alerts show in Grafana and its own UI) */
  readonly alerting?: SnsAlerting;
  /** Kubernetes groups that may open Grafana with `kubectl port-forward` (as anonymous viewers). @default [] */
  readonly grafanaViewerGroups?: readonly string[];
  /** @default - no load balancer: Grafana through `kubectl port-forward` only */
  readonly grafanaLoadBalancer?: GrafanaLoadBalancer;
  /** `app.kubernetes.io/part-of` on the namespace. @default - none */
  readonly partOf?: string;
  /** What must exist before the charts install (e.g. the default StorageClass). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}


/**
 * Cluster monitoring with kube-prometheus-stack: Prometheus, Alertmanager, Grafana, the Prometheus
 * Operator, kube-state-metrics and node-exporter, plus a blackbox exporter for synthetic probes,
 * in a namespace of their own, each chart pinned (`HELM_CHARTS`).
 *
 * - The operator's CRDs come from their own release (`prometheus-operator-crds`, CRDs as
 *   templates, so they upgrade with it); the stack's release depends on it.
 * - EKS runs the control plane: no scraping of controller manager, scheduler, etcd or kube-proxy
 *   metrics (not reachable), and their alert rules are off.
 * - Multi-tenant scraping: ServiceMonitors, PodMonitors, Probes and PrometheusRules of every
 *   namespace are picked up, with the object's namespace enforced as the `namespace` label (the
 *   stack's own ServiceMonitors, in this namespace, kube-system and default, excepted) and
 *   namespace selectors ignored. Pair it with {@link TenantScrapePolicy} for per-monitor limits and
 *   no file access in tenants' monitors.
 * - Grafana reads its admin password from a Secret Terraform generates, loads dashboards only
 *   from ConfigMaps of this namespace with a Role that reads nothing else (the chart's own rule
 *   would read every Secret), runs as a StatefulSet so its pod has a fixed name viewers can be
 *   allowed to port-forward to, and lets anonymous users view.
 * - Alertmanager publishes to SNS through EKS Pod Identity. The chart's quota-overcommit alerts are
 *   off (tenants' quotas add up to more than the nodes by design).
 *
 * The namespace enforces the `privileged` Pod Security level: node-exporter needs the host's
 * network, PID namespace and root filesystem.
 */
export class ClusterMonitoring extends Construct {
  public static readonly DEFAULT_NAMESPACE = "monitoring";
  /** Fixed so that service and service account names are known: `kube-prometheus-stack-<component>`. */
  public static readonly RELEASE_NAME = "kube-prometheus-stack";
  public static readonly ALERTMANAGER_SERVICE_ACCOUNT = "kube-prometheus-stack-alertmanager";
  public static readonly GRAFANA_SERVICE = "kube-prometheus-stack-grafana";
  /** Grafana runs as a StatefulSet of one, so its pod is always this. */
  public static readonly GRAFANA_POD = "kube-prometheus-stack-grafana-0";
  public static readonly GRAFANA_ADMIN_SECRET = "grafana-admin";
  /** The Role Grafana's sidecars get instead of the chart's (which reads every Secret): ConfigMaps of this namespace only. */
  public static readonly GRAFANA_DASHBOARD_READER_ROLE = "grafana-dashboard-reader";
  public static readonly BLACKBOX_EXPORTER_NAME = "blackbox-exporter";
  public static readonly BLACKBOX_EXPORTER_PORT = 9115;
  /** The dashboard sidecar loads ConfigMaps with this label (and only from this namespace). */
  public static readonly DASHBOARD_LABELS: Readonly<Record<string, string>> = { grafana_dashboard: "1" };
  /** The annotation that names a dashboard's Grafana folder. */
  public static readonly DASHBOARD_FOLDER_ANNOTATION = "grafana_folder";
  /** Prometheus deletes the oldest data past this share of its volume, before the volume fills. */
  public static readonly RETENTION_SIZE_SHARE = 0.85;
  public static readonly MAX_HISTORY = 5;
  /**
   * Every component's requests and limits (the charts set none): what the capacity rule counts.
   * Prometheus's memory grows with the series; size it with `prometheusResources` for large cohorts.
   */
  public static readonly DEFAULT_RESOURCES = {
    prometheus: { requests: { cpu: "200m", memory: "1Gi" }, limits: { memory: "2Gi" } },
    alertmanager: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } },
    operator: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
    configReloader: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
    kubeStateMetrics: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
    nodeExporter: { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "128Mi" } },
    grafana: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
    grafanaSidecar: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } },
    blackboxExporter: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
  } as const satisfies Record<string, ComponentResources>;

  public readonly namespace: string;
  public readonly namespaceResource: NamespaceV1;
  public readonly crds: Release;
  public readonly stack: Release;
  public readonly blackboxExporter: Release;
  /** `host:port` of the blackbox exporter, for `Probe.spec.prober.url`. */
  public readonly proberAddress: string;
  /** The Secret with Grafana's admin user (`admin-user`) and password (`admin-password`). */
  public readonly grafanaAdminSecret: SecretV1;
  /** Only with `alerting`. */
  public readonly alertmanagerRole?: PodIdentityRole;

  constructor(scope: Construct, id: string, props: ClusterMonitoringProps) {
    super(scope, id);
    requireProps(this, props, ["retentionDays", "storageGiB", "platformNamespaces"]);
    checkResources(this, props.prometheusResources, "prometheusResources");
    const namespace = props.namespace ?? ClusterMonitoring.DEFAULT_NAMESPACE;
    this.check(props, namespace);
    this.namespaceResource = platformNamespace(this, "namespace", namespace, "privileged", props.partOf);
    this.namespace = this.namespaceResource.metadata.name;

    this.crds = this.release("crds", HELM_CHARTS.prometheusOperatorCrds, "prometheus-operator-crds", {});

    const password = new Password(this, "grafana-admin-password", { length: 32, special: false });
    this.grafanaAdminSecret = new SecretV1(this, "grafana-admin", {
      metadata: { name: ClusterMonitoring.GRAFANA_ADMIN_SECRET, namespace: this.namespace },
      data: { "admin-user": "admin", "admin-password": password.result },
    });
    const dashboardReader = new RoleV1(this, "grafana-dashboard-reader", {
      metadata: { name: ClusterMonitoring.GRAFANA_DASHBOARD_READER_ROLE, namespace: this.namespace },
      rule: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }],
    });
    this.addGrafanaViewers(props.grafanaViewerGroups ?? []);

    if (props.alerting) this.alertmanagerRole = this.addAlertmanagerRole(props.alerting, namespace);

    this.stack = this.release("stack", HELM_CHARTS.kubePrometheusStack, ClusterMonitoring.RELEASE_NAME, this.stackValues(props, namespace), [
      ...(props.dependsOn ?? []),
      this.crds,
      this.grafanaAdminSecret,
      dashboardReader,
      ...(this.alertmanagerRole?.association ? [this.alertmanagerRole.association] : []),
    ]);

    this.blackboxExporter = this.release("blackbox-exporter", HELM_CHARTS.blackboxExporter, ClusterMonitoring.BLACKBOX_EXPORTER_NAME, {
      fullnameOverride: ClusterMonitoring.BLACKBOX_EXPORTER_NAME,
      resources: ClusterMonitoring.DEFAULT_RESOURCES.blackboxExporter,
      // The chart sets everything Pod Security "restricted" asks but the seccomp profile.
      podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
    });
    this.proberAddress = ClusterMonitoring.proberAddressIn(namespace);
  }

  /** The blackbox exporter's `host:port` when the construct runs in `namespace`, for stacks that only know the namespace. */
  public static proberAddressIn(namespace: string): string {
    return `${ClusterMonitoring.BLACKBOX_EXPORTER_NAME}.${namespace}.svc:${ClusterMonitoring.BLACKBOX_EXPORTER_PORT}`;
  }

  /** `values` are Helm values documents, merged in order. */
  private release(id: string, chart: PinnedChart, name: string, values: Record<string, unknown> | readonly string[], dependsOn?: ITerraformDependable[]): Release {
    return new Release(this, id, {
      name,
      chart: chart.chart,
      repository: chart.repository,
      version: chart.version,
      namespace: this.namespace,
      values: Array.isArray(values) ? [...values] : [helmValues(values as Record<string, unknown>)],
      // Nothing waits on pods: a component that cannot start would hold the apply for the whole
      // timeout and then fail it; `kubectl -n monitoring get pods` shows its state instead.
      wait: false,
      maxHistory: ClusterMonitoring.MAX_HISTORY,
      dependsOn: dependsOn && dependsOn.length > 0 ? dependsOn : undefined,
    });
  }

  /**
   * Two documents: the settings, all known at synth time, and Alertmanager's configuration, whose
   * topic ARNs hold the account id Terraform reads at plan time (string references interpolate
   * inside the JSON text, so the plan still shows the configuration as written).
   */
  private stackValues(props: ClusterMonitoringProps, namespace: string): string[] {
    return [helmValues(this.settings(props, namespace)), JSON.stringify({ alertmanager: { config: alertmanagerConfig(props.alerting) } }, null, 2)];
  }

  private settings(props: ClusterMonitoringProps, namespace: string): Record<string, unknown> {
    const resources = ClusterMonitoring.DEFAULT_RESOURCES;
    // The stack's own ServiceMonitors and PodMonitors keep the namespace labels their targets report
    // (kube-state-metrics, kubelet): with ignoreNamespaceSelectors the chart puts the kubelet's and
    // CoreDNS's in kube-system and the API server's in default, namespaces no tenant writes to.
    const ownMonitors = [namespace, "kube-system", "default"].flatMap((ns) => ["servicemonitors", "podmonitors"].map((resource) => ({ group: "monitoring.coreos.com", resource, namespace: ns })));
    const platformNamespaces = [...new Set([...props.platformNamespaces, namespace])];
    return {
      crds: { enabled: false },
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeEtcd: { enabled: false },
      kubeProxy: { enabled: false },
      defaultRules: {
        rules: { etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false },
        // Tenants get their own workload alerts, naming them (NamespaceMonitoring).
        appNamespacesTarget: platformNamespaces.join("|"),
        // Quotas add up to more than the nodes by design (students rarely use all of theirs).
        disabled: { KubeCPUQuotaOvercommit: true, KubeMemoryQuotaOvercommit: true },
      },
      prometheusOperator: { resources: resources.operator, prometheusConfigReloader: { resources: resources.configReloader } },
      // Secrets' names and labels would become metrics every Grafana viewer can query.
      "kube-state-metrics": { resources: resources.kubeStateMetrics, collectorsExclude: ["secrets"] },
      "prometheus-node-exporter": { resources: resources.nodeExporter, tolerations: [{ operator: "Exists" }] },
      prometheus: {
        prometheusSpec: {
          retention: `${props.retentionDays}d`,
          retentionSize: `${Math.floor(props.storageGiB * ClusterMonitoring.RETENTION_SIZE_SHARE)}GiB`,
          storageSpec: {
            volumeClaimTemplate: {
              spec: {
                ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}),
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: `${props.storageGiB}Gi` } },
              },
            },
          },
          // The volume goes with the Prometheus object (a cohort's teardown leaves no EBS volume behind).
          persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Retain" },
          resources: props.prometheusResources ?? resources.prometheus,
          ruleSelectorNilUsesHelmValues: false,
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
          enforcedNamespaceLabel: "namespace",
          excludedFromEnforcement: ownMonitors,
          // Tenants' limits and the ban on file access are admission rules (TenantScrapePolicy): the
          // Prometheus object's own switches would cap and reject the platform's monitors too.
          ignoreNamespaceSelectors: true,
        },
      },
      alertmanager: {
        alertmanagerSpec: { resources: resources.alertmanager },
        serviceAccount: { create: true, name: ClusterMonitoring.ALERTMANAGER_SERVICE_ACCOUNT },
        templateFiles: { [ALERT_TEMPLATE_FILE]: alertTemplates() },
      },
      grafana: {
        useStatefulSet: true,
        resources: resources.grafana,
        admin: { existingSecret: ClusterMonitoring.GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
        "grafana.ini": { "auth.anonymous": { enabled: true, org_role: "Viewer" }, analytics: { check_for_updates: false, reporting_enabled: false } },
        rbac: { namespaced: true, useExistingRole: ClusterMonitoring.GRAFANA_DASHBOARD_READER_ROLE },
        sidecar: {
          resources: resources.grafanaSidecar,
          dashboards: {
            searchNamespace: [namespace],
            resource: "configmap",
            folderAnnotation: ClusterMonitoring.DASHBOARD_FOLDER_ANNOTATION,
            provider: { foldersFromFilesStructure: true },
          },
          datasources: { resource: "configmap" },
        },
        ...(props.grafanaLoadBalancer ? { ingress: grafanaIngress(props.grafanaLoadBalancer) } : {}),
      },
    };
  }

  /** Viewers reach Grafana with `kubectl -n monitoring port-forward pod/kube-prometheus-stack-grafana-0 3000`, and no other pod. */
  private addGrafanaViewers(groups: readonly string[]): void {
    groups.forEach((name, index) => checkSubject(this, `grafanaViewerGroups[${index}]`, { kind: "Group", name }));
    if (groups.length === 0) return;
    const role = new RoleV1(this, "grafana-port-forward", {
      metadata: { name: "grafana-port-forward", namespace: this.namespace },
      rule: [
        { apiGroups: [""], resources: ["pods"], resourceNames: [ClusterMonitoring.GRAFANA_POD], verbs: ["get"] },
        { apiGroups: [""], resources: ["pods/portforward"], resourceNames: [ClusterMonitoring.GRAFANA_POD], verbs: ["get", "create"] },
      ],
    });
    new RoleBindingV1(this, "grafana-port-forward-binding", {
      metadata: { name: "grafana-port-forward", namespace: this.namespace },
      roleRef: { apiGroup: RBAC_API_GROUP, kind: "Role", name: role.metadata.name },
      subject: groups.map((group) => ({ apiGroup: RBAC_API_GROUP, kind: "Group", name: group })),
    });
  }

  private addAlertmanagerRole(alerting: SnsAlerting, namespace: string): PodIdentityRole {
    const topics = [alerting.topicArn, ...(alerting.chatTopicArn ? [alerting.chatTopicArn] : [])];
    return new PodIdentityRole(this, "alertmanager-role", {
      clusterName: alerting.clusterName,
      namespace,
      serviceAccount: ClusterMonitoring.ALERTMANAGER_SERVICE_ACCOUNT,
      roleName: alerting.roleName,
      statements: [
        { sid: "PublishAlerts", actions: ["sns:Publish"], resources: topics },
        ...(alerting.kmsKeyArn ? [{ sid: "EncryptForTheTopics", actions: ["kms:GenerateDataKey*", "kms:Decrypt"], resources: [alerting.kmsKeyArn] }] : []),
      ],
    });
  }

  private check(props: ClusterMonitoringProps, namespace: string): void {
    checkDnsLabel(this, "namespace", namespace);
    props.platformNamespaces.forEach((name, index) => checkDnsLabel(this, `platformNamespaces[${index}]`, name));
    checkWholeNumber(this, "retentionDays", props.retentionDays, 1, 3650);
    checkWholeNumber(this, "storageGiB", props.storageGiB, 2, 16384);
    if (props.alerting) checkRegion(this, "alerting.region", props.alerting.region);
    if (props.grafanaLoadBalancer && props.grafanaLoadBalancer.allowedCidrs.length === 0) {
      throw propsError(this, "grafanaLoadBalancer.allowedCidrs must list at least one CIDR block (without it the load balancer would be open to everyone)");
    }
  }
}

function grafanaIngress(lb: GrafanaLoadBalancer): Record<string, unknown> {
  return {
    enabled: true,
    ingressClassName: lb.ingressClassName ?? "alb",
    hosts: [],
    path: "/",
    pathType: "Prefix",
    annotations: {
      "alb.ingress.kubernetes.io/group.name": lb.groupName,
      "alb.ingress.kubernetes.io/scheme": lb.scheme ?? "internet-facing",
      "alb.ingress.kubernetes.io/target-type": "ip",
      "alb.ingress.kubernetes.io/inbound-cidrs": lb.allowedCidrs.join(","),
      "alb.ingress.kubernetes.io/healthcheck-path": "/api/health",
    },
  };
}
