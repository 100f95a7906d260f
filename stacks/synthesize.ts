import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { App, Manifest } from "cdktf";
import { clusterSupportNotes } from "../config/cohort-calendar";
import { placeholderWarnings, unbuiltWeeksNote, type CohortWarning } from "../config/cohort-warnings";
import { loadCohortFile } from "../config/load-cohort";
import type { CohortConfig } from "../config/cohort-schema";
import { usesEks } from "./cohort-cluster";
import { budgetWarnings, costSummaryNote, estimateCohortCost, type CostEstimate } from "./cost-estimate";
import type { CohortStack } from "./cohort-stack";
import { buildApp, COUNTS_FILE, synthesizeClaimedStacks } from "./shared-synthesis";
import type { SynthesizedStackCounts } from "./stack-references";
import type { SynthesisJob } from "./synthesis-worker";

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
 * Validates the cohort file and the whole construct tree first, synthesizes into a staging folder
 * beside `outdir`, and moves the stacks into `outdir` only when all of that succeeded: a bad input
 * leaves `outdir` exactly as it was (and creates no `outdir` that was absent). One process;
 * {@link synthesizeCohortInParallel} can share the stacks among several.
 * Throws {@link CohortConfigError} for a bad cohort file, and an `Error` for any other failure.
 */
export function synthesizeCohort(options: SynthesizeOptions): SynthesisResult {
  const synthesis = new StagedSynthesis(options);
  try {
    synthesis.buildAndValidate();
    synthesis.synthesizeShare();
    return synthesis.commit(1);
  } finally {
    synthesis.dispose();
  }
}

export interface ParallelSynthesizeOptions extends SynthesizeOptions {
  /**
   * Processes synthesizing at once, this one included (1-16). Each builds the whole app, so memory
   * grows with every process; on the 2 vCPUs measured (`npm run bench`) a second one was not faster.
   * @default 1
   */
  readonly processes?: number;
}

/**
 * {@link synthesizeCohort} with the stacks shared among processes: the student shards, the
 * platform and the labs are independent JSON documents, and cdktf's resolution is single-threaded.
 * Each worker process builds the same app and synthesizes the stacks it claims first
 * ({@link synthesizeClaimedStacks}) into its own staging folder; this process validates the whole
 * app, synthesizes what it claims, and moves every stack into `outdir` when all succeeded. The
 * output is the same byte for byte.
 */
export async function synthesizeCohortInParallel(options: ParallelSynthesizeOptions): Promise<SynthesisResult> {
  const synthesis = new StagedSynthesis(options);
  try {
    const count = options.processes ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 16) throw new Error(`processes must be a whole number from 1 to 16, got ${count}`);
    // Started first, so their start and build overlap this process's build.
    const workers = Array.from({ length: count - 1 }, (_, worker) =>
      startWorker(worker + 1, { cohortFile: options.cohortFile, today: synthesis.today.toISOString(), outdir: synthesis.shareFolder(worker + 1), claims: synthesis.claims }),
    );
    try {
      synthesis.buildAndValidate();
      synthesis.synthesizeShare();
    } finally {
      // On a failure here the workers are stopped; either way every one has ended before the staging folder goes.
      await Promise.allSettled(workers.map((worker) => (synthesis.failed ? worker.stop() : worker.done)));
    }
    await Promise.all(workers.map((worker) => worker.done));
    return synthesis.commit(count);
  } finally {
    synthesis.dispose();
  }
}

/** One synthesis run: the validated cohort, its staging folder, and the app this process built. */
class StagedSynthesis {
  public readonly today: Date;
  public readonly cohort: CohortConfig;
  public failed = false;
  private readonly outdir: string;
  private readonly staging: string;
  private built?: { app: App; stacks: CohortStack[] };
  /** Estimated before anything is written, so a failing estimate fails the synth with outdir untouched. */
  private cost?: CostEstimate;

  constructor(options: SynthesizeOptions) {
    this.today = options.today ?? new Date();
    this.cohort = loadCohortFile(options.cohortFile, { today: this.today });
    this.outdir = options.outdir;
    const parent = path.dirname(path.resolve(options.outdir));
    fs.mkdirSync(parent, { recursive: true });
    // Beside outdir, so the stacks move into it by rename.
    this.staging = fs.mkdtempSync(path.join(parent, `.${path.basename(options.outdir)}-staging-`));
    fs.mkdirSync(this.claims);
  }

  /** The folder process `index` synthesizes into. */
  public shareFolder(index: number): string {
    return path.join(this.staging, String(index));
  }

  /** Where the processes claim stacks. */
  public get claims(): string {
    return path.join(this.staging, "claims");
  }

