/** A synthesized stack (`cdk.tf.json`), as far as references are concerned. */
export interface SynthesizedStackJson {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
  readonly provider?: Record<string, unknown>;
  readonly [block: string]: unknown;
}

// `aws_iam_role.name`, `data.aws_iam_policy_document.name`: a type has a provider prefix and an underscore.
const REFERENCE = /(?<![\w.$-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g;

/**
 * The references to resources and data sources in a stack's interpolations (`${...}`) that the
 * stack does not declare, e.g. `aws_iam_role.ci_0A1B2C3D`, for types of the providers the stack
 * configures. cdktf turns a token of another stack into a remote-state lookup only in the
 * preparing pass that `CohortStack` skips, so such a reference would reach Terraform as an
 * undeclared one; every cohort synthesis runs this on every stack.
 */
export function undeclaredReferences(stack: SynthesizedStackJson): string[] {
  const declared = new Set<string>();
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, byName] of Object.entries(stack[kind] ?? {})) for (const name of Object.keys(byName)) declared.add(`${prefix}${type}.${name}`);
  }
  const providers = Object.keys(stack.provider ?? {});
  const undeclared = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      if (!value.includes("${")) return;
      for (const [, data = "", type, name] of interpolations(value).matchAll(REFERENCE)) {
        const reference = `${data}${type}.${name}`;
        if (providers.some((provider) => type.startsWith(`${provider}_`)) && !declared.has(reference)) undeclared.add(reference);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
  };
  for (const [block, content] of Object.entries(stack)) if (block !== "//") visit(content);
  return [...undeclared].sort();
}

/**
 * The expressions of a template string's `${...}` interpolations, joined by spaces, with their
 * quoted string literals blanked: text outside them, escaped `$${`, and literals inside them
 * (`"aws_region.name"` as a map key) are not references.
 */
export function interpolations(template: string): string {
  const expressions: string[] = [];
  for (let start = template.indexOf("${"); start >= 0; start = template.indexOf("${", start + 2)) {
    if (start > 0 && template[start - 1] === "$") continue; // $${ is a literal "${"
    let depth = 0;
    let inString = false;
    let expression = "";
    let index = start + 2;
    for (; index < template.length; index++) {
      const char = template[index];
      if (inString) {
        if (char === "\\") index++;
        else if (char === '"') inString = false;
        expression += " ";
        continue;
      }
      if (char === '"') inString = true;
      else if (char === "{") depth++;
      else if (char === "}" && depth-- === 0) break;
      expression += char === '"' ? " " : char;
    }
    expressions.push(expression);
    start = index - 1;
  }
  return expressions.join(" ");
}

/** What a synthesized stack holds, counted where it was synthesized. */
export interface SynthesizedStackCounts {
  readonly resources: number;
  readonly dataSources: number;
}

/**
 * Counts a stack's resources and data sources, and throws if it references any that it does not
 * declare ({@link undeclaredReferences}).
 */
export function checkSynthesizedStack(stackId: string, stack: SynthesizedStackJson): SynthesizedStackCounts {
  const undeclared = undeclaredReferences(stack);
  if (undeclared.length > 0) {
    throw new Error(`Stack ${stackId} references ${undeclared.join(", ")}, which it does not declare: a token of another stack was used (cohort stacks find each other by name; see CohortStack.prepareStack)`);
  }
  const count = (blocks: Record<string, Record<string, unknown>> | undefined) => Object.values(blocks ?? {}).reduce((total, byName) => total + Object.keys(byName).length, 0);
  return { resources: count(stack.resource), dataSources: count(stack.data) };
}
