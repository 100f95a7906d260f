// `npm run cost [-- --week N] [--json] [--readme]`: the monthly AWS cost estimate of the cohort in
// $COHORT_FILE (default: the example) at its week (or week N): per item with its assumptions, per
// stack, per roadmap week, and the three biggest items with what lowers them. Markdown, or JSON
// with --json; --readme writes the Markdown into README.md between its cost markers.
import { cohortFilePath, loadCohortFile } from "../config/load-cohort";
import { estimateCohortCost, formatCostMarkdown } from "../stacks/cost-estimate";
import { README_PATH, writeReadmeBlock, type ReadmeBlock } from "./readme-block";

export const README_COST: ReadmeBlock = { start: "<!-- cohort cost: npm run cost -- --week 10 --readme -->", end: "<!-- end of cohort cost -->" };
const USAGE = "usage: npm run cost [-- --week N] [--json] [--readme]";

/** The arguments, or a message naming the bad one. */
export function costArguments(args: readonly string[]): { week?: number; json: boolean; readme: boolean } | string {
  const weekAt = args.indexOf("--week");
  const week = weekAt >= 0 ? Number(args[weekAt + 1]) : undefined;
  const unknown = args.filter((arg, index) => !["--json", "--readme", "--week"].includes(arg) && !(weekAt >= 0 && index === weekAt + 1));
  if (unknown.length > 0) return `cost: unknown argument "${unknown[0]}"; the arguments are --week N, --json and --readme\n${USAGE}`;
  if (weekAt >= 0 && !(Number.isInteger(week) && week! >= 1 && week! <= 10)) return `cost: --week takes a week from 1 to 10, got "${args[weekAt + 1] ?? ""}"\n${USAGE}`;
  if (args.includes("--json") && args.includes("--readme")) return `cost: --readme writes Markdown; leave out --json\n${USAGE}`;
  return { week, json: args.includes("--json"), readme: args.includes("--readme") };
}

if (require.main === module) {
  const parsed = costArguments(process.argv.slice(2));
  if (typeof parsed === "string") {
    console.error(parsed);
    process.exit(2);
  }
  try {
    const estimate = estimateCohortCost(loadCohortFile(cohortFilePath()), parsed.week);
    if (parsed.json) console.log(JSON.stringify(estimate, null, 2));
    else if (parsed.readme) {
      writeReadmeBlock(README_COST, formatCostMarkdown(estimate));
      console.log(`cost: written into ${README_PATH}`);
    } else console.log(formatCostMarkdown(estimate));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
