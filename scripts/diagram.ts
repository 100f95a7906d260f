// `npm run diagram [-- --week N] [--readme]`: prints a Mermaid diagram of the stacks of the cohort in
// $COHORT_FILE (default: the example) at its week (or week N): their deploy order and key
// resources. --readme writes it into README.md between its diagram markers instead.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cohortFilePath, loadCohortFile, loadCohortFileAtWeek } from "../config/load-cohort";
import { cohortDiagram } from "../stacks/cohort-diagram";
import { buildApp } from "../stacks/shared-synthesis";
import { README_PATH, withReadmeBlock, writeReadmeBlock } from "./readme-block";

export const README_DIAGRAM_START = "<!-- cohort diagram: npm run diagram -- --week 10 --readme -->";
export const README_DIAGRAM_END = "<!-- end of cohort diagram -->";
const USAGE = "usage: npm run diagram [-- --week N] [--readme]";

/** The diagram of a cohort file, at `week` when given. */
export function diagramOf(cohortFile: string, week?: number): string {
  const atWeek = week === undefined ? loadCohortFile(cohortFile) : loadCohortFileAtWeek(cohortFile, week);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-diagram-"));
  try {
    return cohortDiagram(atWeek, buildApp(atWeek, scratch).stacks);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const README_DIAGRAM = { start: README_DIAGRAM_START, end: README_DIAGRAM_END };

/** README.md with its diagram block replaced. */
export function withDiagram(readme: string, diagram: string): string {
  return withReadmeBlock(readme, README_DIAGRAM, diagram);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const weekAt = args.indexOf("--week");
  const week = weekAt >= 0 ? Number(args[weekAt + 1]) : undefined;
  const known = args.every((arg, index) => arg === "--readme" || arg === "--week" || (index === weekAt + 1 && weekAt >= 0));
  if (!known || (weekAt >= 0 && !(Number.isInteger(week) && week! >= 1 && week! <= 10))) {
    console.error(`diagram: --week takes a week from 1 to 10, and the only other argument is --readme; got "${args.join(" ")}"\n${USAGE}`);
    process.exit(2);
  }
  try {
    const diagram = diagramOf(cohortFilePath(), week);
    if (args.includes("--readme")) {
      writeReadmeBlock(README_DIAGRAM, diagram);
      console.log(`diagram: written into ${README_PATH}`);
    } else console.log(diagram);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
