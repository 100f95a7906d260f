import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { EksAccessEntry as EksAccessEntryResource } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { parsePrincipalArn } from "../core/iam";
import { isDnsLabel, RESERVED_IDENTITY_PREFIX } from "../core/kubernetes-names";
import { propsError, requireProps } from "../core/validation";

/** The EKS access policies that may be granted per namespace. */
export const NAMESPACED_ACCESS_POLICIES = ["AmazonEKSAdminPolicy", "AmazonEKSEditPolicy", "AmazonEKSViewPolicy"] as const;
export type NamespacedAccessPolicy = (typeof NAMESPACED_ACCESS_POLICIES)[number];

/** One EKS access policy granted in some namespaces only. */
export interface NamespacedPolicyGrant {
  readonly policy: NamespacedAccessPolicy;
  /** Namespace names, literal (no wildcards: `*` would reach every namespace). At least one. */
  readonly namespaces: readonly string[];
}

/** What {@link EksCluster.grantAccess} takes: never cluster scope. */
export interface AccessGrantOptions {
  /** An IAM user or role ARN (a path is allowed); one access entry per principal and cluster. */
  readonly principalArn: string;
  /**
   * Kubernetes groups the principal is a member of, for the cluster's own RBAC bindings. Names
   * starting with `system:` are reserved (EKS rejects them).
   * @default - none
   */
  readonly kubernetesGroups?: readonly string[];
  /**
   * EKS access policies, each scoped to the listed namespaces.
   * @default - none (the principal authenticates; RBAC on its groups or user name decides the rest)
   */
  readonly namespacedPolicies?: readonly NamespacedPolicyGrant[];
}

export interface EksAccessEntryProps extends AccessGrantOptions {
  /** The cluster's name; pass the cluster resource's `name` so the entry is created after it. */
  readonly clusterName: string;
  /**
   * The AWS partition, for the access policy ARNs.
   * @default - looked up with a `aws_partition` data source
   */
  readonly partition?: string;
}

/**
 * An EKS access entry (authentication mode API) for one IAM principal, with its Kubernetes groups
 * and namespace-scoped access policies. It never associates a policy with cluster scope: that is
 * only {@link EksCluster.grantClusterAdmin}'s business, so students' and CI roles' entries cannot
 * get it by mistake.
 */
export class EksAccessEntry extends Construct {
  public static readonly RESERVED_GROUP_PREFIX = RESERVED_IDENTITY_PREFIX;

  /** `arn:<partition>:eks::aws:cluster-access-policy/<name>`. */
  public static accessPolicyArn(partition: string, policyName: string): string {
    return `arn:${partition}:eks::aws:cluster-access-policy/${policyName}`;
  }

  public readonly accessEntry: EksAccessEntryResource;
  /** As given (validated when literal). */
  public readonly principalArn: string;
  public readonly partition: string;
  /** One per namespaced policy, in the order given. */
  public readonly policyAssociations: readonly EksAccessPolicyAssociation[];

  constructor(scope: Construct, id: string, props: EksAccessEntryProps) {
    super(scope, id);
    requireProps(this, props, ["clusterName", "principalArn"]);
    // A token (e.g. a role created in the same stack) cannot be checked; EKS checks it on apply.
    if (!Token.isUnresolved(props.principalArn)) parsePrincipalArn(this, "principalArn", props.principalArn);
    const groups = props.kubernetesGroups ?? [];
    groups.forEach((group) => this.checkGroup(group));
    const grants = props.namespacedPolicies ?? [];
    this.checkGrants(grants);

    this.principalArn = props.principalArn;
    this.partition = props.partition ?? new DataAwsPartition(this, "partition").partition;
    this.accessEntry = new EksAccessEntryResource(this, "entry", {
      clusterName: props.clusterName,
      principalArn: props.principalArn,
      type: "STANDARD",
      kubernetesGroups: groups.length > 0 ? [...groups] : undefined,
    });
    this.policyAssociations = grants.map(
      (grant) =>
        new EksAccessPolicyAssociation(this, grant.policy, {
          clusterName: this.accessEntry.clusterName,
          // The entry's attribute (not the literal) so the association waits for the entry.
          principalArn: this.accessEntry.principalArn,
          policyArn: EksAccessEntry.accessPolicyArn(this.partition, grant.policy),
          accessScope: { type: "namespace", namespaces: [...grant.namespaces] },
        }),
    );
  }

  private checkGroup(group: string): void {
    if (Token.isUnresolved(group)) return;
    if (group.trim().length === 0 || group.startsWith(EksAccessEntry.RESERVED_GROUP_PREFIX)) {
      throw propsError(this, `kubernetesGroups must be non-empty names that do not start with "system:" (EKS reserves those and rejects the entry), got "${group}"`);
    }
  }

  private checkGrants(grants: readonly NamespacedPolicyGrant[]): void {
    const seen = new Set<string>();
    grants.forEach((grant, index) => {
      const field = `namespacedPolicies[${index}]`;
      if (!(NAMESPACED_ACCESS_POLICIES as readonly string[]).includes(grant.policy)) {
        throw propsError(
          this,
          `${field}.policy must be one of ${NAMESPACED_ACCESS_POLICIES.join(", ")} (cluster scope only comes from EksCluster.grantClusterAdmin), got "${grant.policy}"`,
        );
      }
      if (seen.has(grant.policy)) {
        throw propsError(this, `namespacedPolicies must name each policy once (list all its namespaces together), got ${grant.policy} twice`);
      }
      seen.add(grant.policy);
      if (Token.isUnresolved(grant.namespaces)) return;
      if (grant.namespaces.length === 0) {
        throw propsError(this, `${field}.namespaces must list at least one namespace, got none`);
      }
      for (const namespace of grant.namespaces) {
        if (!Token.isUnresolved(namespace) && !isDnsLabel(namespace)) {
          throw propsError(
            this,
            `${field}.namespaces must be namespace names (lowercase DNS labels: 1..63 letters, digits and "-", no wildcards), got "${namespace}"`,
          );
        }
      }
    });
  }
}
