/**
 * Fluent Bit's pipeline (classic configuration format) for shipping container logs to CloudWatch
 * Logs: tenants' namespaces each to their own log group, the platform's namespaces to one shared
 * group, with the noisy lines dropped before they cost ingestion.
 */

/** Which lines of the platform's namespaces are shipped. */
export const PLATFORM_LOG_LEVELS = ["all", "warnings", "none"] as const;
export type PlatformLogLevel = (typeof PLATFORM_LOG_LEVELS)[number];

export interface ContainerLogRouting {
  readonly region: string;
  /** Tenants' namespaces: each ships to `tenantLogGroupPrefix` + the namespace. */
  readonly tenantNamespaces: readonly string[];
  /** E.g. `/eks/devops-2026-eks/namespaces/`. */
  readonly tenantLogGroupPrefix: string;
  /** The platform's namespaces (kube-system, monitoring, ...), shipped to `platformLogGroup`. */
  readonly platformNamespaces: readonly string[];
  /** Also where a tenant's line goes when its namespace is unknown (the Kubernetes filter could not enrich it). */
  readonly platformLogGroup: string;
  /** @default "warnings" */
  readonly platformLogs?: PlatformLogLevel;
  /** Drop tenants' lines that log at debug or trace level. @default true */
  readonly dropDebugLines?: boolean;
}

/** Where the chart mounts the node's container logs (`/var/log` from the host). */
const CONTAINER_LOG_DIRECTORY = "/var/log/containers";
/** Tags carry the log file's path after this prefix; the Kubernetes filter reads pod and namespace from it. */
const TENANT_TAG = "tenant";
const PLATFORM_TAG = "platform";

/**
 * A line logged at debug or trace level in the usual shapes: logfmt (`level=debug`), JSON
 * (`"level":"debug"`), bracketed (`[DEBUG]`), or a level word first or after a timestamp
 * (`DEBUG ...`, `2026-12-01T10:00:00Z TRACE ...`). A line that names a problem (warn, error,
 * fatal, panic, exception) is never one: `ERROR trace id=...` and `Stack trace follows` are kept.
 */
export const DEBUG_LINE_PATTERN = String.raw`(?i)^(?!.*\b(warn|warning|error|fatal|panic|exception)\b)(.*(\blevel"?\s*[=:]\s*"?(debug|trace)\b|\[(debug|trace)\])|\s*(\S*\d\S*\s+)?(debug|trace)\s)`;
/** A line that reports a problem: what `platformLogs: warnings` keeps. */
export const PROBLEM_LINE_PATTERN = String.raw`(?i)(warn|error|fatal|panic|fail|exception|^[WEF]\d{4}\s)`;

/** One classic-format section: `[NAME]` and its indented `Key Value` lines. */
function section(name: string, entries: readonly (readonly [string, string | number])[]): string {
  const width = Math.max(...entries.map(([key]) => key.length));
  return [`[${name}]`, ...entries.map(([key, value]) => `    ${key.padEnd(width)} ${value}`)].join("\n");
}

function tailInput(tag: string, namespaces: readonly string[]): string {
  return section("INPUT", [
    ["Name", "tail"],
    ["Tag", `${tag}.*`],
    // Files are <pod>_<namespace>_<container>-<id>.log; pod, namespace and container names hold no '_'.
    ["Path", namespaces.map((namespace) => `${CONTAINER_LOG_DIRECTORY}/*_${namespace}_*.log`).join(",")],
    ["multiline.parser", "cri"],
    ["Mem_Buf_Limit", "16MB"],
    ["Skip_Long_Lines", "On"],
    ["Refresh_Interval", 10],
    // Read positions survive a pod restart (the chart mounts the node's /var/log read-write), so nothing is shipped twice.
    ["DB", `/var/log/flb_${tag}.db`],
  ]);
}

function kubernetesFilter(tag: string): string {
  return section("FILTER", [
    ["Name", "kubernetes"],
    ["Match", `${tag}.*`],
    ["Kube_Tag_Prefix", `${tag}.var.log.containers.`],
    // The metadata only names the log group and stream: the outputs send the line alone (log_key),
    // and Logs Insights finds a JSON line's fields by itself.
    ["Merge_Log", "Off"],
    // A pod annotated fluentbit.io/exclude: "true" is not shipped.
    ["K8S-Logging.Exclude", "On"],
    ["Labels", "Off"],
    ["Annotations", "Off"],
    // No cap on the API server's answer about a pod: a truncated answer would leave the line without
    // its namespace, and it would land in the platform group.
    ["Buffer_Size", 0],
  ]);
}

function cloudWatchOutput(tag: string, region: string, logGroupName: string, streamTemplate: string, groupTemplate?: string): string {
  return section("OUTPUT", [
    ["Name", "cloudwatch_logs"],
    ["Match", `${tag}.*`],
    ["region", region],
    ["log_group_name", logGroupName],
    ...(groupTemplate ? ([["log_group_template", groupTemplate]] as const) : []),
    ["log_stream_prefix", `${tag}-`],
    ["log_stream_template", streamTemplate],
    // Only the line: the group and stream already say namespace, pod and container, and the
    // metadata Fluent Bit adds (pod id, node, image, hashes) would triple the bytes paid for.
    ["log_key", "log"],
    // Terraform creates every group with its retention: nothing is created here.
    ["auto_create_group", "Off"],
    ["retry_limit", 5],
  ]);
}

/** The `[INPUT]`, `[FILTER]` and `[OUTPUT]` sections; the chart's `[SERVICE]` section stays as it is. */
export function fluentBitPipeline(routing: ContainerLogRouting): { inputs: string; filters: string; outputs: string } {
  const platformLogs = routing.platformLogs ?? "warnings";
  const shipPlatform = platformLogs !== "none" && routing.platformNamespaces.length > 0;
  const shipTenants = routing.tenantNamespaces.length > 0;
  const inputs = [...(shipTenants ? [tailInput(TENANT_TAG, routing.tenantNamespaces)] : []), ...(shipPlatform ? [tailInput(PLATFORM_TAG, routing.platformNamespaces)] : [])];
  // The grep filters read the raw line (`log`) before the Kubernetes filter merges JSON lines into fields.
  const filters = [
    ...(shipTenants && (routing.dropDebugLines ?? true) ? [section("FILTER", [["Name", "grep"], ["Match", `${TENANT_TAG}.*`], ["Exclude", `log ${DEBUG_LINE_PATTERN}`]])] : []),
    ...(shipTenants ? [kubernetesFilter(TENANT_TAG)] : []),
    ...(shipPlatform && platformLogs === "warnings" ? [section("FILTER", [["Name", "grep"], ["Match", `${PLATFORM_TAG}.*`], ["Regex", `log ${PROBLEM_LINE_PATTERN}`]])] : []),
    ...(shipPlatform ? [kubernetesFilter(PLATFORM_TAG)] : []),
  ];
  const outputs = [
    ...(shipTenants
      ? [cloudWatchOutput(TENANT_TAG, routing.region, routing.platformLogGroup, "$kubernetes['pod_name'].$kubernetes['container_name']", `${routing.tenantLogGroupPrefix}$kubernetes['namespace_name']`)]
      : []),
    ...(shipPlatform ? [cloudWatchOutput(PLATFORM_TAG, routing.region, routing.platformLogGroup, "$kubernetes['namespace_name'].$kubernetes['pod_name'].$kubernetes['container_name']")] : []),
  ];
  return { inputs: inputs.join("\n\n"), filters: filters.join("\n\n"), outputs: outputs.join("\n\n") };
}
