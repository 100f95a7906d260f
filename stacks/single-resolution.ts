import { TerraformElement, TerraformOutput, TerraformStack, Token, Tokenization } from "cdktf";
import { resolve } from "cdktf/lib/_tokens";
import { deepMerge } from "cdktf/lib/util";
import type { IConstruct } from "constructs";

/**
 * The cdktf release whose `TerraformStack.toTerraform` {@link resolveStackOnce} reproduces. It is
 * the final one: HashiCorp deprecated CDK for Terraform in December 2025 (hashicorp/terraform-cdk#3949).
 */
export const SINGLE_RESOLUTION_CDKTF_VERSION = "0.21.0";

const installedCdktfVersion: string = require("cdktf/package.json").version;

/** Whether {@link resolveStackOnce} may stand in for the installed cdktf's `toTerraform`. */
export const singleResolutionApplies = installedCdktfVersion === SINGLE_RESOLUTION_CDKTF_VERSION;

/** What cdktf keeps private on a stack and {@link resolveStackOnce} needs. */
interface StackInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly cdktfVersion: string;
}

/**
 * The stack's Terraform JSON exactly as cdktf 0.21.0's `TerraformStack.toTerraform` builds it,
 * resolving tokens once instead of twice. cdktf resolves every element's JSON, merges the
 * fragments, and then resolves the merged JSON again; that second walk of every value finds no
 * tokens (each fragment is resolved already) except in the stack's own overrides, which are
 * resolved here before they are merged. It is a quarter of a stack's synthesis at cohort scale.
 * A test compares this with cdktf's own output for every stack of the example cohort, and
 * {@link singleResolutionApplies} keeps any other cdktf version on its own code.
 */
export function resolveStackOnce(stack: TerraformStack): Record<string, unknown> {
  const { rawOverrides, cdktfVersion } = stack as unknown as StackInternals;
  const metadata: Record<string, unknown> = {
    version: cdktfVersion,
    stackName: stack.node.id,
    backend: "local", // a backend's own metadata overwrites these two
    cloud: undefined, // JSON leaves it out, as cdktf's last resolve did
    ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
  };
  const elements = terraformElements(stack);
  for (const element of elements) deepMerge(metadata, resolveValue(stack, element.toMetadata()));

  const outputs: Record<string, unknown> = {};
  for (const output of elements.filter(TerraformOutput.isTerraformOutput)) {
    // nested by construct path, e.g. { stack: { construct: { output: "friendly_id" } } }
    const nested = output.node.path
      .split("/")
      .reduceRight<unknown>((inner, part) => ({ [part]: inner }), output.friendlyUniqueId);
    deepMerge(outputs, nested);
  }

  const json: Record<string, unknown> = { "//": { metadata, outputs } };
  for (const element of elements) deepMerge(json, resolveValue(stack, element.toTerraform()));
  deepMerge(json, resolveValue(stack, rawOverrides));
  return json;
}

// cdktf's encoded tokens: `${TfToken[..]}` (string), `#{TfToken[..]}` (list), `&{TfToken[..]}`
// (map key), and numbers written into strings (its NUMBER_TOKEN_REGEX, at its shortest).
const TOKEN_MARKER = "TfToken[";
const NUMBER_IN_STRING = /[-|\d.+]e[-|\d.eE+]/;
const MAP_TOKEN_VALUES: readonly unknown[] = [Token.STRING_MAP_TOKEN_VALUE, Token.ANY_MAP_TOKEN_VALUE];

/**
 * What cdktf's `resolve` returns for `value`, without its cost on values that hold no token.
 * cdktf builds a resolution context and a path string for every value it visits; at cohort scale
 * nearly all values are plain strings, objects and arrays, which it returns unchanged (copied,
 * with undefined dropped). This walk copies those itself and hands every value that is or may
 * hold a token (a marker in a string or key, any number, a resolvable object) to cdktf's
 * `resolve`, which at the top level resolves it exactly as it would nested.
 */
function resolveValue(stack: TerraformStack, value: unknown): unknown {
  if (typeof value === "string") {
    const plain = !value.includes(TOKEN_MARKER) && !NUMBER_IN_STRING.test(value) && !MAP_TOKEN_VALUES.includes(value);
    return plain ? value : resolve(stack, value);
  }
  if (value === undefined || value === null || typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    if (value.some((item) => typeof item === "number" || (typeof item === "string" && item.includes(TOKEN_MARKER)))) return resolve(stack, value);
    const items: unknown[] = [];
    for (const item of value) {
      const resolved = resolveValue(stack, item);
      if (resolved !== undefined) items.push(resolved);
    }
    return items;
  }
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype || Tokenization.isResolvable(value)) return resolve(stack, value);
  const keys = Object.keys(value);
  if (keys.some((key) => key.includes(TOKEN_MARKER) || NUMBER_IN_STRING.test(key))) return resolve(stack, value);
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const resolved = resolveValue(stack, (value as Record<string, unknown>)[key]);
    if (resolved !== undefined) result[key] = resolved;
  }
  return result;
}

/** The stack's Terraform elements in construct order, not descending into nested stacks. */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) if (!TerraformStack.isStack(child)) terraformElements(child, into);
  return into;
}
