import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { propsError, requireProps } from "../core/validation";

export interface StateBucketProps {
  /** The bucket name (globally unique). */
  readonly bucketName: string;
  /**
   * Days an overwritten or deleted state version is kept before it expires; the way back from a
   * bad apply.
   * @default StateBucket.DEFAULT_NONCURRENT_VERSION_DAYS (90)
   */
  readonly noncurrentVersionDays?: number;
  /**
   * A KMS key to encrypt state with. State holds secrets (generated passwords), so it is always
   * encrypted; this picks the key.
   * @default - SSE-S3 (AES-256 with keys S3 manages; no KMS request charges)
   */
  readonly kmsKeyArn?: string;
}

/**
 * The S3 bucket that holds Terraform state, hardened so that state cannot be lost or read by
 * accident: versioning, encryption, public access blocked, object ownership enforced, a
 * TLS-only bucket policy, old versions expiring after a while, and `prevent_destroy`.
 * Locking uses S3-native lock files (`use_lockfile`), so no DynamoDB table is needed.
 */
export class StateBucket extends Construct {
  public static readonly DEFAULT_NONCURRENT_VERSION_DAYS = 90;

  public readonly bucketName: string;
  public readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    requireProps(this, props, ["bucketName"]);
    const noncurrentVersionDays = props.noncurrentVersionDays ?? StateBucket.DEFAULT_NONCURRENT_VERSION_DAYS;
    if (!Token.isUnresolved(noncurrentVersionDays) && (!Number.isInteger(noncurrentVersionDays) || noncurrentVersionDays < 1)) {
      throw propsError(this, `noncurrentVersionDays must be a whole number of days, at least 1, got ${noncurrentVersionDays}`);
    }

    const bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      // Emptying the bucket on destroy would delete every stack's state: never.
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;

    new S3BucketVersioningA(this, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: props.kmsKeyArn ? true : undefined,
        },
      ],
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: noncurrentVersionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    const tlsOnly = new DataAwsIamPolicyDocument(this, "tls-only", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          actions: ["s3:*"],
          principals: [{ type: "*", identifiers: ["*"] }],
          resources: [bucket.arn, `${bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new S3BucketPolicy(this, "policy", {
      bucket: bucket.id,
      policy: tlsOnly.json,
      // S3 rejects a policy put while the public access block is being changed.
      dependsOn: [publicAccessBlock],
    });
  }
}
