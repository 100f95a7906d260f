/**
 * The Helm charts the monitoring and logging constructs install, pinned. Dated data: check for
 * newer releases (`helm search repo <repo>/<chart> --versions`), read the new version's
 * `values.yaml` for renamed keys, and move {@link HELM_CHARTS_CHECKED_ON}.
 *
 * Source: each chart's `Chart.yaml` and `values.yaml` at its release tag in the chart repository
 * (github.com/prometheus-community/helm-charts tags kube-prometheus-stack-88.5.3,
 * prometheus-operator-crds-31.0.1, prometheus-blackbox-exporter-11.17.2; github.com/fluent/helm-charts
 * tag fluent-bit-0.58.1), the newest of each in the repositories as read on the check date.
 */
export const HELM_CHARTS_CHECKED_ON = "2026-12-01";

export interface PinnedChart {
  readonly chart: string;
  readonly repository: string;
  readonly version: string;
  /** What the chart installs, for the README and the plan reader. */
  readonly appVersion: string;
}

export const HELM_CHARTS = {
  /** The Prometheus Operator's CRDs as templates, so that a chart upgrade also upgrades them. */
  prometheusOperatorCrds: { chart: "prometheus-operator-crds", repository: "https://prometheus-community.github.io/helm-charts", version: "31.0.1", appVersion: "operator v0.93.1" },
  /**
   * Prometheus Operator v0.93.1, Prometheus v3.14.0, Alertmanager v0.34.0, Grafana 13.2.0 (chart
   * grafana 12.11.1 from grafana-community), kube-state-metrics v2.20.0, node-exporter v1.12.1.
   */
  kubePrometheusStack: { chart: "kube-prometheus-stack", repository: "https://prometheus-community.github.io/helm-charts", version: "88.5.3", appVersion: "operator v0.93.1" },
  blackboxExporter: { chart: "prometheus-blackbox-exporter", repository: "https://prometheus-community.github.io/helm-charts", version: "11.17.2", appVersion: "v0.28.0" },
  fluentBit: { chart: "fluent-bit", repository: "https://fluent.github.io/helm-charts", version: "0.58.1", appVersion: "5.1.1" },
} as const satisfies Record<string, PinnedChart>;
