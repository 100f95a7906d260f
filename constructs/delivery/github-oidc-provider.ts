import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { propsError } from "../core/validation";

export interface GithubOidcProviderProps {
  /**
   * The ARN of the account's existing GitHub Actions OIDC provider, to use instead of creating one
   * (`arn:<partition>:iam::<account>:oidc-provider/token.actions.githubusercontent.com`).
   * @default - create the provider (one per account!)
   */
  readonly existingProviderArn?: string;
}

/**
 * The IAM OIDC identity provider that lets GitHub Actions workflows exchange their OIDC token for
 * AWS credentials (no long-lived access keys in GitHub secrets). An account can hold only one
 * provider per URL: when another stack or the console already created it, pass its ARN.
 */
export class GithubOidcProvider extends Construct {
  public static readonly URL = "https://token.actions.githubusercontent.com";
  /** The issuer host, which also prefixes the token's condition keys (`<HOST>:sub`, `<HOST>:aud`). */
  public static readonly HOST = "token.actions.githubusercontent.com";
  /** The audience `aws-actions/configure-aws-credentials` requests. */
  public static readonly AUDIENCE = "sts.amazonaws.com";

  public readonly providerArn: string;

  constructor(scope: Construct, id: string, props: GithubOidcProviderProps = {}) {
    super(scope, id);
    const existing = props.existingProviderArn;
    if (existing !== undefined) {
      if (!Token.isUnresolved(existing) && !/^arn:[a-z][a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(existing)) {
        throw propsError(
          this,
          `existingProviderArn must look like arn:<partition>:iam::<12-digit account>:oidc-provider/${GithubOidcProvider.HOST}, got "${existing}"`,
        );
      }
      this.providerArn = existing;
      return;
    }
    // No thumbprint_list: it is optional in AWS provider 6.x, and IAM verifies GitHub's JWKS endpoint
    // against its own library of trusted root CAs, not against pinned thumbprints.
    const provider = new IamOpenidConnectProvider(this, "provider", {
      url: GithubOidcProvider.URL,
      clientIdList: [GithubOidcProvider.AUDIENCE],
    });
    this.providerArn = provider.arn;
  }
}
