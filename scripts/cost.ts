// `npm run cost [-- --week N] [--json] [--readme]`: the monthly AWS cost estimate of the cohort in
// $COHORT_FILE (default: the example) at its week (or week N, checked by that week's rules): per
// item with its assumptions, per stack, per roadmap week, and the three biggest items with what
// lowers them. Markdown, or JSON with --json; --readme writes the example cohort's at week 10 into
// README.md between its cost markers.
import { COHORT_WEEKS } from "../config/cohort-calendar";
import { cohortFilePath, EXAMPLE_COHORT_FILE, loadCohortFile, loadCohortFileAtWeek } from "../config/load-cohort";
import { estimateCohortCost, formatCostMarkdown } from "../stacks/cost-estimate";
import { weekAndFlags } from "./arguments";
import { README_PATH, writeReadmeBlock, type ReadmeBlock } from "./readme-block";

export const README_COST: ReadmeBlock = { start: "<!-- cohort cost: npm run cost -- --readme -->", end: "<!-- end of cohort cost -->" };
/** The README shows the example cohort at the roadmap's last week. */
export const README_COST_WEEK = COHORT_WEEKS;
const USAGE = "usage: npm run cost [-- --week N] [--json] [--readme]";

/** The arguments, or a message naming the bad one. */
export function costArguments(args: readonly string[]): { week?: number; json: boolean; readme: boolean } | string {
  const parsed = weekAndFlags("cost", args, ["--json", "--readme"]);
  if (typeof parsed === "string") return `${parsed}\n${USAGE}`;
  if (parsed.flags.has("--readme") && args.length > 1) return `cost: --readme writes the example cohort at week ${README_COST_WEEK} and takes no other argument\n${USAGE}`;
  return { week: parsed.week, json: parsed.flags.has("--json"), readme: parsed.flags.has("--readme") };
}

if (require.main === module) {
  const parsed = costArguments(process.argv.slice(2));
  if (typeof parsed === "string") {
    console.error(parsed);
    process.exit(2);
  }
  try {
    if (parsed.readme) {
      writeReadmeBlock(README_COST, formatCostMarkdown(estimateCohortCost(loadCohortFileAtWeek(EXAMPLE_COHORT_FILE, README_COST_WEEK))));
      console.log(`cost: written into ${README_PATH}`);
    } else {
      const file = cohortFilePath();
      const estimate = estimateCohortCost(parsed.week === undefined ? loadCohortFile(file) : loadCohortFileAtWeek(file, parsed.week));
      console.log(parsed.json ? JSON.stringify(estimate, null, 2) : formatCostMarkdown(estimate));
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
