/**
 * A Grafana dashboard of one namespace: its SLO (when it has one), CPU, memory, restarts,
 * Deployments, quota use and volumes. Every query names the namespace, so the dashboard shows that
 * tenant's workloads and nothing else; the data source is a variable, so the dashboard works with
 * whatever Prometheus data source Grafana has.
 */

export interface NamespaceDashboardOptions {
  readonly namespace: string;
  /** The dashboard's title, e.g. `minsu-kim`. */
  readonly title: string;
  /** Grafana's dashboard uid: at most 40 letters, digits, `-` or `_`. */
  readonly uid: string;
  /** The SLO series' `slo` label values to chart, e.g. `hello-node-availability`. @default - no SLO row */
  readonly slos?: readonly string[];
  /** Tags to find the dashboard by. @default [] */
  readonly tags?: readonly string[];
}

/** Grafana's dashboard JSON schema version the panels are written for (Grafana 10 and later read it). */
export const DASHBOARD_SCHEMA_VERSION = 39;
export const MAX_DASHBOARD_UID_LENGTH = 40;

/**
 * The data source variable, written `$datasource`: Grafana reads `${datasource}` the same way, but
 * Terraform would take that spelling for an interpolation in the ConfigMap's data and refuse the plan.
 */
const DATASOURCE = { type: "prometheus", uid: "$datasource" } as const;

interface PanelSpec {
  readonly title: string;
  readonly type: "timeseries" | "stat";
  readonly unit: string;
  readonly targets: readonly { readonly expr: string; readonly legend: string }[];
  readonly width?: number;
  readonly description?: string;
}

export function namespaceDashboard(options: NamespaceDashboardOptions): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(options.uid)) throw new RangeError(`namespaceDashboard: uid must be 1-${MAX_DASHBOARD_UID_LENGTH} letters, digits, '-' or '_', got "${options.uid}"`);
  const ns = `namespace="${options.namespace}"`;
  const panels: PanelSpec[] = [
    ...(options.slos ?? []).map(
      (slo): PanelSpec => ({
        title: `SLO ${slo}: error ratio`,
        type: "timeseries",
        unit: "percentunit",
        description: "Share of bad probes per window; the burn-rate alerts fire when both windows of a pair exceed their threshold.",
        targets: ["5m", "1h", "6h", "3d"].map((window) => ({ expr: `slo:sli_error:ratio_rate${window}{${ns}, slo="${slo}"}`, legend: window })),
      }),
    ),
    { title: "CPU used by pod", type: "timeseries", unit: "cores", targets: [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${ns}, container!=""}[5m]))`, legend: "{{pod}}" }] },
    { title: "Memory used by pod (working set)", type: "timeseries", unit: "bytes", targets: [{ expr: `sum by (pod) (container_memory_working_set_bytes{${ns}, container!=""})`, legend: "{{pod}}" }] },
    { title: "Container restarts (last hour)", type: "timeseries", unit: "short", targets: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${ns}}[1h]))`, legend: "{{pod}}" }] },
    {
      title: "Deployments: available of desired replicas",
      type: "timeseries",
      unit: "short",
      targets: [
        { expr: `kube_deployment_status_replicas_available{${ns}}`, legend: "{{deployment}} available" },
        { expr: `kube_deployment_spec_replicas{${ns}}`, legend: "{{deployment}} desired" },
      ],
    },
    {
      title: "Quota used",
      type: "stat",
      unit: "percentunit",
      width: 24,
      description: "Share of each ResourceQuota limit in use; at 100% new pods or objects are refused.",
      targets: [{ expr: `kube_resourcequota{${ns}, type="used"} / ignoring(type) (kube_resourcequota{${ns}, type="hard"} > 0)`, legend: "{{resource}}" }],
    },
    {
      title: "Volumes: space used",
      type: "timeseries",
      unit: "percentunit",
      targets: [{ expr: `1 - kubelet_volume_stats_available_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}}`, legend: "{{persistentvolumeclaim}}" }],
    },
  ];

  let x = 0;
  let y = 0;
  const laidOut = panels.map((panel, index) => {
    const width = panel.width ?? 12;
    if (x + width > 24) {
      x = 0;
      y += 8;
    }
    const gridPos = { h: 8, w: width, x, y };
    x += width;
    return {
      id: index + 1,
      type: panel.type,
      title: panel.title,
      ...(panel.description ? { description: panel.description } : {}),
      datasource: DATASOURCE,
      gridPos,
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: panel.targets.map((target, targetIndex) => ({ refId: String.fromCharCode(65 + targetIndex), datasource: DATASOURCE, expr: target.expr, legendFormat: target.legend })),
    };
  });

  return {
    uid: options.uid,
    title: options.title,
    tags: [...(options.tags ?? [])],
    editable: false,
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    templating: { list: [{ name: "datasource", label: "Data source", type: "datasource", query: "prometheus", current: {}, hide: 0 }] },
    panels: laidOut,
  };
}
