import { Fn, Token } from "cdktf";

/**
 * One Helm values document for `helm_release.values`. Plain JSON when every value is known at synth
 * time (JSON is YAML, and the plan shows it as written); Terraform's `yamlencode` when some value is
 * a token (a VPC id or an ARN looked up at plan time).
 */
export function helmValues(values: Record<string, unknown>): string {
  const json = JSON.stringify(values, null, 2);
  return Token.isUnresolved(json) ? Fn.yamlencode(values) : json;
}
