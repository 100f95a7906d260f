import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { KubernetesObjects, type KubernetesObject } from "../cluster/kubernetes-objects";
import { isDnsLabel } from "../core/kubernetes-names";
import { checkWholeNumber, propsError, requireProps } from "../core/validation";

export interface TenantScrapePolicyProps {
  /** The most samples one scrape of a tenant's ServiceMonitor or PodMonitor may declare (`spec.sampleLimit`). */
  readonly maxSampleLimit: number;
  /** The most targets one tenant's ServiceMonitor or PodMonitor may declare (`spec.targetLimit`). */
  readonly maxTargetLimit: number;
  /** The platform's namespaces, whose monitors are not checked (the monitoring stack's own). */
  readonly exemptNamespaces: readonly string[];
  /** Where the Helm record of the policy lives. @default "kube-system" */
  readonly releaseNamespace?: string;
  /** The release of the monitoring CRDs, so the policies' expressions are type-checked against them when created. @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

const MONITORING_GROUP = "monitoring.coreos.com";

/**
 * ValidatingAdmissionPolicies (built-in `admissionregistration.k8s.io/v1`) for the
 * ServiceMonitors and PodMonitors tenants write, outside the exempt namespaces:
 *
 * - `spec.sampleLimit` and `spec.targetLimit` must be set, within the maxima: Prometheus drops a
 *   scrape over its limit, so one tenant cannot flood it. (The Prometheus object's
 *   `enforcedSampleLimit` would cap every job, the platform's kube-state-metrics and kubelet too.)
 * - a ServiceMonitor may not name files in the Prometheus pod (`bearerTokenFile`, `tlsConfig`'s
 *   `caFile`/`certFile`/`keyFile`): with them a tenant could send Prometheus's own service account
 *   token to a target of their choice. (The Prometheus object's `arbitraryFSAccessThroughSMs` would
 *   also reject the platform's kubelet and API server monitors, which need exactly those files.)
 * - neither kind may pick a `scrapeClass`: a class the platform defines may carry its own TLS files.
 *
 * Updates that leave `spec` alone (labels, finalizers, the garbage collector's) are not checked,
 * so a monitor stored before the policy can still be labelled and deleted.
 */
export class TenantScrapePolicy extends Construct {
  public static readonly NAME = "tenant-scrape-limits";
  public static readonly FILE_ACCESS_EXPRESSION =
    "!has(object.spec.endpoints) || object.spec.endpoints.all(e, !has(e.bearerTokenFile) && " +
    "!(has(e.tlsConfig) && (has(e.tlsConfig.caFile) || has(e.tlsConfig.certFile) || has(e.tlsConfig.keyFile))))";

  public readonly objects: KubernetesObjects;

  constructor(scope: Construct, id: string, props: TenantScrapePolicyProps) {
    super(scope, id);
    requireProps(this, props, ["maxSampleLimit", "maxTargetLimit", "exemptNamespaces"]);
    for (const field of ["maxSampleLimit", "maxTargetLimit"] as const) checkWholeNumber(this, field, props[field], 1);
    // The binding's NotIn needs at least one value: the API server rejects an empty list.
    if (props.exemptNamespaces.length === 0) throw propsError(this, "exemptNamespaces must name at least one namespace (the platform's, whose monitors are not checked), got none");
    props.exemptNamespaces.forEach((namespace, index) => {
      if (!isDnsLabel(namespace)) throw propsError(this, `exemptNamespaces[${index}] must be a namespace name (a DNS label), got "${namespace}"`);
    });
    const limits = [
      {
        expression: `has(object.spec.sampleLimit) && object.spec.sampleLimit >= 1 && object.spec.sampleLimit <= ${props.maxSampleLimit}`,
        message: `spec.sampleLimit must be set, from 1 to ${props.maxSampleLimit}: a scrape that returns more samples is dropped, so one monitor cannot flood the cohort's Prometheus`,
        reason: "Invalid",
      },
      {
        expression: `has(object.spec.targetLimit) && object.spec.targetLimit >= 1 && object.spec.targetLimit <= ${props.maxTargetLimit}`,
        message: `spec.targetLimit must be set, from 1 to ${props.maxTargetLimit}`,
        reason: "Invalid",
      },
    ];
    const fileAccess = {
      expression: TenantScrapePolicy.FILE_ACCESS_EXPRESSION,
      message: "endpoints may not read files in the Prometheus pod (bearerTokenFile, tlsConfig caFile/certFile/keyFile): use bearerTokenSecret or authorization and tlsConfig secrets of your namespace",
      reason: "Forbidden",
    };
    const noScrapeClass = {
      expression: "!has(object.spec.scrapeClass)",
      message: "spec.scrapeClass may not be set: scrape classes are the platform's",
      reason: "Forbidden",
    };
    const namespaceSelector = { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: [...props.exemptNamespaces] }] };
    // One policy per kind, so each expression is type-checked against that kind's schema.
    const policy = (resource: string, validations: readonly object[]): KubernetesObject[] => {
      const name = `${TenantScrapePolicy.NAME}-${resource}`;
      return [
        {
          apiVersion: "admissionregistration.k8s.io/v1",
          kind: "ValidatingAdmissionPolicy",
          metadata: { name },
          spec: {
            failurePolicy: "Fail",
            matchConstraints: { resourceRules: [{ apiGroups: [MONITORING_GROUP], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: [resource] }] },
            matchConditions: [{ name: "spec-written", expression: "request.operation != 'UPDATE' || object.spec != oldObject.spec" }],
            validations,
          },
        },
        { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", metadata: { name }, spec: { policyName: name, validationActions: ["Deny"], matchResources: { namespaceSelector } } },
      ];
    };
    this.objects = new KubernetesObjects(this, "policy", {
      releaseName: TenantScrapePolicy.NAME,
      namespace: props.releaseNamespace ?? "kube-system",
      dependsOn: props.dependsOn,
      objects: [...policy("servicemonitors", [...limits, fileAccess, noScrapeClass]), ...policy("podmonitors", [...limits, noScrapeClass])],
    });
  }
}
