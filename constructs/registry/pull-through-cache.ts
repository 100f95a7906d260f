import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { EcrRepositoryCreationTemplate } from "@cdktf/provider-aws/lib/ecr-repository-creation-template";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { AwsNameLimit, fitName } from "../core/resource-name";
import { checkWholeNumber, propsError, requireProps } from "../core/validation";
import { ContainerRegistry, type RoleGrantee } from "./container-registry";

/**
 * Public registries ECR can cache without credentials. Docker Hub (and GHCR, GitLab, Azure) is
 * deliberately absent: ECR requires credentials in Secrets Manager for it, even for public images.
 */
export type PullThroughUpstream = "ecr-public" | "registry-k8s-io" | "quay";

export interface PullThroughCacheProps {
  /** Starts every cache prefix, e.g. the cohort name `devops-2026`: lowercase letters, digits and `._-`. */
  readonly prefix: string;
  /**
   * Which public registries to cache: `ecr-public` (public.ecr.aws), `registry-k8s-io`
   * (registry.k8s.io) and `quay` (quay.io).
   * @default PullThroughCache.UPSTREAMS (all three)
   */
  readonly upstreams?: readonly PullThroughUpstream[];
  /**
   * Tagged images each cached repository keeps (the most recently pulled in); older ones expire.
   * ECR creates cached repositories on the first pull, so a repository creation template gives
   * them this lifecycle policy.
   * @default ContainerRegistry.DEFAULT_KEEP_TAGGED_IMAGES (20)
   */
  readonly keepTaggedImages?: number;
  /** Untagged cached images expire this many days after they arrived. @default ContainerRegistry.DEFAULT_UNTAGGED_EXPIRY_DAYS (3) */
  readonly untaggedExpiryDays?: number;
}

interface UpstreamRegistry {
  readonly url: string;
  /** Appended to the prefix: `<prefix>-<suffix>`. */
  readonly suffix: string;
}

const UPSTREAM_REGISTRIES: Readonly<Record<PullThroughUpstream, UpstreamRegistry>> = {
  "ecr-public": { url: "public.ecr.aws", suffix: "ecr-public" },
  "registry-k8s-io": { url: "registry.k8s.io", suffix: "k8s" },
  quay: { url: "quay.io", suffix: "quay" },
};

/** ECR's limit for `ecr_repository_prefix`. */
const MAX_PREFIX_LENGTH = 30;
const PREFIX = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * ECR pull-through cache rules for public registries, so clusters pull `registry.k8s.io`, Quay
 * and ECR Public images from the account's own registry (no upstream rate limits, no NAT traffic
 * after the first pull, images survive an upstream outage).
 *
 * Pull `<upstream>/<image>` as `<account>.dkr.ecr.<region>.amazonaws.com/<cache prefix>/<image>`
 * ({@link imageUri}), e.g. `registry.k8s.io/pause:3.10` as `…/devops-2026-k8s/pause:3.10`. ECR creates
 * the cached repository on the first pull, which needs `ecr:CreateRepository` and
 * `ecr:BatchImportUpstreamImage`: use {@link grantPull}, not only a read-only registry policy.
 */
export class PullThroughCache extends Construct {
  public static readonly UPSTREAMS: readonly PullThroughUpstream[] = ["ecr-public", "registry-k8s-io", "quay"];

  /** The cache prefix (`ecr_repository_prefix`) of each configured upstream. */
  public readonly repositoryPrefixes: Readonly<Partial<Record<PullThroughUpstream, string>>>;
  /** `<account>.dkr.ecr.<region>.<dns suffix>`, the registry host. */
  public readonly registryUrl: string;
  private readonly prefix: string;
  private readonly partition: DataAwsPartition;
  private readonly region: DataAwsRegion;
  private readonly account: DataAwsCallerIdentity;

