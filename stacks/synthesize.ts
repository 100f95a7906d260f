import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { clusterSupportNotes } from "../config/cohort-calendar";
import { placeholderWarnings, unbuiltWeeksNote, type CohortWarning } from "../config/cohort-warnings";
import { loadCohortFile } from "../config/load-cohort";
import type { CohortConfig } from "../config/cohort-schema";
import { buildCohortApp } from "./cohort-app";
import { usesEks } from "./cohort-cluster";

export interface SynthesizeOptions {
  /** The cohort file to read. */
  readonly cohortFile: string;
  /** Where the Terraform JSON goes (one folder per stack under `stacks/`). */
  readonly outdir: string;
  /** Today, for the date-dependent rules and notes (tests pin it). @default - the current date */
  readonly today?: Date;
}

export interface StackSummary {
  readonly stackId: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly dependsOn: readonly string[];
}

export interface SynthesisResult {
  readonly cohort: CohortConfig;
  readonly stacks: readonly StackSummary[];
  /** Facts the organizer should see (support windows, weeks not built yet), one sentence each. */
  readonly notes: readonly string[];
  /** Placeholders left from the example cohort, which synthesize but fail or mislead at deploy time. */
  readonly warnings: readonly CohortWarning[];
}

/**
 * Validates the cohort file and the whole construct tree first, and writes only when both are
 * sound: a bad input leaves `outdir` exactly as it was (and creates no `outdir` that was absent).
 * Throws {@link CohortConfigError} for a bad cohort file, and an `Error` for any other failure.
 */
export function synthesizeCohort(options: SynthesizeOptions): SynthesisResult {
  const today = options.today ?? new Date();
  const cohort = loadCohortFile(options.cohortFile, { today });
  const outdirExisted = fs.existsSync(options.outdir);
  try {
    // App creates outdir when it is missing; cdktf runs validations only after it wrote the stacks.
    const app = new App({ outdir: options.outdir, skipValidation: true });
    buildCohortApp(app, cohort);
    const stacks = app.node.findAll().filter(TerraformStack.isStack);
    const problems = stacks.flatMap((stack) =>
      stack.node.findAll().flatMap((construct) => construct.node.validate().map((message) => `[${construct.node.path}] ${message}`)),
    );
    if (problems.length > 0) throw new Error(`The cohort's stacks failed validation; nothing was synthesized:\n  ${problems.join("\n  ")}`);
    app.synth();
    removeStaleStacks(options.outdir, stacks.map((stack) => stack.node.id));
    const unbuilt = unbuiltWeeksNote(cohort.throughWeek);
    const support = usesEks(cohort) ? clusterSupportNotes({ ...cohort.cluster, startDate: cohort.startDate, throughWeek: cohort.throughWeek }, today) : [];
    const notes = [...support, ...(unbuilt ? [unbuilt] : [])];
    return { cohort, stacks: stacks.map((stack) => summarize(options.outdir, stack)), notes, warnings: placeholderWarnings(cohort) };
  } catch (error) {
    if (!outdirExisted) fs.rmSync(options.outdir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Removes stack folders of an earlier synth that this app no longer has (another cohort, a stack
 * whose week has not come), as `cdktf synth` does: `npm run validate` and `cdktf deploy` would
 * otherwise pick them up. Only folders holding a `cdk.tf.json` are touched.
 */
function removeStaleStacks(outdir: string, current: readonly string[]): void {
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) return;
  for (const entry of fs.readdirSync(stacksDir, { withFileTypes: true })) {
    if (entry.isDirectory() && !current.includes(entry.name) && fs.existsSync(path.join(stacksDir, entry.name, "cdk.tf.json"))) {
      fs.rmSync(path.join(stacksDir, entry.name), { recursive: true, force: true });
    }
  }
}

function summarize(outdir: string, stack: TerraformStack): StackSummary {
  const stackId = stack.node.id;
  const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stackId, "cdk.tf.json"), "utf8")) as {
    resource?: Record<string, Record<string, unknown>>;
    data?: Record<string, Record<string, unknown>>;
  };
  const count = (blocks: Record<string, Record<string, unknown>> | undefined) =>
    Object.values(blocks ?? {}).reduce((total, byName) => total + Object.keys(byName).length, 0);
  return {
    stackId,
    resources: count(json.resource),
    dataSources: count(json.data),
    dependsOn: stack.dependencies.map((dependency) => dependency.node.id),
  };
}

/** The summary `npm run synth` prints: stacks, resource counts and what the organizer runs next. */
export function formatSummary(result: SynthesisResult, cohortFile: string, outdir: string, exampleCohortFile?: string): string {
  const width = Math.max(...result.stacks.map((stack) => stack.stackId.length));
  const ids = result.stacks.map((stack) => stack.stackId);
  const state = result.stacks.find((stack) => stack.stackId.endsWith("-state") && stack.dependsOn.length === 0 && result.cohort.stateBackend);
  // The first stack with nothing deployed before it but the state bucket: the one a plan can be reviewed for first.
  const firstPlannable = result.stacks.find((stack) => stack !== state && stack.dependsOn.every((dependency) => dependency === state?.stackId)) ?? result.stacks[0];
  const lines = [
    `Synthesized cohort ${result.cohort.name} (through week ${result.cohort.throughWeek}, ${result.cohort.students.length} students) from ${path.relative(process.cwd(), cohortFile) || cohortFile} into ${path.relative(process.cwd(), outdir) || outdir}/:`,
    ...result.stacks.map((stack) => {
      const after = stack.dependsOn.length > 0 ? `  (after ${stack.dependsOn.join(", ")})` : "";
      return `  ${stack.stackId.padEnd(width)}  ${String(stack.resources).padStart(4)} resources, ${String(stack.dataSources).padStart(3)} data sources${after}`;
    }),
    ...(result.notes.length > 0 ? ["", ...result.notes] : []),
    "",
    "Next (Terraform >= 1.10 and AWS credentials; cdktf synthesizes again, so it must read the same cohort file):",
  ];
  if (exampleCohortFile === undefined || path.resolve(cohortFile) !== path.resolve(exampleCohortFile)) {
    lines.push(`  export COHORT_FILE=${path.resolve(cohortFile)}`);
  }
  if (state) {
    lines.push(`  npx cdktf deploy ${state.stackId}   # first, once: the state bucket (its own state stays in terraform.${state.stackId}.tfstate: keep that file)`);
  }
  lines.push(`  npx cdktf diff ${firstPlannable.stackId}   # review a plan`);
  lines.push(`  npx cdktf deploy ${ids.join(" ")}   # everything, in dependency order`);
  return lines.join("\n");
}

/** The warnings as `main` prints them on stderr, one line each. */
export function formatWarnings(warnings: readonly CohortWarning[]): string[] {
  return warnings.map((warning) => `warning: ${warning.path}: ${warning.message}`);
}
