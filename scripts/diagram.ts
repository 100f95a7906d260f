// `npm run diagram [-- --week N] [--readme]`: prints a Mermaid diagram of the stacks of the cohort in
// $COHORT_FILE (default: the example) at its week (or week N): their deploy order and key
// resources. --readme writes it into README.md between its diagram markers instead.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cohortFilePath, loadCohortFile, loadCohortFileAtWeek } from "../config/load-cohort";
import { cohortDiagram } from "../stacks/cohort-diagram";
import { buildApp } from "../stacks/shared-synthesis";
import { weekAndFlags } from "./arguments";
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
  const parsed = weekAndFlags("diagram", process.argv.slice(2), ["--readme"]);
  if (typeof parsed === "string") {
    console.error(`${parsed}\n${USAGE}`);
    process.exit(2);
  }
  try {
    const diagram = diagramOf(cohortFilePath(), parsed.week);
    if (parsed.flags.has("--readme")) {
      writeReadmeBlock(README_DIAGRAM, diagram);
      console.log(`diagram: written into ${README_PATH}`);
    } else console.log(diagram);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
