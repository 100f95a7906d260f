import { cidrContains, parseIpv4Cidr, type Ipv4Cidr } from "../constructs/core/ipv4-cidr";
import { ROADMAP_WEEK } from "../stacks/weeks";
import type { CohortConfig } from "./cohort-schema";
import { formatPath } from "./load-cohort";

/** Something in the cohort file that synthesizes but cannot be what the organizer means. */
export interface CohortWarning {
  readonly path: string;
  readonly message: string;
}

/** The account ID AWS's documentation uses in examples. */
const EXAMPLE_ACCOUNT = "123456789012";
/** RFC 5737 documentation ranges: nobody works from them. */
const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"].map((range) => parseIpv4Cidr(range) as Ipv4Cidr);
/** RFC 2606 domains reserved for examples. */
const EXAMPLE_DOMAIN = /@(.+\.)?example\.(com|org|net)$|\.(test|example|invalid)$/i;
/** The Slack IDs the example cohort ships with. */
const EXAMPLE_SLACK_IDS = ["T0123ABCD", "C0123ABCD"];

/** A warning about many fields names this many of them, so a large roster stays one readable line. */
const MAX_LISTED_PATHS = 20;

/**
 * Placeholders left from the example cohort: each synthesizes, and each fails or misleads at
 * deploy time (an account that is not yours, addresses nobody reads, a network nobody works from).
 * Warned, not refused, so the example still synthesizes as it is.
 */
export function placeholderWarnings(cohort: CohortConfig): CohortWarning[] {
  const warnings: CohortWarning[] = [];
  const warn = (path: (string | number)[], message: string) => warnings.push({ path: formatPath(path), message });
  const exampleAccount = (["admins", "students"] as const).flatMap((listName) =>
    cohort[listName].flatMap((person, index) => (person.principalArn.includes(`::${EXAMPLE_ACCOUNT}:`) ? [formatPath([listName, index, "principalArn"])] : [])),
  );
  if (exampleAccount.length > 0) {
    const listed = exampleAccount.slice(0, MAX_LISTED_PATHS).join(", ") + (exampleAccount.length > MAX_LISTED_PATHS ? ` and ${exampleAccount.length - MAX_LISTED_PATHS} more` : "");
    warnings.push({
      path: exampleAccount[0],
      message: `account ${EXAMPLE_ACCOUNT} is AWS's documentation example, in ${exampleAccount.length} principal ARN${exampleAccount.length > 1 ? `s (${listed})` : ""}: use the principals of your own account`,
    });
  }
  cohort.notifications.emails.forEach((email, index) => {
    if (EXAMPLE_DOMAIN.test(email)) warn(["notifications", "emails", index], `"${email}" is an example address (RFC 2606): nobody will confirm its subscription`);
  });
  if (cohort.notifications.slack) {
    for (const key of ["teamId", "channelId"] as const) {
      const id = cohort.notifications.slack[key];
      if (EXAMPLE_SLACK_IDS.includes(id)) warn(["notifications", "slack", key], `"${id}" is the example's Slack ID: the Chatbot configuration would fail to create`);
    }
  }
  cohort.cluster.publicAccessCidrs.forEach((cidr, index) => {
    const parsed = parseIpv4Cidr(cidr);
    if (typeof parsed !== "string" && DOCUMENTATION_RANGES.some((range) => cidrContains(range, parsed))) {
      warn(["cluster", "publicAccessCidrs", index], `${cidr} is a documentation range (RFC 5737): nobody can reach the API from it`);
    }
  });
  if (cohort.stateBackend?.bucket.endsWith("-example")) {
    warn(["stateBackend", "bucket"], `"${cohort.stateBackend.bucket}" is the example's bucket name; bucket names are global, so pick one of your own`);
  }
  return warnings;
}

/** The weeks of the roadmap this release does not build (yet), for the synth summary. */
export function unbuiltWeeksNote(throughWeek: number): string | undefined {
  if (throughWeek < ROADMAP_WEEK.AUTOSCALING) return undefined;
  return "Week 9 adds only pod autoscaling so far, and week 10 (service mesh) nothing yet: they arrive in later releases.";
}
