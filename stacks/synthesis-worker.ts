// A process that synthesizes one share of a cohort's stacks for `synthesizeCohortInParallel`:
// argv[2] is a SynthesisJob as JSON; what it wrote is in its folder's manifest, a failure on stderr.
import { loadCohortFile } from "../config/load-cohort";
import { buildApp, synthesizeClaimedStacks } from "./shared-synthesis";
import { recordTokenStackTraces } from "./token-stack-traces";

/** What a worker is asked to do. */
export interface SynthesisJob {
  readonly cohortFile: string;
  /** ISO date: the parent's `today`, so both apply the same date-dependent rules. */
  readonly today: string;
  /** The worker's own staging folder. */
  readonly outdir: string;
  /** The folder where stacks are claimed (see `synthesizeClaimedStacks`). */
  readonly claims: string;
}

recordTokenStackTraces();
try {
  const job = JSON.parse(process.argv[2]) as SynthesisJob;
  const cohort = loadCohortFile(job.cohortFile, { today: new Date(job.today) });
  const { app, stacks } = buildApp(cohort, job.outdir);
  synthesizeClaimedStacks(app, stacks, job.claims);
} catch (error) {
  process.stderr.write(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}
