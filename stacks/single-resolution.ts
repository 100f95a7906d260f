import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Token, Tokenization } from "cdktf";
import { resolve as resolveWithOptions } from "cdktf/lib/tokens/private/resolve";
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
 * fragments and the stack's own overrides, and then resolves the whole JSON again; that second
 * walk changes nothing unless an override holds a token, an undefined in a list or a number, so
 * only then is it taken here. A test compares this with cdktf's own output for every stack of the
 * example cohort, and {@link singleResolutionApplies} keeps any other cdktf version on its own code.
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
  for (const element of elements) deepMerge(metadata, resolveValue(stack, element.toMetadata(), []));

  const outputs: Record<string, unknown> = {};
  for (const output of elements.filter(TerraformOutput.isTerraformOutput)) {
    // nested by construct path, e.g. { stack: { construct: { output: "friendly_id" } } }
    const nested = output.node.path
      .split("/")
      .reduceRight<unknown>((inner, part) => ({ [part]: inner }), output.friendlyUniqueId);
    deepMerge(outputs, nested);
  }

  const json: Record<string, unknown> = { "//": { metadata, outputs: resolveValue(stack, outputs, ["//", "outputs"]) } };
  for (const element of elements) deepMerge(json, resolveValue(stack, element.toTerraform(), []));
  deepMerge(json, rawOverrides);
  return isPlain(rawOverrides) ? json : (resolveAt(stack, json, []) as Record<string, unknown>);
}

// cdktf's encoded tokens: `${TfToken[..]}` (string), `#{TfToken[..]}` (list), `&{TfToken[..]}`
// (map key), and numbers written into strings (its NUMBER_TOKEN_REGEX, at its shortest).
const TOKEN_MARKER = "TfToken[";
const NUMBER_IN_STRING = /[-|\d.+]e[-|\d.eE+]/;
const MAP_TOKEN_VALUES: readonly unknown[] = [Token.STRING_MAP_TOKEN_VALUE, Token.ANY_MAP_TOKEN_VALUE];
/** cdktf refuses deeper values as a circular reference; such a value goes to it to say so. */
const MAX_DEPTH = 200;
const TOKEN_RESOLVER = new DefaultTokenResolver(new StringConcat());

/** A string cdktf's resolver would return unchanged. */
function isPlainString(value: string): boolean {
  return !value.includes(TOKEN_MARKER) && !NUMBER_IN_STRING.test(value) && !MAP_TOKEN_VALUES.includes(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype && !Tokenization.isResolvable(value);
}

/** Whether cdktf's resolver would return `value` as it is: no token, number, undefined list item or special object in it. */
function isPlain(value: unknown): boolean {
  if (typeof value === "string") return isPlainString(value);
  if (value === null || typeof value === "boolean") return true;
  if (Array.isArray(value)) return value.every((item) => item !== undefined && isPlain(item));
  return isPlainObject(value) && Object.entries(value).every(([key, item]) => isPlainString(key) && (item === undefined || isPlain(item)));
}

/** cdktf's own resolution of `value` found at `path`, so its errors name the same place. */
function resolveAt(stack: TerraformStack, value: unknown, path: readonly string[]): unknown {
  return resolveWithOptions(value, { scope: stack, prefix: [...path], resolver: TOKEN_RESOLVER, preparing: false });
}

/**
 * What cdktf's `resolve` returns for `value` at `path`, without its cost on values that hold no
 * token. cdktf builds a resolution context and a path string for every value it visits; at cohort
 * scale nearly all values are plain strings, objects and arrays, which it returns unchanged
 * (copied, undefined dropped). This walk copies those itself and hands every value that is or may
 * hold a token (a marker in a string or key, any number, a resolvable or other special object) to
 * cdktf's resolver with its path: nothing above it on the way from the root is a token, so cdktf
 * resolves it as it would have nested.
 */
function resolveValue(stack: TerraformStack, value: unknown, path: string[]): unknown {
  if (typeof value === "string") return isPlainString(value) ? value : resolveAt(stack, value, path);
  if (value === undefined || value === null || typeof value === "boolean") return value;
  if (path.length > MAX_DEPTH) return resolveAt(stack, value, path);
  if (Array.isArray(value)) {
    if (value.some((item) => typeof item === "number" || (typeof item === "string" && item.includes(TOKEN_MARKER)))) return resolveAt(stack, value, path);
    const items: unknown[] = [];
    value.forEach((item, index) => {
      path.push(String(index));
      const resolved = resolveValue(stack, item, path);
      path.pop();
      if (resolved !== undefined) items.push(resolved);
    });
    return items;
  }
  if (!isPlainObject(value)) return resolveAt(stack, value, path);
  const keys = Object.keys(value);
  if (!keys.every(isPlainString)) return resolveAt(stack, value, path);
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    path.push(key);
    const resolved = resolveValue(stack, value[key], path);
    path.pop();
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
