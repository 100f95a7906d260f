#!/usr/bin/env node
// The organizer's command (`npm run synth`, or `npx cohort-platform synth` where the package is
// installed): synthesizes the cohort in $COHORT_FILE (default: the example cohort) into
// $CDKTF_OUTDIR (default cdktf.out).
import { cohortFilePath, EXAMPLE_COHORT_FILE } from "./config/load-cohort";
import { formatSummary, formatWarnings, synthesizeCohortInParallel } from "./stacks/synthesize";
import { recordTokenStackTraces } from "./stacks/token-stack-traces";

const USAGE = `usage: cohort-platform [synth]
  Synthesizes the cohort file $COHORT_FILE (default: the example cohort) into $CDKTF_OUTDIR (default cdktf.out)
  and prints the stacks and what to run next. Every problem of a bad cohort file is printed and nothing is written.
  COHORT_SYNTH_PROCESSES=N   processes synthesizing at once, 1-16, each building the whole app (default: 1)
  COHORT_TOKEN_STACK_TRACES=1  record where each cdktf token was created, to debug a resolution error (default: off)`;

const [command = "synth", ...rest] = process.argv.slice(2);
if (command === "--help" || command === "-h" || command === "help") {
  console.log(USAGE);
} else if (command !== "synth" || rest.length > 0) {
  console.error(`cohort-platform: unknown arguments "${process.argv.slice(2).join(" ")}"\n${USAGE}`);
  process.exitCode = 2;
} else {
  recordTokenStackTraces();
  const cohortFile = cohortFilePath();
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  synthesizeCohortInParallel({ cohortFile, outdir, processes: processesFromEnvironment() }).then(
    (result) => {
      console.log(formatSummary(result, cohortFile, outdir, EXAMPLE_COHORT_FILE));
      for (const line of formatWarnings(result.warnings)) console.error(line);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}

/** `COHORT_SYNTH_PROCESSES`: how many processes synthesize at once (1-16); unset: one. */
function processesFromEnvironment(): number | undefined {
  const value = process.env.COHORT_SYNTH_PROCESSES;
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 16) {
    console.error(`cohort-platform: COHORT_SYNTH_PROCESSES must be a whole number from 1 to 16, got "${value}"`);
    process.exit(2);
  }
  return Number(value);
}
