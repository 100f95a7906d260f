import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { attachPolicy, type IamPrincipal } from "../core/iam";
import { AwsNameLimit, fitName } from "../core/resource-name";
import { propsError, requireProps } from "../core/validation";

/** An IAM role a grant adds a policy to, e.g. a `CiDeployRole` or a `ServiceRole`. */
export interface RoleGrantee {
  readonly roleName: string;
}

export interface ContainerRegistryProps {
  /** The ECR repository name, e.g. `devops-2026/minsu-kim` (lowercase path parts separated by `/`). */
  readonly repositoryName: string;
  /**
   * How many tagged images to keep (the most recently pushed); older tagged images expire.
   * A literal number: the lifecycle policy is written at synth time.
   * @default ContainerRegistry.DEFAULT_KEEP_TAGGED_IMAGES (20)
   */
  readonly keepTaggedImages?: number;
  /**
   * Untagged images (left behind by multi-arch pushes and failed builds) expire this many days after
   * their push. A literal number.
   * @default ContainerRegistry.DEFAULT_UNTAGGED_EXPIRY_DAYS (3)
   */
  readonly untaggedExpiryDays?: number;
  /**
   * Let `terraform destroy` delete the repository with its images.
   * @default false (deleting a repository that still holds images fails)
   */
  readonly forceDelete?: boolean;
  /**
   * Encrypt images with this KMS key instead of ECR's managed keys. Changing it replaces the repository.
   * @default - AES256 (ECR-managed keys)
   */
  readonly kmsKeyArn?: string;
}

/** One rule of an ECR lifecycle policy, as ECR's JSON expects it. */
export interface LifecycleRule {
  readonly rulePriority: number;
  readonly description: string;
  readonly selection:
    | { readonly tagStatus: "untagged"; readonly countType: "sinceImagePushed"; readonly countUnit: "days"; readonly countNumber: number }
    | { readonly tagStatus: "tagged"; readonly tagPatternList: readonly string[]; readonly countType: "imageCountMoreThan"; readonly countNumber: number };
  readonly action: { readonly type: "expire" };
}

/** ECR's repository name rule (CreateRepository API). */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** Characters IAM accepts in an inline policy name. */
const POLICY_NAME_PART = /^[\w+=,.@-]+$/;

