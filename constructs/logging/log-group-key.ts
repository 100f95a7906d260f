import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { policyDocument } from "../core/iam";
import { checkWholeNumber, propsError, requireProps } from "../core/validation";

export interface LogGroupKeyProps {
  /** `alias/<aliasName>`, e.g. `devops-2026-logs`. */
  readonly aliasName: string;
  /** Only log groups whose names start with this may use the key, e.g. `/eks/devops-2026-eks/`. */
  readonly logGroupNamePrefix: string;
  /** 7 to 30 days, as KMS allows. @default 7 (the shortest) */
  readonly deletionWindowInDays?: number;
}

/**
 * A customer managed KMS key for CloudWatch Logs groups (about $1 a month plus requests). The key
 * policy lets the account's IAM policies manage it and lets CloudWatch Logs of this region use it
 * only for log groups under `logGroupNamePrefix` (the encryption context names the group), as the
 * CloudWatch Logs guide's "Encrypt log data using AWS KMS" key policy does. Readers of the groups
 * need no KMS permission: CloudWatch Logs decrypts for them. Removing the key schedules its
 * deletion: events stored while it encrypted the groups become unreadable once it is deleted.
 */
export class LogGroupKey extends Construct {
  public readonly key: KmsKey;
  public readonly keyArn: string;

  constructor(scope: Construct, id: string, props: LogGroupKeyProps) {
    super(scope, id);
    requireProps(this, props, ["aliasName", "logGroupNamePrefix"]);
    const deletionWindow = props.deletionWindowInDays ?? 7;
    checkWholeNumber(this, "deletionWindowInDays", deletionWindow, 7, 30); // KMS's pending-deletion range
    if (!/^[\w/-]{1,250}$/.test(props.aliasName) || props.aliasName.startsWith("aws/")) throw propsError(this, `aliasName must be letters, digits, '/', '_' or '-' and not start with aws/, got "${props.aliasName}"`);
    if (!props.logGroupNamePrefix.startsWith("/")) throw propsError(this, `logGroupNamePrefix must start with "/", got "${props.logGroupNamePrefix}"`);
    const account = new DataAwsCallerIdentity(this, "account");
    const partition = new DataAwsPartition(this, "partition");
    const region = new DataAwsRegion(this, "region");
    const policy = policyDocument(this, "policy", [
      {
        sid: "AccountAdministersKey",
        actions: ["kms:*"],
        principals: [{ type: "AWS", identifiers: [`arn:${partition.partition}:iam::${account.accountId}:root`] }],
        resources: ["*"],
      },
      {
        sid: "CloudWatchLogsUsesKeyForTheseGroups",
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        principals: [{ type: "Service", identifiers: [`logs.${region.region}.amazonaws.com`] }],
        resources: ["*"],
        conditions: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [`arn:${partition.partition}:logs:${region.region}:${account.accountId}:log-group:${props.logGroupNamePrefix}*`],
          },
        ],
      },
    ]);
    this.key = new KmsKey(this, "key", {
      description: `Encrypts the CloudWatch Logs groups under ${props.logGroupNamePrefix}`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      policy: policy.json,
    });
    new KmsAlias(this, "alias", { name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
  }
}
