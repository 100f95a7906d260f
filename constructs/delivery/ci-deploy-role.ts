import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { checkIamRoleName } from "../core/iam";
import { propsError, requireProps } from "../core/validation";
import { GithubOidcProvider } from "./github-oidc-provider";

export interface CiDeployRoleProps {
  /** The IAM role name, at most 64 characters of letters, digits and `+=,.@_-`. */
  readonly roleName: string;
  /** The account's GitHub Actions OIDC provider, {@link GithubOidcProvider.providerArn}. */
  readonly oidcProviderArn: string;
  /** The only repository whose workflows may assume the role, `owner/name`, spelled as on GitHub (IAM compares case-sensitively). */
  readonly githubRepository: string;
  /**
   * Restrict the role to workflow runs on this branch (`refs/heads/<branch>`).
   * @default CiDeployRole.ANY_REF ("*"): any branch, tag or pull request of that repository
   */
  readonly branch?: string;
}

/**
 * The role a GitHub Actions workflow of one repository assumes through OIDC
 * (`aws-actions/configure-aws-credentials` with `role-to-assume`), for one student's CI.
 *
 * It has no permissions of its own: resources grant them, e.g. `ContainerRegistry.grantPush(role)`.
 * Its {@link roleArn} and {@link roleName} are public so that the EKS cluster construct can later add
 * an access entry for it scoped to the student's namespace.
 *
 * The trust relies on GitHub's default `sub` claim (`repo:<owner>/<name>:ref:refs/heads/<branch>`).
 * Jobs that use a GitHub `environment` get `repo:<owner>/<name>:environment:<env>` instead, which
 * a branch-restricted role refuses.
 */
export class CiDeployRole extends Construct {
  /** Any branch, tag, pull request or environment of the repository. */
  public static readonly ANY_REF = "*";
  public static readonly MAX_SESSION_SECONDS = 3600;

  public readonly role: IamRole;
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly githubRepository: string;

  constructor(scope: Construct, id: string, props: CiDeployRoleProps) {
    super(scope, id);
    requireProps(this, props, ["roleName", "oidcProviderArn", "githubRepository"]);
    checkIamRoleName(this, "roleName", props.roleName);
    this.checkRepository(props.githubRepository);
    const branch = props.branch ?? CiDeployRole.ANY_REF;
    if (branch !== CiDeployRole.ANY_REF) this.checkBranch(branch);

    const anyRef = branch === CiDeployRole.ANY_REF;
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          sid: "GithubActionsOfOneRepository",
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
          condition: [
            { test: "StringEquals", variable: `${GithubOidcProvider.HOST}:aud`, values: [GithubOidcProvider.AUDIENCE] },
            // StringLike only for the wildcard: a branch name is compared literally.
            {
              test: anyRef ? "StringLike" : "StringEquals",
              variable: `${GithubOidcProvider.HOST}:sub`,
              values: [anyRef ? `repo:${props.githubRepository}:*` : `repo:${props.githubRepository}:ref:refs/heads/${branch}`],
            },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `GitHub Actions of ${props.githubRepository}`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: CiDeployRole.MAX_SESSION_SECONDS,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
    this.githubRepository = props.githubRepository;
  }

  private checkRepository(repository: string): void {
    if (Token.isUnresolved(repository)) return;
    // GitHub owners: alphanumerics and inner single hyphens, up to 39; repository names: [A-Za-z0-9._-], up to 100.
    const owner = "[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}";
    const name = "(?!\\.\\.?$)[A-Za-z0-9._-]{1,100}";
    if (!new RegExp(`^${owner}/${name}$`).test(repository)) {
      throw propsError(this, `githubRepository must be "owner/name" as on GitHub (e.g. "minsu-kim/devops-app"), got "${repository}"`);
    }
  }

  /** Git's ref name rules (git check-ref-format), for a branch name without `refs/heads/`. */
  private checkBranch(branch: string): void {
    if (Token.isUnresolved(branch)) return;
    if (branch.startsWith("refs/")) {
      throw propsError(this, `branch must be a branch name like "main", not a full ref, got "${branch}"`);
    }
    const invalid =
      branch.length === 0 ||
      /[\x00-\x20\x7f~^:?*[\\]/.test(branch) ||
      /\.\.|@\{|\/\/|\/\.|^[./]|[./]$|\.lock$|\.lock\//.test(branch) ||
      branch === "@";
    if (invalid) {
      throw propsError(
        this,
        `branch must be "*" or a git branch name: not empty, no spaces or ~^:?*[\\, no "..", "@{" or "//", not starting or ending with "/" or ".", got "${branch}"`,
      );
    }
  }
}
