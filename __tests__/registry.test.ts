import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { TerraformOutput, type TerraformStack } from "cdktf";
import { ContainerRegistry, type ContainerRegistryProps } from "../constructs/registry/container-registry";
import { PullThroughCache, type PullThroughCacheProps, type PullThroughUpstream } from "../constructs/registry/pull-through-cache";
import { awsTestStack, blocksOf, synthStack, type SynthesizedStack } from "./helpers";

const PUSH_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:InitiateLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:CompleteLayerUpload",
  "ecr:PutImage",
];
const PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const AUTH_TOKEN_STATEMENT = { sid: "GetAuthorizationToken", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] };
const REPOSITORY_ARN = /^\$\{aws_ecr_repository\.registry_repository_\w+\.arn\}$/;

function registryIn(stack: TerraformStack, props: Partial<ContainerRegistryProps> = {}) {
  return new ContainerRegistry(stack, "registry", { repositoryName: "devops-2026/minsu-kim", ...props });
}

/** What `value` synthesizes to, through an output of the stack. */
function synthesizedValue(stack: TerraformStack, value: string): string {
  new TerraformOutput(stack, "probe", { value });
  return synthStack(stack).json.output!.probe.value;
}

function synthRegistry(props: Partial<ContainerRegistryProps> = {}) {
  const stack = awsTestStack();
  registryIn(stack, props);
  return synthStack(stack);
}

/** The statements of the policy document an inline role policy points at. */
function statementsOf(json: SynthesizedStack, rolePolicy: Record<string, any>): Record<string, any>[] {
  const documentId = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(rolePolicy.policy)![1];
  return json.data!.aws_iam_policy_document[documentId].statement;
}

