import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatementCondition } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import { Op, Token } from "cdktf";
import { Construct } from "constructs";
import { propsError, requireProps } from "./validation";

/** One statement of a permissions policy: on `resources`, or on everything but `notResources`. */
export type PolicyStatement = PolicyStatementBase &
  ({ readonly resources: readonly string[]; readonly notResources?: undefined } | { readonly notResources: readonly string[]; readonly resources?: undefined });

interface PolicyStatementBase {
  /** @default - no statement id */
  readonly sid?: string;
  /** @default "Allow" */
  readonly effect?: "Allow" | "Deny";
  readonly actions: readonly string[];
  /** @default - unconditional */
  readonly conditions?: readonly DataAwsIamPolicyDocumentStatementCondition[];
  /** Only in resource policies (key, topic, bucket policies). @default - none (an identity policy) */
  readonly principals?: readonly { readonly type: "AWS" | "Service" | "Federated" | "*"; readonly identifiers: readonly string[] }[];
}

export interface ServiceRoleProps {
  /** The role name; build it with `ResourceNames`/`fitName` to stay within IAM's 64 characters. */
  readonly name: string;
  /** The service principal that may assume the role, e.g. `vpc-flow-logs.amazonaws.com`. */
  readonly servicePrincipal: string;
  /**
   * Conditions on the trust policy, e.g. `aws:SourceAccount` and `aws:SourceArn` against the
   * confused-deputy problem.
   * @default - none
   */
  readonly trustConditions?: readonly DataAwsIamPolicyDocumentStatementCondition[];
  /**
   * Actions the service principal may take on the role.
   * @default ["sts:AssumeRole"]
   */
  readonly trustActions?: readonly string[];
  /** The role's inline permissions, one policy. @default - none */
  readonly statements?: readonly PolicyStatement[];
  /**
   * Names of AWS managed policies to attach, e.g. `AmazonSSMManagedInstanceCore` (the ARN is built
   * for the current partition).
   * @default - none
   */
  readonly managedPolicies?: readonly string[];
  /**
   * The AWS partition for the managed policy ARNs, e.g. a construct's own `aws_partition` look-up,
   * so one construct tree reads the partition once.
   * @default - looked up with an `aws_partition` data source when `managedPolicies` are given
   */
  readonly partition?: string;
}

/** An `aws_iam_policy_document` of typed statements. */
export function policyDocument(scope: Construct, id: string, statements: readonly PolicyStatement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((statement) => ({
      sid: statement.sid,
      effect: statement.effect ?? "Allow",
      actions: [...statement.actions],
      resources: statement.resources ? [...statement.resources] : undefined,
      notResources: statement.notResources ? [...statement.notResources] : undefined,
      condition: statement.conditions ? [...statement.conditions] : undefined,
      principals: statement.principals?.map((principal) => ({ type: principal.type, identifiers: [...principal.identifiers] })),
    })),
  });
}

/**
 * An IAM role an AWS service assumes, with its trust and inline permissions written as policy
 * documents (never hand-written JSON strings).
 */
export class ServiceRole extends Construct {
  public readonly role: IamRole;
  public readonly roleArn: string;
  public readonly roleName: string;
  /** The inline permissions policy, when `statements` are given: resources that need the permissions depend on it. */
  public readonly policy?: IamRolePolicy;
  /**
   * The managed policy attachments, in `managedPolicies` order: resources that must not lose the
   * role's permissions before they are gone themselves (EKS node groups) depend on them.
   */
  public readonly policyAttachments: readonly IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    requireProps(this, props, ["name", "servicePrincipal"]);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          effect: "Allow",
          actions: [...(props.trustActions ?? ["sts:AssumeRole"])],
          principals: [{ type: "Service", identifiers: [props.servicePrincipal] }],
          condition: props.trustConditions ? [...props.trustConditions] : undefined,
        },
      ],
    });
    this.role = new IamRole(this, "role", { name: props.name, assumeRolePolicy: trust.json });
    if (props.statements && props.statements.length > 0) {
      const permissions = policyDocument(this, "permissions", props.statements);
      this.policy = new IamRolePolicy(this, "policy", { name: "permissions", role: this.role.id, policy: permissions.json });
    }
    const managedPolicies = props.managedPolicies ?? [];
    const partition = managedPolicies.length > 0 ? (props.partition ?? new DataAwsPartition(this, "partition").partition) : undefined;
    this.policyAttachments = managedPolicies.map(
      (policyName) =>
        new IamRolePolicyAttachment(this, `managed-${policyName}`, {
          role: this.role.name,
          policyArn: `arn:${partition}:iam::aws:policy/${policyName}`,
        }),
    );
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
  }
}