/** Read actions an image pull needs on the repository. */
const PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
/** Pull actions plus the ones a `docker push` needs. */
const PUSH_ACTIONS = [...PULL_ACTIONS, "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];

/**
 * A private ECR repository: immutable tags, scan on push, encryption at rest, and a lifecycle
 * policy that expires untagged images after a few days and keeps only the last N tagged ones.
 * Roles get access through {@link grantPush} and {@link grantPull}, people (IAM users or roles
 * they sign in with) through {@link grantPushToPrincipal}, all scoped to this repository.
 *
 * Tags are immutable: CI must push a unique tag per build (the commit SHA), never re-push `latest`.
 */
export class ContainerRegistry extends Construct {
  public static readonly DEFAULT_KEEP_TAGGED_IMAGES = 20;
  public static readonly DEFAULT_UNTAGGED_EXPIRY_DAYS = 3;

  public readonly repositoryName: string;
  public readonly repositoryArn: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<repositoryName>`, what `docker push` takes. */
  public readonly repositoryUrl: string;
  /** The repository name when it is known at synth time (it names the grant policies). */
  private readonly literalName: string | undefined;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    requireProps(this, props, ["repositoryName"]);
    this.checkRepositoryName(props.repositoryName);
    this.literalName = Token.isUnresolved(props.repositoryName) ? undefined : props.repositoryName;
    const keepTagged = props.keepTaggedImages ?? ContainerRegistry.DEFAULT_KEEP_TAGGED_IMAGES;
    this.checkRange("keepTaggedImages", keepTagged, 1, 1000);
    const untaggedDays = props.untaggedExpiryDays ?? ContainerRegistry.DEFAULT_UNTAGGED_EXPIRY_DAYS;
    this.checkRange("untaggedExpiryDays", untaggedDays, 1, 3650);

    const repository = new EcrRepository(this, "repository", {
      name: props.repositoryName,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [props.kmsKeyArn ? { encryptionType: "KMS", kmsKey: props.kmsKeyArn } : { encryptionType: "AES256" }],
      forceDelete: props.forceDelete ?? false,
    });
    new EcrLifecyclePolicy(this, "lifecycle-policy", {
      repository: repository.name,
      policy: JSON.stringify({ rules: ContainerRegistry.lifecycleRules(keepTagged, untaggedDays) }),
    });
    this.repositoryName = repository.name;
    this.repositoryArn = repository.arn;
    this.repositoryUrl = repository.repositoryUrl;
  }

  /**
   * The two lifecycle rules. They select disjoint images (untagged vs tagged), so their order does
   * not matter to the result. A `tagStatus: "any"` rule is avoided on purpose: it must be the last
   * rule and would count untagged images against the tagged quota. `"tagged"` needs a tag filter;
   * the pattern `*` matches every tag.
   */
  public static lifecycleRules(keepTagged: number, untaggedDays: number): LifecycleRule[] {
    return [
      {
        rulePriority: 1,
        description: `Expire untagged images ${untaggedDays} days after their push`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedDays },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep only the last ${keepTagged} tagged images`,
        selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keepTagged },
        action: { type: "expire" },
      },
    ];
  }

  /**
   * Lets `grantee` push and pull images of this repository (and nothing else) through an inline
   * policy on that role, created in this construct.
   * @param id the construct id of the grant and part of the policy name: pass a different one to
   * grant the same kind of access to a second role (the role name is usually a token, so it cannot
   * be derived from it). Letters, digits and `_+=,.@-`.
   * @default id "push"
   */
  public grantPush(grantee: RoleGrantee, id = "push"): void {
    this.grant(grantee, id, "PushAndPullThisRepository", PUSH_ACTIONS);
  }

  /**
   * Lets `grantee` pull images of this repository through an inline policy on that role.
   * @param id as for {@link grantPush}.
   * @default id "pull"
   */
  public grantPull(grantee: RoleGrantee, id = "pull"): void {
    this.grant(grantee, id, "PullThisRepository", PULL_ACTIONS);
  }

  /**
   * Lets an IAM user or role (a person, not a service role, e.g. a student's own principal) push
   * and pull images of this repository, `docker login` included, through a managed policy attached
   * to it by name, with the plan-time check that the principal is in `deployingAccountId`.
   * @param id as for {@link grantPush}.
   * @default id "push-principal"
   */
  public grantPushToPrincipal(principal: IamPrincipal, deployingAccountId: string, id = "push-principal"): void {
    const document = this.grantDocument(id, "PushAndPullThisRepository", PUSH_ACTIONS);
    const name = this.policyName(id);
    const policy = new IamPolicy(this, `${id}-policy`, {
      description: `Push and pull ${this.literalName ?? "one ECR repository"}`,
      policy: document.json,
      ...(name ? { name } : { namePrefix: `ecr-${id}-` }),
    });
    attachPolicy(this, `${id}-attachment`, principal, policy.arn, deployingAccountId);
  }

  private grant(grantee: RoleGrantee, id: string, sid: string, actions: readonly string[]): void {
    const document = this.grantDocument(id, sid, actions);
    const name = this.policyName(id);
    new IamRolePolicy(this, `${id}-policy`, {
      role: grantee.roleName,
      policy: document.json,
      // "/" is not allowed in policy names and "+" never appears in repository names, so no collision.
      ...(name ? { name } : { namePrefix: `ecr-${id}-` }),
    });
  }

  private grantDocument(id: string, sid: string, actions: readonly string[]): DataAwsIamPolicyDocument {
    if (!POLICY_NAME_PART.test(id)) {
      throw propsError(this, `grant id must be letters, digits and _+=,.@- (it names the IAM policy), got "${id}"`);
    }
    return new DataAwsIamPolicyDocument(this, `${id}-policy-document`, {
      statement: [
        { sid, effect: "Allow", actions: [...actions], resources: [this.repositoryArn] },
        // ecr:GetAuthorizationToken (docker login) has no resource-level permissions: "*" is the only resource.
        { sid: "GetAuthorizationToken", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      ],
    });
  }

  /** `ecr-<id>-<repository>`, or undefined when the repository name is a token. */
  private policyName(id: string): string | undefined {
    if (this.literalName === undefined) return undefined;
    return fitName(`ecr-${id}-${this.literalName.replace(/\//g, "+")}`, AwsNameLimit.IAM_POLICY);
  }

  private checkRepositoryName(name: string): void {
    if (Token.isUnresolved(name)) return;
    if (name.length < 2 || name.length > AwsNameLimit.ECR_REPOSITORY || !REPOSITORY_NAME.test(name)) {
      throw propsError(
        this,
        `repositoryName must be 2..256 characters: lowercase letters and digits, parts separated by one of "._-" and path segments by "/" (e.g. "devops-2026/minsu-kim"), got "${name}"`,
      );
    }
  }

  private checkRange(field: string, value: number, min: number, max: number): void {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw propsError(this, `${field} must be an integer ${min}..${max}, got ${value}`);
    }
  }
}
