import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { CiDeployRole, type CiDeployRoleProps } from "../constructs/delivery/ci-deploy-role";
import { GithubOidcProvider, type GithubOidcProviderProps } from "../constructs/delivery/github-oidc-provider";
import { ContainerRegistry } from "../constructs/registry/container-registry";
import { awsTestStack, blocksOf, synthStack } from "./helpers";

const PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

function synthProvider(props?: GithubOidcProviderProps) {
  const stack = awsTestStack();
  const provider = new GithubOidcProvider(stack, "github", props);
  return { provider, ...synthStack(stack) };
}

describe("GithubOidcProvider", () => {
  test("creates the provider for GitHub's issuer and the STS audience, without thumbprints", () => {
    const { text, json } = synthProvider();
    expect(text).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    expect(blocksOf(json, "aws_iam_openid_connect_provider")).toEqual([{ url: GithubOidcProvider.URL, client_id_list: ["sts.amazonaws.com"] }]);
  });

  test("an existing provider ARN creates nothing and is used as it is", () => {
    const { json, provider } = synthProvider({ existingProviderArn: PROVIDER_ARN });
    expect(json.resource ?? {}).toEqual({});
    expect(provider.providerArn).toBe(PROVIDER_ARN);
  });

  test.each(["arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", "arn:aws-us-gov:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"])(
    "the existing ARN %s of another partition is accepted",
    (existingProviderArn) => {
      expect(synthProvider({ existingProviderArn }).provider.providerArn).toBe(existingProviderArn);
    },
  );

  test.each([
    ["another issuer", "arn:aws:iam::123456789012:oidc-provider/gitlab.com"],
    ["a short account id", "arn:aws:iam::12345:oidc-provider/token.actions.githubusercontent.com"],
    ["a role ARN", "arn:aws:iam::123456789012:role/token.actions.githubusercontent.com"],
    ["the URL instead of the ARN", "https://token.actions.githubusercontent.com"],
  ])("an existingProviderArn with %s is rejected", (_case, existingProviderArn) => {
    expect(() => synthProvider({ existingProviderArn })).toThrow(
      `GithubOidcProvider test/github: existingProviderArn must look like arn:<partition>:iam::<12-digit account>:oidc-provider/token.actions.githubusercontent.com, got "${existingProviderArn}"`,
    );
  });
});

function synthRole(props: Partial<CiDeployRoleProps> = {}) {
  const stack = awsTestStack();
  const role = new CiDeployRole(stack, "ci", { roleName: "devops-2026-ci-minsu-kim", oidcProviderArn: PROVIDER_ARN, githubRepository: "minsu-kim/devops-app", ...props });
  return { role, ...synthStack(stack) };
}

const trustStatement = (subTest: string, sub: string) => ({
  sid: "GithubActionsOfOneRepository",
  effect: "Allow",
  actions: ["sts:AssumeRoleWithWebIdentity"],
  principals: [{ type: "Federated", identifiers: [PROVIDER_ARN] }],
  condition: [
    { test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] },
    { test: subTest, variable: "token.actions.githubusercontent.com:sub", values: [sub] },
  ],
});

