import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { KubernetesObjects } from "../cluster/kubernetes-objects";
import { isDnsLabel } from "../core/kubernetes-names";
import { propsError } from "../core/validation";

export interface DenyServiceExternalIpsProps {
  /**
   * Namespaces where Services may still set `externalIPs` (the platform's own).
   * @default DenyServiceExternalIps.DEFAULT_EXEMPT_NAMESPACES (kube-system)
   */
  readonly exemptNamespaces?: readonly string[];
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A ValidatingAdmissionPolicy (built-in `admissionregistration.k8s.io/v1`, no webhook to run) that
 * refuses Services with `spec.externalIPs` outside the exempt namespaces: against CVE-2020-8554, where
 * anyone who may create a Service can capture the cluster's traffic to any IP and port. Upstream's
 * remedy, the DenyServiceExternalIPs admission plugin, is not enabled on EKS.
 */
export class DenyServiceExternalIps extends Construct {
  public static readonly NAME = "deny-service-external-ips";
  public static readonly DEFAULT_EXEMPT_NAMESPACES: readonly string[] = ["kube-system"];
  public static readonly EXPRESSION = "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0";

  public readonly objects: KubernetesObjects;

  constructor(scope: Construct, id: string, props: DenyServiceExternalIpsProps = {}) {
    super(scope, id);
    const exempt = props.exemptNamespaces ?? DenyServiceExternalIps.DEFAULT_EXEMPT_NAMESPACES;
    exempt.forEach((namespace, index) => {
      if (!isDnsLabel(namespace)) throw propsError(this, `exemptNamespaces[${index}] must be a namespace name (a DNS label), got "${namespace}"`);
    });
    const name = DenyServiceExternalIps.NAME;
    this.objects = new KubernetesObjects(this, "policy", {
      releaseName: name,
      namespace: "kube-system",
      dependsOn: props.dependsOn,
      objects: [
        {
          apiVersion: "admissionregistration.k8s.io/v1",
          kind: "ValidatingAdmissionPolicy",
          metadata: { name },
          spec: {
            failurePolicy: "Fail",
            matchConstraints: { resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["services"] }] },
            validations: [
              {
                expression: DenyServiceExternalIps.EXPRESSION,
                message: "spec.externalIPs is not allowed: it lets a Service capture traffic to any address (CVE-2020-8554); use a LoadBalancer or NodePort Service",
                reason: "Forbidden",
              },
            ],
          },
        },
        {
          apiVersion: "admissionregistration.k8s.io/v1",
          kind: "ValidatingAdmissionPolicyBinding",
          metadata: { name },
          spec: {
            policyName: name,
            validationActions: ["Deny"],
            matchResources:
              exempt.length > 0 ? { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: [...exempt] }] } } : {},
          },
        },
      ],
    });
  }
}
