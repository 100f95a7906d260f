import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ServiceRole, type PolicyStatement } from "../core/iam";
import { AwsNameLimit } from "../core/resource-name";
import { propsError } from "../core/validation";

export interface PodIdentityRoleProps {
  /** The EKS cluster whose pods get the role (its name, or `EksCluster.clusterName`). */
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
    this.checkRoleName(props.roleName);
    this.checkNamespace(props.namespace);
    this.checkServiceAccount(props.serviceAccount);

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
    // ServiceRole keeps its inline policy as the child "policy" and exposes only the attachments.
    const inline = this.role.node.tryFindChild("policy") as IamRolePolicy | undefined;
    const permissions = [...(inline ? [inline] : []), ...this.role.policyAttachments];
    return permissions.length > 0 ? permissions : undefined;
  }

  private checkRoleName(name: string): void {
    if (Token.isUnresolved(name)) return;
    if (name.length === 0 || name.length > AwsNameLimit.IAM_ROLE || !/^[\w+=,.@-]+$/.test(name)) {
      throw propsError(this, `roleName must be 1..64 characters of letters, digits and +=,.@_- (build it with fitName), got "${name}"`);
    }
  }

  private checkNamespace(namespace: string): void {
    if (Token.isUnresolved(namespace)) return;
    if (!isDnsLabel(namespace)) {
      throw propsError(this, `namespace must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "${namespace}"`);
    }
  }

  private checkServiceAccount(name: string): void {
    if (Token.isUnresolved(name)) return;
    if (name.length > 253 || !name.split(".").every(isDnsLabel)) {
      throw propsError(
        this,
        `serviceAccount must be a DNS subdomain: 1..253 lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, got "${name}"`,
      );
    }
  }
}

/** A DNS-1123 label, what Kubernetes requires of namespace names. */
function isDnsLabel(text: string): boolean {
  return /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(text);
}