  constructor(scope: Construct, id: string, props: PullThroughCacheProps) {
    super(scope, id);
    requireProps(this, props, ["prefix"]);
    if (Token.isUnresolved(props.prefix) || !PREFIX.test(props.prefix)) {
      throw propsError(this, `prefix must be a literal of lowercase letters and digits, parts separated by one of "._-" (e.g. "devops-2026"), got "${props.prefix}"`);
    }
    this.prefix = props.prefix;
    const upstreams = props.upstreams ?? PullThroughCache.UPSTREAMS;
    const unknown = upstreams.filter((upstream) => !PullThroughCache.UPSTREAMS.includes(upstream));
    if (upstreams.length === 0 || unknown.length > 0 || new Set(upstreams).size !== upstreams.length) {
      throw propsError(this, `upstreams must list some of "ecr-public", "registry-k8s-io", "quay", each once, got [${upstreams.map((u) => `"${u}"`).join(", ")}]`);
    }

    const keepTagged = props.keepTaggedImages ?? ContainerRegistry.DEFAULT_KEEP_TAGGED_IMAGES;
    const untaggedDays = props.untaggedExpiryDays ?? ContainerRegistry.DEFAULT_UNTAGGED_EXPIRY_DAYS;
    checkWholeNumber(this, "keepTaggedImages", keepTagged, 1, 1000);
    checkWholeNumber(this, "untaggedExpiryDays", untaggedDays, 1, 3650);

    const prefixes: Partial<Record<PullThroughUpstream, string>> = {};
    for (const upstream of upstreams) {
      const registry = UPSTREAM_REGISTRIES[upstream];
      const prefix = fitName(`${props.prefix}-${registry.suffix}`, MAX_PREFIX_LENGTH);
      new EcrPullThroughCacheRule(this, upstream, { ecrRepositoryPrefix: prefix, upstreamRegistryUrl: registry.url });
      // The repositories a first pull creates get their settings from a template for the same prefix.
      new EcrRepositoryCreationTemplate(this, `${upstream}-template`, {
        prefix,
        appliedFor: ["PULL_THROUGH_CACHE"],
        description: `Repositories the ${registry.url} pull-through cache creates`,
        imageTagMutability: "MUTABLE",
        encryptionConfiguration: [{ encryptionType: "AES256" }],
        lifecyclePolicy: JSON.stringify({ rules: ContainerRegistry.lifecycleRules(keepTagged, untaggedDays) }),
      });
      prefixes[upstream] = prefix;
    }
    this.repositoryPrefixes = prefixes;

    this.partition = new DataAwsPartition(this, "partition");
    this.region = new DataAwsRegion(this, "region");
    this.account = new DataAwsCallerIdentity(this, "account");
    this.registryUrl = `${this.account.accountId}.dkr.ecr.${this.region.region}.${this.partition.dnsSuffix}`;
  }

  /** `<registryUrl>/<cache prefix>`: put an upstream image path after it. */
  public pullUrlPrefix(upstream: PullThroughUpstream): string {
    return `${this.registryUrl}/${this.prefixOf(upstream)}`;
  }

  /** The cached URI of an upstream image, e.g. `imageUri("registry-k8s-io", "pause:3.10")`. */
  public imageUri(upstream: PullThroughUpstream, image: string): string {
    return `${this.pullUrlPrefix(upstream)}/${image}`;
  }

  /**
   * Lets `grantee` pull through every configured cache: read the cached repositories, and create
   * and fill them on a first pull. Scoped to repositories under the cache prefixes.
   * @param id the construct id of the grant and part of the policy name; pass a different one for
   * a second role. Letters, digits and `_+=,.@-`.
   * @default id "pull"
   */
  public grantPull(grantee: RoleGrantee, id = "pull"): void {
    if (!/^[\w+=,.@-]+$/.test(id)) {
      throw propsError(this, `grant id must be letters, digits and _+=,.@- (it names the IAM policy), got "${id}"`);
    }
    const cachedRepositories = Object.values(this.repositoryPrefixes).map(
      (prefix) => `arn:${this.partition.partition}:ecr:${this.region.region}:${this.account.accountId}:repository/${prefix}/*`,
    );
    const document = new DataAwsIamPolicyDocument(this, `${id}-policy-document`, {
      statement: [
        {
          sid: "PullThroughCache",
          effect: "Allow",
          actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
          resources: cachedRepositories,
        },
        // ecr:GetAuthorizationToken (docker login) has no resource-level permissions: "*" is the only resource.
        { sid: "GetAuthorizationToken", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      ],
    });
    new IamRolePolicy(this, `${id}-policy`, {
      role: grantee.roleName,
      name: fitName(`ecr-${id}-${this.prefix}-cache`, AwsNameLimit.IAM_POLICY),
      policy: document.json,
    });
  }

  private prefixOf(upstream: PullThroughUpstream): string {
    const prefix = this.repositoryPrefixes[upstream];
    if (prefix === undefined) {
      throw propsError(this, `upstream "${upstream}" has no cache rule here; configured: ${Object.keys(this.repositoryPrefixes).join(", ")}`);
    }
    return prefix;
  }
}
