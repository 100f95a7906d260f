#!/usr/bin/env node
// Synthesizes the cohort in $COHORT_FILE (default: the example cohort) into $CDKTF_OUTDIR (default cdktf.out).
import { cohortFilePath } from "./config/load-cohort";
import { formatSummary, synthesizeCohort } from "./stacks/synthesize";

const cohortFile = cohortFilePath();
const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
try {
  const result = synthesizeCohort({ cohortFile, outdir });
  console.log(formatSummary(result, cohortFile, outdir));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
