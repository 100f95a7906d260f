import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { attachPolicy, policyDocument, type IamPrincipal } from "../core/iam";
import { AwsNameLimit } from "../core/resource-name";
import { checkLogRetention, propsError, requireProps } from "../core/validation";

export interface TenantLogGroupProps {
  /** The log group's name, e.g. `/eks/devops-2026-eks/namespaces/minsu-kim`. */
  readonly logGroupName: string;
  /** One of the periods CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, ...). */
  readonly retentionInDays: number;
  /** A KMS key CloudWatch Logs may use (its key policy must allow `logs.<region>.amazonaws.com`). @default - encrypted with a key AWS owns */
  readonly kmsKeyArn?: string;
  /** The name of the managed policy {@link grantRead} attaches. @default - grantRead cannot be used */
  readonly readPolicyName?: string;
}

/**
 * A CloudWatch Logs group for one tenant, with retention, and a managed policy that lets its
 * readers search it and nothing else: filter, read and query their own group's events (query
 * results too: AWS authorizes `GetQueryResults` and `GetLogRecord` on the queried group), and
 * follow them (`aws logs tail --follow` polls `FilterLogEvents`; the console's Live Tail). Some
 * calls AWS authorizes only on `*`: `DescribeLogGroups` (names, no events), `StopQuery` and
 * `StopLiveTail` (by id).
 */
export class TenantLogGroup extends Construct {
  /** The read actions that take the log group as their resource. */
  public static readonly READ_ACTIONS: readonly string[] = [
    "logs:FilterLogEvents",
    "logs:GetLogEvents",
    "logs:DescribeLogStreams",
    "logs:GetLogGroupFields",
    "logs:StartQuery",
    "logs:GetQueryResults",
    "logs:GetLogRecord",
    "logs:StartLiveTail",
  ];
  /** The calls the console and CLI need that AWS authorizes only on `*` (Service Authorization Reference, CloudWatch Logs). */
  public static readonly ACCOUNT_WIDE_READ_ACTIONS: readonly string[] = ["logs:DescribeLogGroups", "logs:StopQuery", "logs:StopLiveTail"];

  public readonly logGroup: CloudwatchLogGroup;
  public readonly logGroupName: string;
  /** The group's ARN, without the `:*` suffix. */
  public readonly logGroupArn: string;
  private readonly readPolicyName?: string;
  private readPolicy?: IamPolicy;

  constructor(scope: Construct, id: string, props: TenantLogGroupProps) {
    super(scope, id);
    requireProps(this, props, ["logGroupName", "retentionInDays"]);
    if (!Token.isUnresolved(props.logGroupName) && !/^[\w\-./#]{1,512}$/.test(props.logGroupName)) {
      throw propsError(this, `logGroupName must be 1-${AwsNameLimit.LOG_GROUP} letters, digits, '_', '-', '/', '.' or '#', got "${props.logGroupName}"`);
    }
    checkLogRetention(this, "retentionInDays", props.retentionInDays);
    this.logGroup = new CloudwatchLogGroup(this, "log-group", { name: props.logGroupName, retentionInDays: props.retentionInDays, kmsKeyId: props.kmsKeyArn });
    this.logGroupName = props.logGroupName;
    this.logGroupArn = this.logGroup.arn;
    this.readPolicyName = props.readPolicyName;
  }

  /**
   * Attaches the read policy to an IAM user or role of `deployingAccountId` (attachments go by
   * name, see {@link attachPolicy}). The policy is created on first use.
   */
  public grantRead(id: string, principal: IamPrincipal, deployingAccountId: string): void {
    if (this.readPolicyName === undefined) throw propsError(this, "readPolicyName must be set to grant reading");
    this.readPolicy ??= new IamPolicy(this, "read-policy", {
      name: this.readPolicyName,
      description: `Read the log group ${this.logGroupName}`,
      policy: policyDocument(this, "read-policy-document", [
        { sid: "ReadThisLogGroup", actions: TenantLogGroup.READ_ACTIONS, resources: [this.logGroupArn, `${this.logGroupArn}:*`] },
        { sid: "ListGroupsAndStopOwnSessions", actions: TenantLogGroup.ACCOUNT_WIDE_READ_ACTIONS, resources: ["*"] },
      ]).json,
    });
    attachPolicy(this, id, principal, this.readPolicy.arn, deployingAccountId);
  }
}
