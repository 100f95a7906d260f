import { createHash } from "crypto";

/**
 * Name length limits of the AWS services the platform names things in. Names longer than the
 * limit are shortened by {@link fitName}, never truncated into a collision.
 */
export const AwsNameLimit = {
  IAM_ROLE: 64,
  IAM_POLICY: 128,
  EKS_CLUSTER: 100,
  EKS_NODE_GROUP: 63,
  LOG_GROUP: 512,
  S3_BUCKET: 63,
  ECR_REPOSITORY: 256,
  SNS_TOPIC: 256,
  EVENTBRIDGE_RULE: 64,
  SCHEDULER_SCHEDULE: 64,
  LOAD_BALANCER: 32,
  /** The `Name` tag (and most other tag values). */
  TAG_VALUE: 256,
} as const;

const HASH_LENGTH = 8;

/**
 * Returns `name` when it fits in `maxLength`; otherwise keeps as much of its start as fits and
 * appends `-` and the first 8 hex digits of the SHA-256 of the whole name. Deterministic (the same
 * input always gives the same output) and two long names that share a prefix still differ.
 */
export function fitName(name: string, maxLength: number): string {
  if (maxLength < HASH_LENGTH + 2) {
    throw new RangeError(`fitName: maxLength must be at least ${HASH_LENGTH + 2}, got ${maxLength}`);
  }
  if (name.length <= maxLength) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, HASH_LENGTH);
  const head = name.slice(0, maxLength - HASH_LENGTH - 1).replace(/[-_./]+$/, "");
  return `${head}-${hash}`;
}

/** Options for {@link ResourceNames.name}. */
export interface NameOptions {
  /** The student the resource belongs to; appended last. @default - a cohort-wide resource */
  readonly student?: string;
  /** The service's name length limit, from {@link AwsNameLimit}. */
  readonly maxLength: number;
  /** Joins the parts. @default "-" */
  readonly separator?: string;
}

/**
 * The one place AWS resource names come from: `<prefix>-<purpose>[-<student>]`, shortened with
 * {@link fitName} to the service's limit.
 */
export class ResourceNames {
  constructor(public readonly prefix: string) {
    if (prefix.length === 0) throw new RangeError("ResourceNames: prefix must not be empty");
  }

  name(purpose: string, options: NameOptions): string {
    const separator = options.separator ?? "-";
    const parts = [this.prefix, purpose, options.student].filter((part): part is string => !!part);
    return fitName(parts.join(separator), options.maxLength);
  }
}
