/**
 * Prometheus rule groups as the Prometheus Operator's PrometheusRule takes them, and generators for
 * the ones the platform writes: service level objectives with multi-window, multi-burn-rate alerts
 * (the Google SRE workbook, chapter 5, "Alerting on SLOs"), built in TypeScript so no extra operator
 * (Sloth, Pyrra) runs in the cluster.
 */

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold, e.g. `5m`. */
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RuleGroup {
  readonly name: string;
  /** How often the group is evaluated. @default - Prometheus's evaluation interval */
  readonly interval?: string;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

/** One pair of windows: alert when both burn the error budget `factor` times faster than sustainable. */
export interface BurnRateWindow {
  readonly long: string;
  readonly short: string;
  readonly factor: number;
  readonly severity: "critical" | "warning";
}

/**
 * The workbook's recommended pairs for a 30-day budget: 2% of the budget in an hour or 5% in six
 * hours pages; 10% in three days (or 1x for three days) opens a ticket.
 */
export const MULTI_WINDOW_BURN_RATES: readonly BurnRateWindow[] = [
  { long: "1h", short: "5m", factor: 14.4, severity: "critical" },
  { long: "6h", short: "30m", factor: 6, severity: "critical" },
  { long: "1d", short: "2h", factor: 3, severity: "warning" },
  { long: "3d", short: "6h", factor: 1, severity: "warning" },
];

/** The windows the burn-rate alerts read, shortest first. */
export const SLO_WINDOWS: readonly string[] = [...new Set(MULTI_WINDOW_BURN_RATES.flatMap((pair) => [pair.short, pair.long]))].sort((a, b) => durationSeconds(a) - durationSeconds(b));

/** The recorded error ratio series every SLO writes, one per window (`slo:sli_error:ratio_rate5m`...). */
export function sloErrorRatioMetric(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

export interface ServiceLevelObjective {
  /** Names the SLO in its series' `slo` label and its alerts, e.g. `hello-node-availability`. */
  readonly name: string;
  /** The share of good events promised, e.g. 0.99. */
  readonly objective: number;
  /** The PromQL of the share of bad events over a window, e.g. `1 - avg_over_time(probe_success{...}[${w}])`. */
  readonly errorRatio: (window: string) => string;
  /** Put on every series and alert (e.g. namespace, student). */
  readonly labels: Readonly<Record<string, string>>;
  /** One sentence that says what is promised, for the alert's description. */
  readonly description: string;
  /** The alert name, in PascalCase, e.g. `HelloNodeAvailabilityBudgetBurn`. */
  readonly alertName: string;
  /** Prefixes the alert summary, e.g. the student's name. */
  readonly owner: string;
}

/** The recording rules (error ratio per window) and burn-rate alerts of one SLO, as one group. */
export function sloRuleGroup(slo: ServiceLevelObjective): RuleGroup {
  if (!(slo.objective > 0 && slo.objective < 1)) throw new RangeError(`sloRuleGroup: objective must be between 0 and 1 (exclusive), got ${slo.objective}`);
  const labels = { ...slo.labels, slo: slo.name };
  const selector = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(", ");
  const budget = roundRatio(1 - slo.objective);
  const records: RecordingRule[] = SLO_WINDOWS.map((window) => ({ record: sloErrorRatioMetric(window), expr: slo.errorRatio(window), labels }));
  const alerts: AlertingRule[] = MULTI_WINDOW_BURN_RATES.map((pair) => {
    const threshold = roundRatio(pair.factor * budget);
    return {
      alert: slo.alertName,
      expr: `${sloErrorRatioMetric(pair.long)}{${selector}} > ${threshold} and ${sloErrorRatioMetric(pair.short)}{${selector}} > ${threshold}`,
      labels: { ...labels, severity: pair.severity, long_window: pair.long, burn_rate: String(pair.factor) },
      annotations: {
        summary: `${slo.owner}: ${slo.name} burns its error budget ${pair.factor}x too fast (${pair.long} and ${pair.short} windows)`,
        description: `${slo.description} At this rate the ${percent(budget)} error budget of 30 days is gone in ${budgetDays(pair.factor)}.`,
      },
    };
  });
  return { name: `slo-${slo.name}`, rules: [...records, ...alerts] };
}

function durationSeconds(duration: string): number {
  const match = /^(\d+)([smhd])$/.exec(duration);
  if (!match) throw new RangeError(`not a Prometheus duration like 5m: ${duration}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as "s" | "m" | "h" | "d"];
}

/** Avoids 14.4 * 0.01 = 0.14400000000000002 in the rule text. */
function roundRatio(value: number): number {
  return Number(value.toPrecision(6));
}

function percent(ratio: number): string {
  return `${roundRatio(ratio * 100)}%`;
}

function budgetDays(factor: number): string {
  const days = 30 / factor;
  return days < 1 ? `${Number((days * 24).toFixed(1))} hours` : `${Number(days.toFixed(1))} days`;
}