describe("ContainerRegistry", () => {
  test("the repository has immutable tags, scans on push, AES256 encryption and no force delete by default", () => {
    const { text } = synthRegistry();
    expect(text).toHaveResourceWithProperties(EcrRepository, {
      name: "devops-2026/minsu-kim",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "AES256" }],
      force_delete: false,
    });
  });

  test("a KMS key and force delete are taken from props", () => {
    const kmsKeyArn = "arn:aws:kms:ap-northeast-2:123456789012:key/11111111-2222-3333-4444-555555555555";
    const { json } = synthRegistry({ kmsKeyArn, forceDelete: true });
    const [repository] = blocksOf(json, "aws_ecr_repository");
    expect(repository.encryption_configuration).toEqual([{ encryption_type: "KMS", kms_key: kmsKeyArn }]);
    expect(repository.force_delete).toBe(true);
  });

  test.each([
    [{}, 3, 20],
    [{ untaggedExpiryDays: 7, keepTaggedImages: 5 }, 7, 5],
  ])("the lifecycle policy with %j expires untagged images after %i days first, then keeps the last %i tagged images", (props, days, keep) => {
    const { json } = synthRegistry(props);
    const [lifecycle] = blocksOf(json, "aws_ecr_lifecycle_policy");
    expect(lifecycle.repository).toMatch(/^\$\{aws_ecr_repository\.registry_repository_\w+\.name\}$/);
    expect(JSON.parse(lifecycle.policy)).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: `Expire untagged images ${days} days after their push`,
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: days },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: `Keep only the last ${keep} tagged images`,
          selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keep },
          action: { type: "expire" },
        },
      ],
    });
  });

  test("the defaults are published", () => {
    expect(ContainerRegistry.DEFAULT_KEEP_TAGGED_IMAGES).toBe(20);
    expect(ContainerRegistry.DEFAULT_UNTAGGED_EXPIRY_DAYS).toBe(3);
  });

  test.each([
    ["repositoryUrl", /^\$\{aws_ecr_repository\.registry_repository_\w+\.repository_url\}$/],
    ["repositoryArn", REPOSITORY_ARN],
    ["repositoryName", /^\$\{aws_ecr_repository\.registry_repository_\w+\.name\}$/],
  ] as const)("%s is the repository's attribute", (output, expected) => {
    const stack = awsTestStack();
    const registry = registryIn(stack);
    expect(synthesizedValue(stack, registry[output])).toMatch(expected);
  });

  test("grantPush allows push and pull on this repository only, plus GetAuthorizationToken, on the given role", () => {
    const stack = awsTestStack();
    const role = new IamRole(stack, "ci-role", { name: "student-ci", assumeRolePolicy: "{}" });
    registryIn(stack).grantPush({ roleName: role.name });
    const { json } = synthStack(stack);
    const [policy] = blocksOf(json, "aws_iam_role_policy");
    expect(policy.role).toMatch(/^\$\{aws_iam_role\.ci-role(_\w+)?\.name\}$/);
    expect(policy.name).toBe("ecr-push-devops-2026+minsu-kim");
    const [repositoryStatement, authStatement] = statementsOf(json, policy);
    expect(repositoryStatement).toEqual({ sid: "PushAndPullThisRepository", effect: "Allow", actions: PUSH_ACTIONS, resources: [expect.stringMatching(REPOSITORY_ARN)] });
    expect(authStatement).toEqual(AUTH_TOKEN_STATEMENT);
    expect(statementsOf(json, policy)).toHaveLength(2);
  });

  test("grantPull allows only the three read actions on this repository, plus GetAuthorizationToken", () => {
    const stack = awsTestStack();
    registryIn(stack).grantPull({ roleName: "student-nodes" });
    const { json } = synthStack(stack);
    const [policy] = blocksOf(json, "aws_iam_role_policy");
    expect(policy.role).toBe("student-nodes");
    expect(policy.name).toBe("ecr-pull-devops-2026+minsu-kim");
    expect(statementsOf(json, policy)).toEqual([
      { sid: "PullThisRepository", effect: "Allow", actions: PULL_ACTIONS, resources: [expect.stringMatching(REPOSITORY_ARN)] },
      AUTH_TOKEN_STATEMENT,
    ]);
  });

  test("each grant is its own resource; an explicit id grants the same access to a second role", () => {
    const stack = awsTestStack();
    const registry = registryIn(stack);
    registry.grantPush({ roleName: "first" });
    registry.grantPush({ roleName: "second" }, "push-second");
    registry.grantPull({ roleName: "third" });
    const policies = blocksOf(synthStack(stack).json, "aws_iam_role_policy");
    expect(policies.map((policy) => [policy.role, policy.name]).sort()).toEqual([
      ["first", "ecr-push-devops-2026+minsu-kim"],
      ["second", "ecr-push-second-devops-2026+minsu-kim"],
      ["third", "ecr-pull-devops-2026+minsu-kim"],
    ]);
    expect(() => registry.grantPush({ roleName: "fourth" })).toThrow(/There is already a Construct with name 'push-policy-document'/);
  });

  test("a repository name that is a token is not validated and the grant policy gets a name prefix", () => {
    const stack = awsTestStack();
    const other = new EcrRepository(stack, "other", { name: "other" });
    registryIn(stack, { repositoryName: other.name }).grantPull({ roleName: "student-nodes" });
    const [policy] = blocksOf(synthStack(stack).json, "aws_iam_role_policy");
    expect(policy.name).toBeUndefined();
    expect(policy.name_prefix).toBe("ecr-pull-");
  });

  const nameMessage = (name: string) =>
    `ContainerRegistry test/registry: repositoryName must be 2..256 characters: lowercase letters and digits, parts separated by one of "._-" and path segments by "/" (e.g. "devops-2026/minsu-kim"), got "${name}"`;
  test.each([
    ["1 character", "a"],
    ["an uppercase letter", "Devops/minsu"],
    ["an empty path segment", "devops//minsu"],
    ["two separators in a row", "devops--2026"],
    ["a leading separator", "-devops"],
    ["a trailing slash", "devops/"],
    ["257 characters", "a".repeat(257)],
  ])("a repositoryName with %s is rejected", (_case, repositoryName) => {
    expect(() => synthRegistry({ repositoryName })).toThrow(nameMessage(repositoryName));
  });

  test.each([
    ["2 characters", "ab"],
    ["256 characters", "a".repeat(256)],
    ["nested path segments and ._- separators", "devops-2026/minsu.kim_2/app"],
  ])("a repositoryName with %s is accepted", (_case, repositoryName) => {
    expect(() => synthRegistry({ repositoryName })).not.toThrow();
  });

  test.each([
    [{ keepTaggedImages: 0 }, "keepTaggedImages must be an integer 1..1000, got 0"],
    [{ keepTaggedImages: 1001 }, "keepTaggedImages must be an integer 1..1000, got 1001"],
    [{ keepTaggedImages: 2.5 }, "keepTaggedImages must be an integer 1..1000, got 2.5"],
    [{ untaggedExpiryDays: 0 }, "untaggedExpiryDays must be an integer 1..3650, got 0"],
    [{ untaggedExpiryDays: 3651 }, "untaggedExpiryDays must be an integer 1..3650, got 3651"],
  ])("%j is rejected", (props, message) => {
    expect(() => synthRegistry(props)).toThrow(`ContainerRegistry test/registry: ${message}`);
  });

  test.each([[{ keepTaggedImages: 1, untaggedExpiryDays: 1 }], [{ keepTaggedImages: 1000, untaggedExpiryDays: 3650 }]])("the range bounds %j are accepted", (props) => {
    expect(() => synthRegistry(props)).not.toThrow();
  });

  test("a grant id that cannot name an IAM policy is rejected", () => {
    const registry = registryIn(awsTestStack());
    expect(() => registry.grantPush({ roleName: "ci" }, "push ci")).toThrow(
      'ContainerRegistry test/registry: grant id must be letters, digits and _+=,.@- (it names the IAM policy), got "push ci"',
    );
  });
});

