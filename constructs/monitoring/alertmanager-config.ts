import type { SnsAlerting } from "./cluster-monitoring";

/** The templates file in Alertmanager's config Secret (the chart loads `*.tmpl` from there). */
export const ALERT_TEMPLATE_FILE = "cohort.tmpl";

/** SNS refuses a subject of 100 characters or more. */
const MAX_SUBJECT_LENGTH = 99;

/**
 * The templates the SNS receivers use: a subject, a plain-text body for e-mail, and the AWS Chatbot
 * "custom notification" JSON for chat (Chatbot drops any other text). Alertmanager 0.30+ has
 * `toJson`, which escapes whatever the alert's text holds.
 */
export function alertTemplates(): string {
  return [
    `{{ define "cohort.subject" }}{{ printf "%.${MAX_SUBJECT_LENGTH}s" (printf "[%s] %s%s" (.Status | toUpper) .CommonLabels.alertname (or (and .CommonLabels.student (printf " (%s)" .CommonLabels.student)) "")) }}{{ end }}`,
    `{{ define "cohort.text" }}{{ range .Alerts }}[{{ .Status | toUpper }}] {{ or .Annotations.summary .Labels.alertname }}`,
    `{{ with .Annotations.description }}{{ . }}`,
    `{{ end }}Labels: {{ range .Labels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}`,
    ``,
    `{{ end }}{{ end }}`,
    `{{ define "cohort.chatbot" }}{{ $lines := "" }}{{ range .Alerts }}{{ $lines = printf "%s\\n• *%s* %s" $lines (.Status | toUpper) (or .Annotations.summary .Labels.alertname) }}{{ end }}` +
      `{"version":"1.0","source":"custom","content":{"textType":"client-markdown","title":{{ printf "%s %s" (.Status | toUpper) .CommonLabels.alertname | toJson }},"description":{{ $lines | toJson }}}}{{ end }}`,
  ].join("\n");
}

/**
 * Alertmanager's configuration: every alert to the SNS receiver (e-mail text, and Chatbot JSON when a
 * chat topic is given), grouped by alert and namespace; Watchdog and InfoInhibitor (always firing
 * by design) to nowhere; the chart's default inhibition (a critical alert silences the warning of
 * the same alert and namespace). Without `alerting` every alert goes nowhere.
 */
export function alertmanagerConfig(alerting: SnsAlerting | undefined): Record<string, unknown> {
  const sns = (topicArn: string, message: string) => ({
    topic_arn: topicArn,
    sigv4: { region: alerting!.region },
    subject: `{{ template "cohort.subject" . }}`,
    message: `{{ template "${message}" . }}`,
    send_resolved: true,
  });
  const receiver = alerting
    ? { name: "sns", sns_configs: [sns(alerting.topicArn, "cohort.text"), ...(alerting.chatTopicArn ? [sns(alerting.chatTopicArn, "cohort.chatbot")] : [])] }
    : undefined;
  return {
    global: { resolve_timeout: "5m" },
    inhibit_rules: [
      { source_matchers: ["severity = critical"], target_matchers: ["severity =~ warning|info"], equal: ["namespace", "alertname"] },
      { source_matchers: ["severity = warning"], target_matchers: ["severity = info"], equal: ["namespace", "alertname"] },
      { source_matchers: ["alertname = InfoInhibitor"], target_matchers: ["severity = info"], equal: ["namespace"] },
      { target_matchers: ["alertname = InfoInhibitor"] },
    ],
    route: {
      receiver: receiver ? receiver.name : "null",
      group_by: ["alertname", "namespace"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "12h",
      routes: [
        { receiver: "null", matchers: ['alertname = "Watchdog"'] },
        { receiver: "null", matchers: ['alertname = "InfoInhibitor"'] },
      ],
    },
    receivers: [{ name: "null" }, ...(receiver ? [receiver] : [])],
    templates: ["/etc/alertmanager/config/*.tmpl"],
  };
}
