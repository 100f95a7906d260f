import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { isDnsSubdomain, RESERVED_IDENTITY_PREFIX } from "../core/kubernetes-names";
import { propsError, requireProps } from "../core/validation";
import type { RbacRule } from "./student-tenancy";

export interface ClusterViewerRoleProps {
  /** The ClusterRole's and ClusterRoleBinding's name. @default ClusterViewerRole.DEFAULT_NAME ("cohort-cluster-viewer") */
  readonly name?: string;
  /** The Kubernetes groups that may read the cluster-wide resources (what EKS access entries map people to). At least one. */
  readonly groups: readonly string[];
}

/**
 * Read-only access to the few cluster-wide resources a class looks at together: nodes, namespaces,
 * storage classes and ingress classes (`kubectl get nodes` works in class). Created once per
 * cluster and bound to every student's group; what they may do inside namespaces comes from
 * `StudentTenancy` grants. Nothing here writes, and nothing reads Secrets or workloads cluster-wide.
 */
export class ClusterViewerRole extends Construct {
  public static readonly DEFAULT_NAME = "cohort-cluster-viewer";
  public static readonly RULES: readonly RbacRule[] = [
    { apiGroups: [""], resources: ["nodes", "namespaces"], verbs: ["get", "list", "watch"] },
    { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"] },
    { apiGroups: ["networking.k8s.io"], resources: ["ingressclasses"], verbs: ["get", "list", "watch"] },
  ];

  public readonly clusterRole: ClusterRoleV1;
  public readonly binding: ClusterRoleBindingV1;
  /** The ClusterRole's name, read from the resource. */
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: ClusterViewerRoleProps) {
    super(scope, id);
    requireProps(this, props, ["groups"]);
    const name = props.name ?? ClusterViewerRole.DEFAULT_NAME;
    this.checkName(name);
    this.checkGroups(props.groups);

    this.clusterRole = new ClusterRoleV1(this, "role", {
      metadata: { name },
      rule: ClusterViewerRole.RULES.map((rule) => ({ apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] })),
    });
    this.roleName = this.clusterRole.metadata.name;
    this.binding = new ClusterRoleBindingV1(this, "binding", {
      metadata: { name },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: this.roleName },
      subject: props.groups.map((group) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group })),
    });
  }

  private checkName(name: string): void {
    if (Token.isUnresolved(name)) return;
    if (!isDnsSubdomain(name)) {
      throw propsError(this, `name must be a Kubernetes object name: up to 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, got "${name}"`);
    }
  }

  private checkGroups(groups: readonly string[]): void {
    if (Token.isUnresolved(groups)) return;
    if (groups.length === 0) throw propsError(this, "groups must list at least one Kubernetes group, got []");
    const seen = new Set<string>();
    for (const group of groups) {
      if (Token.isUnresolved(group)) continue;
      if (group.trim().length === 0 || group.startsWith(RESERVED_IDENTITY_PREFIX)) {
        throw propsError(this, `groups must be group names that are not empty and not a built-in "system:" group, got "${group}"`);
      }
      if (seen.has(group)) throw propsError(this, `groups must not list a group twice, got "${group}" twice`);
      seen.add(group);
    }
  }
}
