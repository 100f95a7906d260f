import * as fs from "fs";
import * as path from "path";
import { setFlagsFromString } from "v8";
import { runInNewContext } from "vm";
import { App } from "cdktf";
import type { CohortConfig } from "../config/cohort-schema";
import { buildCohortApp } from "./cohort-app";
import { CohortStack } from "./cohort-stack";
import type { SynthesizedStackCounts } from "./stack-references";

/** Builds the cohort's app writing into `outdir`; the cohort must be validated. */
export function buildApp(cohort: CohortConfig, outdir: string): { app: App; stacks: CohortStack[] } {
  // App creates outdir when it is missing; cdktf runs validations only after it wrote the stacks.
  const app = new App({ outdir, skipValidation: true });
  buildCohortApp(app, cohort);
  return { app, stacks: app.node.findAll().filter((construct): construct is CohortStack => construct instanceof CohortStack) };
}

/**
 * Synthesizes the stacks this process claims into the app's outdir and writes their manifest and
 * {@link COUNTS_FILE}; returns the counts per stack id. Every process that synthesizes the same cohort walks the stacks in the same
 * order, largest first (by constructs), and claims each one by creating `claims/<stack id>`:
 * `mkdir` succeeds for exactly one of them, so each stack is written once, and a process that is
 * done with a large stack takes the next free one (no estimate needs to be right). This is what
 * `App.synth` does per stack, less the preparing pass `CohortStack` skips.
 */
export function synthesizeClaimedStacks(app: App, stacks: readonly CohortStack[], claims: string): Record<string, SynthesizedStackCounts> {
  const session = { outdir: app.outdir, skipValidation: true, manifest: app.manifest };
  const largestFirst = stacks.map((stack) => ({ stack, size: stack.node.findAll().length })).sort((a, b) => b.size - a.size);
  const claimed: Record<string, SynthesizedStackCounts> = {};
  for (const { stack } of largestFirst) {
    if (!claim(claims, stack.node.id)) continue;
    stack.prepareStack();
    stack.synthesizer.synthesize(session);
    claimed[stack.node.id] = stack.synthesizedCounts!;
    collectGarbage();
  }
  app.manifest.writeToFile();
  fs.writeFileSync(path.join(app.outdir, COUNTS_FILE), JSON.stringify(claimed));
  return claimed;
}

/** Beside the manifest in each process's folder: {@link SynthesizedStackCounts} per stack it wrote. */
export const COUNTS_FILE = "stack-counts.json";

function claim(claims: string, stackId: string): boolean {
  try {
    fs.mkdirSync(path.join(claims, stackId), { recursive: false });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * A stack's resolved JSON is garbage once written, but V8 collects its old generation only when
 * that has grown: across a cohort's stacks that doubled peak memory. A full collection after each
 * stack keeps the peak near the largest stack's.
 */
let collectGarbage: () => void = () => {
  // `gc` exists only with --expose-gc; the flag can be set at run time for new contexts.
  setFlagsFromString("--expose-gc");
  collectGarbage = (globalThis as { gc?: () => void }).gc ?? (runInNewContext("gc") as () => void);
  collectGarbage();
};