  /** Builds the whole app and runs every construct's validation; writes no stack. */
  public buildAndValidate(): void {
    this.guard(() => {
      const built = buildApp(this.cohort, this.shareFolder(0));
      const problems = built.stacks.flatMap((stack) =>
        stack.node.findAll().flatMap((construct) => construct.node.validate().map((message) => `[${construct.node.path}] ${message}`)),
      );
      if (problems.length > 0) throw new Error(`The cohort's stacks failed validation; nothing was synthesized:\n  ${problems.join("\n  ")}`);
      this.built = built;
      this.cost = estimateCohortCost(this.cohort);
    });
  }

  /** Synthesizes the stacks this process claims into share folder 0. */
  public synthesizeShare(): void {
    this.guard(() => synthesizeClaimedStacks(this.app.app, this.app.stacks, this.claims));
  }

  /**
   * Moves every stack of the `count` share folders into outdir, writes the manifest of them all,
   * removes stacks of an earlier synth that this app no longer has, and summarizes.
   */
  public commit(count: number): SynthesisResult {
    const { app, stacks } = this.app;
    const ids = stacks.map((stack) => stack.node.id);
    const read = <T>(index: number, file: string) => JSON.parse(fs.readFileSync(path.join(this.shareFolder(index), file), "utf8")) as T;
    const manifests = Array.from({ length: count }, (_, index) => read<{ stacks: Manifest["stacks"] }>(index, Manifest.fileName));
    const counts: Record<string, SynthesizedStackCounts> = Object.assign({}, ...Array.from({ length: count }, (_, index) => read(index, COUNTS_FILE)));
    const written = manifests.flatMap((manifest) => Object.keys(manifest.stacks)).sort();
    if (written.join() !== [...ids].sort().join()) throw new Error(`Synthesis wrote the stacks ${written.join(", ")}, expected ${ids.join(", ")}`);
    const outdirExisted = fs.existsSync(this.outdir);
    try {
      fs.mkdirSync(path.join(this.outdir, Manifest.stacksFolder), { recursive: true });
      manifests.forEach((manifest, index) => {
        for (const id of Object.keys(manifest.stacks)) moveStackInto(path.join(this.shareFolder(index), Manifest.stacksFolder, id), path.join(this.outdir, Manifest.stacksFolder, id));
      });
      const manifest = new Manifest(app.manifest.version, this.outdir, false);
      for (const share of manifests) Object.assign(manifest.stacks, share.stacks);
      manifest.writeToFile();
      removeStaleStacks(this.outdir, ids);
      const unbuilt = unbuiltWeeksNote(this.cohort.throughWeek);
      const support = usesEks(this.cohort) ? clusterSupportNotes({ ...this.cohort.cluster, startDate: this.cohort.startDate, throughWeek: this.cohort.throughWeek }, this.today) : [];
      const cost = this.cost!;
      const notes = [...support, ...(unbuilt ? [unbuilt] : []), costSummaryNote(cost)];
      const summaries = stacks.map((stack) => ({ stackId: stack.node.id, ...counts[stack.node.id], dependsOn: stack.dependencies.map((dependency) => dependency.node.id) }));
      return { cohort: this.cohort, stacks: summaries, notes, warnings: [...placeholderWarnings(this.cohort), ...budgetWarnings(cost)] };
    } catch (error) {
      if (!outdirExisted) fs.rmSync(this.outdir, { recursive: true, force: true });
      throw error;
    }
  }

  public dispose(): void {
    fs.rmSync(this.staging, { recursive: true, force: true });
  }

  private get app(): { app: App; stacks: CohortStack[] } {
    if (!this.built) throw new Error("buildAndValidate() must run first");
    return this.built;
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }
}

/** A running synthesis worker: `done` resolves when it wrote its share, rejects with its error otherwise. */
interface Worker {
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

const WORKER_SCRIPT = path.join(__dirname, "synthesis-worker.js");

function startWorker(index: number, job: SynthesisJob): Worker {
  const child = spawn(process.execPath, [...process.execArgv, WORKER_SCRIPT, JSON.stringify(job)], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `Synthesis worker process ${index} failed (${signal ?? `exit ${code}`})${stderr.trim() ? `:\n${stderr.trim()}` : ""}` +
                (signal ? "\nIf the system ran out of memory, run again with COHORT_SYNTH_PROCESSES=1 (one process needs about half the memory)." : ""),
            ),
          ),
    );
  });
  return {
    done,
    stop: () => {
      child.kill();
      return done.catch(() => undefined);
    },
  };
}

/**
 * Replaces what synthesis writes in a stack's folder (`cdk.tf.json`, `assets/`...) entry by entry,
 * as cdktf does: what Terraform keeps there (`.terraform/`, `.terraform.lock.hcl`, plans) stays.
 */
function moveStackInto(staged: string, target: string): void {
  fs.mkdirSync(target, { recursive: true });
  for (const entry of fs.readdirSync(staged)) {
    fs.rmSync(path.join(target, entry), { recursive: true, force: true });
    fs.renameSync(path.join(staged, entry), path.join(target, entry));
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