/** Throws unless `name` is an IAM role name: 1..64 characters of letters, digits and `+=,.@_-`; tokens pass. */
export function checkIamRoleName(construct: Construct, field: string, name: string): void {
  if (Token.isUnresolved(name) || /^[\w+=,.@-]{1,64}$/.test(name)) return;
  throw propsError(construct, `${field} must be 1..64 characters of letters, digits and +=,.@_- (build it with fitName), got "${name}"`);
}

/** An IAM user or role, by the name its policy attachment needs. */
export interface IamPrincipal {
  readonly kind: "user" | "role";
  /** The last segment of the ARN's resource (IAM names are unique whatever their path). */
  readonly name: string;
  readonly arn: string;
  /** The account in the ARN. */
  readonly accountId: string;
}

/** An IAM user or role ARN (path allowed): the principals EKS access entries and policy attachments take. */
export const IAM_PRINCIPAL_ARN_PATTERN = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):(user|role)\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** The path IAM Identity Center gives the roles of its permission sets; AWS lets nobody attach policies to them. */
export const IDENTITY_CENTER_ROLE_PATH = "aws-reserved/sso.amazonaws.com/";

/**
 * Whether the ARN is an IAM Identity Center (SSO) role: `role/aws-reserved/sso.amazonaws.com/...`,
 * or the same role written without its path (`role/AWSReservedSSO_<permission set>_<suffix>`).
 */
export function isIdentityCenterRole(arn: string): boolean {
  return arn.includes(`:role/${IDENTITY_CENTER_ROLE_PATH}`) || /:role\/AWSReservedSSO_/.test(arn);
}

/** Parses `arn:<partition>:iam::<account>:user|role/[<path>/]<name>`; throws a props error naming `field` otherwise. */
export function parsePrincipalArn(construct: Construct, field: string, arn: string): IamPrincipal {
  const match = Token.isUnresolved(arn) ? null : IAM_PRINCIPAL_ARN_PATTERN.exec(arn);
  if (!match) {
    throw propsError(construct, `${field} must be a literal IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>), got "${arn}"`);
  }
  return { accountId: match[1], kind: match[2] as IamPrincipal["kind"], name: match[3], arn };
}

/**
 * Attaches a managed policy to an IAM user or role by name. IAM attaches by name within the
 * deploying account, so a principal of another account would silently get a same-named local user
 * or role: a plan-time precondition compares the ARN's account with `deployingAccountId` (e.g.
 * `DataAwsCallerIdentity.accountId`). IAM Identity Center roles are refused: AWS rejects every
 * attachment to them (UnmodifiableEntity), so grant through the permission set instead.
 */
export function attachPolicy(scope: Construct, id: string, principal: IamPrincipal, policyArn: string, deployingAccountId: string): void {
  if (isIdentityCenterRole(principal.arn)) {
    throw propsError(
      scope,
      `cannot attach a policy to the IAM Identity Center role "${principal.arn}": AWS lets nobody change those roles (UnmodifiableEntity); register an IAM user or a role of the account instead, or grant the permissions in the permission set`,
    );
  }
  const lifecycle = {
    precondition: [
      {
        condition: Op.eq(deployingAccountId, principal.accountId),
        errorMessage: `${principal.arn} belongs to account ${principal.accountId}, not to the account being deployed: policies are attached by name, so it would land on a ${principal.kind} of the same name here. Use principals of the deploying account.`,
      },
    ],
  };
  if (principal.kind === "user") {
    new IamUserPolicyAttachment(scope, id, { user: principal.name, policyArn, lifecycle });
  } else {
    new IamRolePolicyAttachment(scope, id, { role: principal.name, policyArn, lifecycle });
  }
}
