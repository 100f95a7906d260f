import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { StateBucket, type StateBucketProps } from "../constructs/state/state-bucket";
import { awsTestStack, blocksOf, synthStack } from "./helpers";

function synthBucket(props: Partial<StateBucketProps> = {}) {
  const stack = awsTestStack();
  new StateBucket(stack, "state", { bucketName: "cohort-tfstate", ...props });
  return synthStack(stack);
}

describe("StateBucket", () => {
  test("the bucket cannot be destroyed by Terraform and is never emptied on destroy", () => {
    const { text } = synthBucket();
    expect(text).toHaveResourceWithProperties(S3Bucket, { bucket: "cohort-tfstate", force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  test("versioning is on, so an overwritten state can be recovered", () => {
    expect(synthBucket().text).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
  });

  test("all public access is blocked and object ownership is enforced", () => {
    const { text, json } = synthBucket();
    expect(text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(blocksOf(json, "aws_s3_bucket_ownership_controls")[0].rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  test("state is encrypted with SSE-S3 by default, or with a given KMS key", () => {
    const [byDefault] = blocksOf(synthBucket().json, "aws_s3_bucket_server_side_encryption_configuration");
    expect(byDefault.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    const [withKms] = blocksOf(synthBucket({ kmsKeyArn: "arn:aws:kms:ap-northeast-2:123456789012:key/abc" }).json, "aws_s3_bucket_server_side_encryption_configuration");
    expect(withKms.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:ap-northeast-2:123456789012:key/abc" }, bucket_key_enabled: true },
    ]);
  });

  test("the bucket policy denies every request that is not TLS", () => {
    const { json } = synthBucket();
    const [document] = blocksOf(json, "aws_iam_policy_document", "data");
    expect(document.statement).toEqual([
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["s3:*"],
        principals: [{ type: "*", identifiers: ["*"] }],
        resources: [expect.stringMatching(/aws_s3_bucket\.\w+\.arn\}$/), expect.stringMatching(/aws_s3_bucket\.\w+\.arn\}\/\*$/)],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
    const [policy] = blocksOf(json, "aws_s3_bucket_policy");
    expect(policy.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.[\w-]+\.json\}$/);
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]);
  });

  test("noncurrent state versions expire after the configured days; unfinished uploads are cleaned up", () => {
    const [lifecycle] = blocksOf(synthBucket().json, "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.rule).toEqual([
      {
        id: "expire-old-state-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrent_version_expiration: [{ noncurrent_days: StateBucket.DEFAULT_NONCURRENT_VERSION_DAYS }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
    const [custom] = blocksOf(synthBucket({ noncurrentVersionDays: 30 }).json, "aws_s3_bucket_lifecycle_configuration");
    expect(custom.rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  test("rejects a retention of zero days", () => {
    expect(() => synthBucket({ noncurrentVersionDays: 0 })).toThrow("StateBucket test/state: noncurrentVersionDays must be a whole number of days, at least 1, got 0");
  });
});
