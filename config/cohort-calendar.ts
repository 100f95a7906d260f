import {
  eksKubernetesVersion,
  EKS_CONTROL_PLANE_USD_PER_HOUR,
  EKS_KUBERNETES_VERSIONS,
  EKS_VERSIONS_CHECKED_ON,
  type EksKubernetesVersion,
} from "../constructs/data/eks-kubernetes-versions";

/** The roadmap's length: the cohort's last day is `startDate` plus this many weeks. */
export const COHORT_WEEKS = 10;
/** After this many days the bundled EKS version table is called stale in the synth summary. */
export const VERSION_TABLE_STALE_AFTER_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOURS_PER_MONTH = 730;

export type SupportType = "STANDARD" | "EXTENDED";

/** When the cohort runs: from `startDate` when the file has one, else estimated from today and `throughWeek`. */
export interface CohortCalendar {
  readonly start: string;
  readonly lastDay: string;
  /** False when `start` was estimated (no `startDate`): week `throughWeek` is taken to be this week. */
  readonly fromStartDate: boolean;
  readonly today: string;
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

export function cohortCalendar(startDate: string | undefined, throughWeek: number, today: Date): CohortCalendar {
  const todayDay = isoDay(today);
  const start = startDate ?? addDays(todayDay, -7 * (throughWeek - 1));
  return { start, lastDay: addDays(start, 7 * COHORT_WEEKS), fromStartDate: startDate !== undefined, today: todayDay };
}

/** How the calendar was found, for messages: `startDate 2027-03-02 + 10 weeks` or the estimate. */
export function describeCalendar(calendar: CohortCalendar, throughWeek: number): string {
  return calendar.fromStartDate
    ? `startDate ${calendar.start} + ${COHORT_WEEKS} weeks`
    : `no startDate, so week ${throughWeek} is taken to be this week (${calendar.today}): set startDate to check the real dates`;
}

/** The last day EKS supports the version under the support type. */
export function supportEnds(entry: EksKubernetesVersion, supportType: SupportType): string {
  return supportType === "EXTENDED" ? entry.endOfExtendedSupport : entry.endOfStandardSupport;
}

/** Versions whose support (of the type) lasts through `lastDay`, newest first. */
export function versionsLastingUntil(lastDay: string, supportType: SupportType): EksKubernetesVersion[] {
  return EKS_KUBERNETES_VERSIONS.filter((entry) => supportEnds(entry, supportType) >= lastDay);
}

/** The extra cost of extended support, for the message that offers it. */
export function extendedSupportSurcharge(): string {
  const perHour = EKS_CONTROL_PLANE_USD_PER_HOUR.EXTENDED - EKS_CONTROL_PLANE_USD_PER_HOUR.STANDARD;
  return `$${perHour.toFixed(2)} more per cluster-hour, about $${Math.round(perHour * HOURS_PER_MONTH)} a month`;
}

/**
 * The synth summary's lines about the cluster's support window: when support ends, when the
 * cohort ends, and how the cohort's end was found; a stale version table is called out.
 */
export function clusterSupportNotes(cohort: { version: string; supportType: SupportType; startDate?: string; throughWeek: number }, today: Date): string[] {
  const entry = eksKubernetesVersion(cohort.version);
  if (!entry) return [];
  const calendar = cohortCalendar(cohort.startDate, cohort.throughWeek, today);
  const notes = [
    `Kubernetes ${entry.version} on EKS (${cohort.supportType} support until ${supportEnds(entry, cohort.supportType)}); the cohort ends ${calendar.lastDay} (${describeCalendar(calendar, cohort.throughWeek)}).`,
  ];
  const age = Math.floor((today.getTime() - Date.parse(`${EKS_VERSIONS_CHECKED_ON}T00:00:00Z`)) / DAY_MS);
  if (age > VERSION_TABLE_STALE_AFTER_DAYS) {
    notes.push(`The EKS version table was checked on ${EKS_VERSIONS_CHECKED_ON} (${age} days ago): compare it with \`aws eks describe-cluster-versions\` before relying on these dates.`);
  }
  return notes;
}