function synthCache(props: Partial<PullThroughCacheProps> = {}) {
  const stack = awsTestStack();
  const cache = new PullThroughCache(stack, "cache", { prefix: "devops-2026", ...props });
  return { cache, ...synthStack(stack) };
}

describe("ContainerRegistry.grantPushToPrincipal", () => {
  test("a managed policy for this repository (and docker login), attached to the user by name with the account check", () => {
    const stack = awsTestStack();
    const registry = new ContainerRegistry(stack, "registry", { repositoryName: "devops-2026/minsu-kim" });
    registry.grantPushToPrincipal({ kind: "user", name: "minsu-kim", arn: "arn:aws:iam::123456789012:user/minsu-kim", accountId: "123456789012" }, "${data.aws_caller_identity.x.account_id}");
    const json = synthStack(stack).json;
    expect(blocksOf(json, "aws_iam_policy")).toEqual([
      { name: "ecr-push-principal-devops-2026+minsu-kim", description: "Push and pull devops-2026/minsu-kim", policy: expect.stringContaining("push-principal-policy-document") },
    ]);
    const [attachment] = blocksOf(json, "aws_iam_user_policy_attachment");
    expect(attachment).toEqual(expect.objectContaining({ user: "minsu-kim", policy_arn: expect.stringContaining("aws_iam_policy.registry_push-principal-policy") }));
    expect(attachment.lifecycle.precondition[0].error_message).toContain("arn:aws:iam::123456789012:user/minsu-kim belongs to account 123456789012");
  });
});

