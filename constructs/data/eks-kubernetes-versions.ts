/**
 * The Kubernetes versions Amazon EKS offers, with their support windows. Dated data: update it
 * when EKS releases a version or one leaves extended support, and move {@link EKS_VERSIONS_CHECKED_ON}.
 *
 * Source: the "Amazon EKS Kubernetes release calendar" table of
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (end of standard and
 * extended support), cross-checked with endoflife.date's amazon-eks data (1.36's EKS release:
 * AWS What's New, 2026-06). 1.31 left extended support on 2026-11-26 and is no longer offered;
 * no 1.37 on EKS as of the check date.
 */
export const EKS_VERSIONS_CHECKED_ON = "2026-12-01";
export const EKS_VERSIONS_SOURCE = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html";

/** One Kubernetes minor version on EKS; dates are YYYY-MM-DD (UTC). */
export interface EksKubernetesVersion {
  /** `<major>.<minor>`, as `aws_eks_cluster.version` takes it. */
  readonly version: string;
  /** The day EKS started offering it. */
  readonly released: string;
  /** After this day a STANDARD cluster is upgraded by EKS to the next version (its node groups are not). */
  readonly endOfStandardSupport: string;
  /** After this day even an EXTENDED cluster is upgraded automatically. */
  readonly endOfExtendedSupport: string;
}

/** Newest first. */
export const EKS_KUBERNETES_VERSIONS: readonly EksKubernetesVersion[] = [
  { version: "1.36", released: "2026-06-02", endOfStandardSupport: "2027-08-02", endOfExtendedSupport: "2028-08-02" },
  { version: "1.35", released: "2026-01-27", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
  { version: "1.34", released: "2025-10-02", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
  { version: "1.33", released: "2025-05-29", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
  { version: "1.32", released: "2025-01-23", endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
];

/** The newest version EKS offers: the default of the cohort file and of `EksCluster`. */
export const NEWEST_EKS_KUBERNETES_VERSION = EKS_KUBERNETES_VERSIONS[0].version;

/**
 * What an EKS control plane costs per hour, by support type (US East; the same in most regions).
 * Source: "Amazon EKS extended support for Kubernetes versions pricing", AWS Containers blog
 * (effective April 2024): $0.10 in standard support, $0.60 in total in extended support.
 */
export const EKS_CONTROL_PLANE_USD_PER_HOUR = { STANDARD: 0.1, EXTENDED: 0.6 } as const;

/** The version's entry, or undefined when EKS does not offer it. */
export function eksKubernetesVersion(version: string): EksKubernetesVersion | undefined {
  return EKS_KUBERNETES_VERSIONS.find((entry) => entry.version === version);
}

/** The offered versions as a readable list: `"1.36", "1.35", ...`. */
export function eksVersionList(versions: readonly EksKubernetesVersion[] = EKS_KUBERNETES_VERSIONS): string {
  return versions.map((entry) => `"${entry.version}"`).join(", ");
}
