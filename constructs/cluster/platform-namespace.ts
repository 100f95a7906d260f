import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { Construct } from "constructs";
import type { PodSecurityLevel } from "../cohort/student-tenancy";


/**
 * A namespace for a platform component, with the Pod Security level its pods need enforced and
 * `restricted` warned and audited, so `kubectl` and the audit log say what would not pass.
 */
export function platformNamespace(scope: Construct, id: string, name: string, enforce: PodSecurityLevel, partOf?: string): NamespaceV1 {
  return new NamespaceV1(scope, id, {
    metadata: {
      name,
      labels: {
        "pod-security.kubernetes.io/enforce": enforce,
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
        ...(partOf ? { "app.kubernetes.io/part-of": partOf } : {}),
      },
    },
  });
}
