/** The recommended Kubernetes labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const LabelKeys = {
  NAME: "app.kubernetes.io/name",
  INSTANCE: "app.kubernetes.io/instance",
  PART_OF: "app.kubernetes.io/part-of",
  MANAGED_BY: "app.kubernetes.io/managed-by",
} as const;

/** The `app.kubernetes.io/managed-by` value of everything these constructs create. */
export const MANAGED_BY = "cdktf";

export interface WorkloadLabelOptions {
  /** `app.kubernetes.io/name`: what the application is (`wordpress`). */
  readonly appName: string;
  /** `app.kubernetes.io/instance`: this installation of it (the object name). */
  readonly instance: string;
  /** `app.kubernetes.io/part-of`: the larger application it belongs to. @default - no label */
  readonly partOf?: string;
}

export interface WorkloadLabels {
  /**
   * The one selector object: Deployment `selector.match_labels`, Service `selector`, PDB and
   * topology-spread selectors all use this object. Only name and instance: a Deployment's selector
   * is immutable (changing it replaces the Deployment), so labels that may change stay out of it.
   */
  readonly selector: Readonly<Record<string, string>>;
  /** The selector plus part-of and managed-by: object metadata and pod template labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** The standard labels of one workload; the pod template labels contain the selector by construction. */
export function workloadLabels(options: WorkloadLabelOptions): WorkloadLabels {
  const selector = Object.freeze({ [LabelKeys.NAME]: options.appName, [LabelKeys.INSTANCE]: options.instance });
  const labels = Object.freeze({
    ...selector,
    ...(options.partOf !== undefined ? { [LabelKeys.PART_OF]: options.partOf } : {}),
    [LabelKeys.MANAGED_BY]: MANAGED_BY,
  });
  return { selector, labels };
}
