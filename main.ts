#!/usr/bin/env node
// The organizer's command (`npm run synth`, or `npx cohort-platform synth` where the package is
// installed): synthesizes the cohort in $COHORT_FILE (default: the example cohort) into
// $CDKTF_OUTDIR (default cdktf.out).
import { cohortFilePath, EXAMPLE_COHORT_FILE } from "./config/load-cohort";
import { formatSummary, formatWarnings, synthesizeCohort } from "./stacks/synthesize";

const USAGE = `usage: cohort-platform [synth]
  Synthesizes the cohort file $COHORT_FILE (default: the example cohort) into $CDKTF_OUTDIR (default cdktf.out)
  and prints the stacks and what to run next. Every problem of a bad cohort file is printed and nothing is written.`;

const [command = "synth", ...rest] = process.argv.slice(2);
if (command === "--help" || command === "-h" || command === "help") {
  console.log(USAGE);
} else if (command !== "synth" || rest.length > 0) {
  console.error(`cohort-platform: unknown arguments "${process.argv.slice(2).join(" ")}"\n${USAGE}`);
  process.exitCode = 2;
} else {
  const cohortFile = cohortFilePath();
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  try {
    const result = synthesizeCohort({ cohortFile, outdir });
    console.log(formatSummary(result, cohortFile, outdir, EXAMPLE_COHORT_FILE));
    for (const line of formatWarnings(result.warnings)) console.error(line);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
