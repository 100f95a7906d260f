import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { checkIamRoleName, ServiceRole, type PolicyStatement } from "../core/iam";
import { checkDnsLabel, checkDnsSubdomain } from "../core/kubernetes-names";
import { requireProps } from "../core/validation";

export interface PodIdentityRoleProps {
  /**
   * The EKS cluster whose pods get the role. In the cluster's own stack pass the resource's
   * `name` (`EksCluster.cluster.name`), a reference, so that the association waits for the cluster;
   * the literal `EksCluster.clusterName` carries no such dependency.
   */
  readonly clusterName: string;
  /** The Kubernetes namespace of the service account (a DNS label). */
  readonly namespace: string;
  /** The Kubernetes service account whose pods get the role's credentials (a DNS subdomain). */
  readonly serviceAccount: string;
  /** The IAM role name, at most 64 characters of letters, digits and `+=,.@_-` (build it with `fitName`). */
  readonly roleName: string;
  /** The role's inline permissions, as typed statements. @default - none */
  readonly statements?: readonly PolicyStatement[];
  /**
   * AWS managed policies to attach, by their name after `arn:<partition>:iam::aws:policy/`, path
   * included: `service-role/AmazonEBSCSIDriverPolicy`.
   * @default - none
   */
  readonly managedPolicies?: readonly string[];
  /**
   * Create the pod identity association (cluster, namespace, service account -> role). Turn it off
   * when an EKS add-on associates the role itself (`EksAddon` `podIdentityAssociations`): one
   * service account can have only one association.
   * @default true
   */
  readonly createAssociation?: boolean;
}

/**
 * An IAM role for the pods of one Kubernetes service account through EKS Pod Identity: the role
 * trusts `pods.eks.amazonaws.com` (`sts:AssumeRole` and `sts:TagSession`), and the pod identity
 * association hands its credentials to the pods of that service account.
 *
 * The trust policy also requires the session tags EKS Pod Identity sets on every assume-role
 * (`eks-cluster-name`, `kubernetes-namespace`, `kubernetes-service-account`), as the EKS user guide
 * recommends: without them any association in the account could point at this role.
 */
export class PodIdentityRole extends Construct {
  public static readonly SERVICE_PRINCIPAL = "pods.eks.amazonaws.com";
  public static readonly TRUST_ACTIONS: readonly string[] = ["sts:AssumeRole", "sts:TagSession"];

  public readonly role: ServiceRole;
  public readonly roleArn: string;
  public readonly roleName: string;
  /** The association, unless `createAssociation` is false. */
  public readonly association?: EksPodIdentityAssociation;
  /** The association's id, unless `createAssociation` is false. */
  public readonly associationId?: string;
  public readonly namespace: string;
  public readonly serviceAccount: string;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    requireProps(this, props, ["clusterName", "namespace", "serviceAccount", "roleName"]);
    checkIamRoleName(this, "roleName", props.roleName);
    checkDnsLabel(this, "namespace", props.namespace);
    checkDnsSubdomain(this, "serviceAccount", props.serviceAccount);

    this.role = new ServiceRole(this, "role", {
      name: props.roleName,
      servicePrincipal: PodIdentityRole.SERVICE_PRINCIPAL,
      trustActions: PodIdentityRole.TRUST_ACTIONS,
      trustConditions: [
        { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-name", values: [props.clusterName] },
        { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: [props.namespace] },
        { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: [props.serviceAccount] },
      ],
      statements: props.statements,
      managedPolicies: props.managedPolicies,
    });
    this.roleArn = this.role.roleArn;
    this.roleName = this.role.roleName;
    this.namespace = props.namespace;
    this.serviceAccount = props.serviceAccount;

    if (props.createAssociation ?? true) {
      this.association = new EksPodIdentityAssociation(this, "association", {
        clusterName: props.clusterName,
        namespace: props.namespace,
        serviceAccount: props.serviceAccount,
        roleArn: this.roleArn,
        // The trust policy matches on these session tags: they must stay on.
        disableSessionTags: false,
        // Credentials reach pods only once the role can do its job; on destroy the pods lose them
        // before the permissions go.
        dependsOn: this.permissions(),
      });
      this.associationId = this.association.associationId;
    }
  }

  /** The role's inline policy and managed policy attachments, if any. */
  private permissions(): ITerraformDependable[] | undefined {
    const permissions = [...(this.role.policy ? [this.role.policy] : []), ...this.role.policyAttachments];
    return permissions.length > 0 ? permissions : undefined;
  }
}