describe("CiDeployRole", () => {
  test.each([
    ["by default (any ref)", {}, trustStatement("StringLike", "repo:minsu-kim/devops-app:*")],
    ["for an explicit *", { branch: "*" }, trustStatement("StringLike", "repo:minsu-kim/devops-app:*")],
    ["for a branch", { branch: "main" }, trustStatement("StringEquals", "repo:minsu-kim/devops-app:ref:refs/heads/main")],
    ["for a nested branch", { branch: "release/2026.1" }, trustStatement("StringEquals", "repo:minsu-kim/devops-app:ref:refs/heads/release/2026.1")],
  ])("the trust policy %s allows only web identity of that repository", (_case, props, statement) => {
    const { json } = synthRole(props);
    const [role] = blocksOf(json, "aws_iam_role");
    const documentId = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(role.assume_role_policy)![1];
    expect(json.data!.aws_iam_policy_document[documentId].statement).toEqual([statement]);
  });

  test("the role has a one-hour session and no permissions of its own", () => {
    const { json } = synthRole();
    expect(blocksOf(json, "aws_iam_role")).toEqual([
      {
        name: "devops-2026-ci-minsu-kim",
        description: "GitHub Actions of minsu-kim/devops-app",
        assume_role_policy: expect.stringMatching(/^\$\{data\.aws_iam_policy_document\.[\w-]+\.json\}$/),
        max_session_duration: 3600,
      },
    ]);
    expect(blocksOf(json, "aws_iam_role_policy")).toHaveLength(0);
    expect(blocksOf(json, "aws_iam_role_policy_attachment")).toHaveLength(0);
    expect(blocksOf(json, "aws_iam_policy_document", "data")).toHaveLength(1);
  });

  test("a repository grants push to the role by its name, and the provider's ARN is the federated principal", () => {
    const stack = awsTestStack();
    const provider = new GithubOidcProvider(stack, "github");
    const role = new CiDeployRole(stack, "ci", { roleName: "devops-2026-ci-minsu-kim", oidcProviderArn: provider.providerArn, githubRepository: "minsu-kim/devops-app" });
    new ContainerRegistry(stack, "registry", { repositoryName: "devops-2026/minsu-kim" }).grantPush(role);
    const { json } = synthStack(stack);
    expect(blocksOf(json, "aws_iam_role_policy").map((policy) => policy.role)).toEqual([expect.stringMatching(/^\$\{aws_iam_role\.ci_role_\w+\.name\}$/)]);
    const trust = blocksOf(json, "aws_iam_policy_document", "data").find((document) => document.statement[0].principals);
    expect(trust!.statement[0].principals).toEqual([{ type: "Federated", identifiers: [expect.stringMatching(/^\$\{aws_iam_openid_connect_provider\.github_provider_\w+\.arn\}$/)] }]);
    expect(role.githubRepository).toBe("minsu-kim/devops-app");
  });

  test.each([
    ["65 characters", "r".repeat(65)],
    ["no characters", ""],
    ["a slash", "devops/ci"],
    ["a space", "devops ci"],
  ])("a roleName with %s is rejected", (_case, roleName) => {
    expect(() => synthRole({ roleName })).toThrow(
      `CiDeployRole test/ci: roleName must be 1..64 characters of letters, digits and +=,.@_- (build it with fitName), got "${roleName}"`,
    );
  });

  test("a roleName of 64 characters is accepted", () => {
    expect(() => synthRole({ roleName: "r".repeat(64) })).not.toThrow();
  });

  test.each([
    ["no owner", "devops-app"],
    ["a URL", "https://github.com/minsu-kim/devops-app"],
    ["three parts", "minsu-kim/devops-app/extra"],
    ["an owner starting with a hyphen", "-minsu/devops-app"],
    ["an owner with two hyphens in a row", "minsu--kim/devops-app"],
    ["an owner of 40 characters", `${"o".repeat(40)}/devops-app`],
    ["a space in the name", "minsu-kim/devops app"],
    ["the name ..", "minsu-kim/.."],
    ["an empty name", "minsu-kim/"],
  ])("a githubRepository with %s is rejected", (_case, githubRepository) => {
    expect(() => synthRole({ githubRepository })).toThrow(
      `CiDeployRole test/ci: githubRepository must be "owner/name" as on GitHub (e.g. "minsu-kim/devops-app"), got "${githubRepository}"`,
    );
  });

  test.each([
    ["mixed case, _ and .", "Minsu-Kim/Devops_App.v2"],
    ["the longest owner and name", `${"o".repeat(39)}/${"n".repeat(100)}`],
    ["a name starting with a dot", "a/.github"],
  ])("a githubRepository with %s is accepted", (_case, githubRepository) => {
    expect(() => synthRole({ githubRepository })).not.toThrow();
  });

  const branchMessage = (branch: string) =>
    `CiDeployRole test/ci: branch must be "*" or a git branch name: not empty, no spaces or ~^:?*[\\, no "..", "@{" or "//", not starting or ending with "/" or ".", got "${branch}"`;
  test.each([
    ["no characters", ""],
    ["a space", "my branch"],
    ["a wildcard", "feature/*"],
    ["a colon", "fix:bug"],
    ["..", "a..b"],
    ["@{", "a@{1}"],
    ["//", "a//b"],
    ["a leading slash", "/main"],
    ["a trailing slash", "main/"],
    ["a trailing dot", "main."],
    ["a component starting with a dot", "feature/.hidden"],
    ["a .lock suffix", "main.lock"],
    ["a backslash", "a\\b"],
    ["a tilde", "main~1"],
  ])("a branch with %s is rejected", (_case, branch) => {
    expect(() => synthRole({ branch })).toThrow(branchMessage(branch));
  });

  test("a full ref instead of a branch name is rejected with a hint", () => {
    expect(() => synthRole({ branch: "refs/heads/main" })).toThrow('CiDeployRole test/ci: branch must be a branch name like "main", not a full ref, got "refs/heads/main"');
  });

  test("ANY_REF and the session limit are published", () => {
    expect(CiDeployRole.ANY_REF).toBe("*");
    expect(CiDeployRole.MAX_SESSION_SECONDS).toBe(3600);
  });
});
