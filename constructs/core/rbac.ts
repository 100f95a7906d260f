import { createHash } from "crypto";
import { Token } from "cdktf";
import type { Construct } from "constructs";
import { RESERVED_IDENTITY_PREFIX } from "./kubernetes-names";
import { fitName } from "./resource-name";
import { propsError } from "./validation";

/** The API group of Roles, ClusterRoles and their bindings. */
export const RBAC_API_GROUP = "rbac.authorization.k8s.io";

/** A RoleBinding's name: a DNS subdomain, kept to a label's 63 characters. */
export const MAX_BINDING_NAME_LENGTH = 63;

/** Who a grant is for: a Kubernetes group (what EKS access entries map IAM principals to) or user. */
export interface KubernetesSubject {
  readonly kind: "Group" | "User";
  /** The group or user name, known at synth time (the binding's name is derived from it). */
  readonly name: string;
}

/**
 * The name of the binding of `subject` to the role named `roleName`: readable, stable, and distinct
 * for distinct subjects (a hash is added when lower-casing or replacing characters changed the name).
 */
export function subjectBindingName(roleName: string, subject: KubernetesSubject): string {
  const readable = subject.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  const parts = [roleName, subject.kind.toLowerCase(), readable];
  if (readable !== subject.name) parts.push(createHash("sha256").update(`${subject.kind}:${subject.name}`).digest("hex").slice(0, 8));
  return fitName(parts.filter((part) => part.length > 0).join("-"), MAX_BINDING_NAME_LENGTH);
}

/** Throws unless `subject` is a Group or User with a synth-time name that is not empty nor a built-in `system:` identity. */
export function checkSubject(scope: Construct, field: string, subject: KubernetesSubject): void {
  if (subject.kind !== "Group" && subject.kind !== "User") throw propsError(scope, `${field}.kind must be "Group" or "User", got "${subject.kind}"`);
  if (Token.isUnresolved(subject.name)) throw propsError(scope, `${field}.name must be known at synth time (the binding's name is derived from it), got a token`);
  if (subject.name.trim().length === 0 || subject.name.startsWith(RESERVED_IDENTITY_PREFIX)) {
    throw propsError(scope, `${field}.name must be a group or user name that is not empty and not a built-in "system:" identity, got "${subject.name}"`);
  }
}