describe("PullThroughCache", () => {
  test("caches ECR Public, registry.k8s.io and Quay by default, with no credentials", () => {
    const { json, cache } = synthCache();
    expect(blocksOf(json, "aws_ecr_pull_through_cache_rule").sort((a, b) => a.ecr_repository_prefix.localeCompare(b.ecr_repository_prefix))).toEqual([
      { ecr_repository_prefix: "devops-2026-ecr-public", upstream_registry_url: "public.ecr.aws" },
      { ecr_repository_prefix: "devops-2026-k8s", upstream_registry_url: "registry.k8s.io" },
      { ecr_repository_prefix: "devops-2026-quay", upstream_registry_url: "quay.io" },
    ]);
    expect(cache.repositoryPrefixes).toEqual({ "ecr-public": "devops-2026-ecr-public", "registry-k8s-io": "devops-2026-k8s", quay: "devops-2026-quay" });
  });

  test("the repositories a first pull creates get a lifecycle policy from a creation template per cache prefix", () => {
    const templates = blocksOf(synthCache({ keepTaggedImages: 5, untaggedExpiryDays: 1 }).json, "aws_ecr_repository_creation_template");
    expect(templates.map((template) => template.prefix).sort()).toEqual(["devops-2026-ecr-public", "devops-2026-k8s", "devops-2026-quay"]);
    for (const template of templates) {
      expect(template).toEqual(
        expect.objectContaining({ applied_for: ["PULL_THROUGH_CACHE"], image_tag_mutability: "MUTABLE", encryption_configuration: [{ encryption_type: "AES256" }] }),
      );
      expect(JSON.parse(template.lifecycle_policy).rules.map((rule: { selection: { countNumber: number } }) => rule.selection.countNumber)).toEqual([1, 5]);
    }
  });

  test("only the chosen upstreams get a rule", () => {
    const { json, cache } = synthCache({ upstreams: ["quay"] });
    expect(blocksOf(json, "aws_ecr_pull_through_cache_rule")).toEqual([{ ecr_repository_prefix: "devops-2026-quay", upstream_registry_url: "quay.io" }]);
    expect(cache.repositoryPrefixes).toEqual({ quay: "devops-2026-quay" });
  });

  test("a 20-character prefix gives distinct cache prefixes of at most 30 valid characters", () => {
    const prefix = "abcdefghij-klmnopqrs";
    expect(prefix).toHaveLength(20);
    const { cache } = synthCache({ prefix });
    const prefixes = Object.values(cache.repositoryPrefixes);
    expect(prefixes).toHaveLength(3);
    expect(new Set(prefixes).size).toBe(3);
    for (const value of prefixes) {
      expect(value.length).toBeLessThanOrEqual(30);
      expect(value).toMatch(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/);
      expect(value.startsWith(prefix)).toBe(true);
    }
    expect(cache.repositoryPrefixes["registry-k8s-io"]).toBe(`${prefix}-k8s`);
    // "<prefix>-ecr-public" is 31 characters: shortened with a hash.
    expect(cache.repositoryPrefixes["ecr-public"]).toMatch(new RegExp(`^${prefix}-[0-9a-f]{8}$`));
  });

  test("imageUri is <account>.dkr.ecr.<region>.<dns suffix>/<cache prefix>/<image>", () => {
    const stack = awsTestStack();
    const cache = new PullThroughCache(stack, "cache", { prefix: "devops-2026" });
    expect(synthesizedValue(stack, cache.imageUri("registry-k8s-io", "pause:3.10"))).toMatch(
      /^\$\{data\.aws_caller_identity\.cache_account_\w+\.account_id\}\.dkr\.ecr\.\$\{data\.aws_region\.cache_region_\w+\.region\}\.\$\{data\.aws_partition\.cache_partition_\w+\.dns_suffix\}\/devops-2026-k8s\/pause:3\.10$/,
    );
  });

  test("pullUrlPrefix is the registry host and the cache prefix", () => {
    const stack = awsTestStack();
    const cache = new PullThroughCache(stack, "cache", { prefix: "devops-2026" });
    expect(synthesizedValue(stack, cache.pullUrlPrefix("quay"))).toMatch(/^\$\{data\.aws_caller_identity\.\w+\.account_id\}\.dkr\.ecr\..*\/devops-2026-quay$/);
  });

  test("imageUri of an upstream without a rule fails", () => {
    const { cache } = synthCache({ upstreams: ["quay"] });
    expect(() => cache.imageUri("ecr-public", "nginx/nginx:1")).toThrow('PullThroughCache test/cache: upstream "ecr-public" has no cache rule here; configured: quay');
  });

  test("grantPull lets the role read and fill the cached repositories only, plus GetAuthorizationToken", () => {
    const stack = awsTestStack();
    const cache = new PullThroughCache(stack, "cache", { prefix: "devops-2026", upstreams: ["registry-k8s-io", "quay"] });
    cache.grantPull({ roleName: "cluster-nodes" });
    const { json } = synthStack(stack);
    const [policy] = blocksOf(json, "aws_iam_role_policy");
    expect(policy.role).toBe("cluster-nodes");
    expect(policy.name).toBe("ecr-pull-devops-2026-cache");
    const arn = (prefix: string) =>
      expect.stringMatching(
        new RegExp(
          `^arn:\\$\\{data\\.aws_partition\\.\\w+\\.partition\\}:ecr:\\$\\{data\\.aws_region\\.\\w+\\.region\\}:\\$\\{data\\.aws_caller_identity\\.\\w+\\.account_id\\}:repository/${prefix}/\\*$`,
        ),
      );
    expect(statementsOf(json, policy)).toEqual([
      {
        sid: "PullThroughCache",
        effect: "Allow",
        actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
        resources: [arn("devops-2026-k8s"), arn("devops-2026-quay")],
      },
      AUTH_TOKEN_STATEMENT,
    ]);
  });

  test.each([
    [{ prefix: "" }, 'prefix must be a literal of lowercase letters and digits, parts separated by one of "._-" (e.g. "devops-2026"), got ""'],
    [{ prefix: "Devops" }, 'prefix must be a literal of lowercase letters and digits, parts separated by one of "._-" (e.g. "devops-2026"), got "Devops"'],
    [{ prefix: "devops/2026" }, 'prefix must be a literal of lowercase letters and digits, parts separated by one of "._-" (e.g. "devops-2026"), got "devops/2026"'],
    [{ upstreams: [] }, 'upstreams must list some of "ecr-public", "registry-k8s-io", "quay", each once, got []'],
    [{ upstreams: ["quay", "quay"] as PullThroughUpstream[] }, 'upstreams must list some of "ecr-public", "registry-k8s-io", "quay", each once, got ["quay", "quay"]'],
    [{ upstreams: ["docker-hub"] as unknown as PullThroughUpstream[] }, 'upstreams must list some of "ecr-public", "registry-k8s-io", "quay", each once, got ["docker-hub"]'],
    [{ keepTaggedImages: 0 }, "keepTaggedImages must be a whole number from 1 to 1000, got 0"],
    [{ untaggedExpiryDays: 1.5 }, "untaggedExpiryDays must be a whole number from 1 to 3650, got 1.5"],
  ])("%j is rejected", (props, message) => {
    expect(() => synthCache(props)).toThrow(`PullThroughCache test/cache: ${message}`);
  });

  test("a grant id that cannot name an IAM policy is rejected", () => {
    const { cache } = synthCache();
    expect(() => cache.grantPull({ roleName: "nodes" }, "pull/nodes")).toThrow(
      'PullThroughCache test/cache: grant id must be letters, digits and _+=,.@- (it names the IAM policy), got "pull/nodes"',
    );
  });
});
