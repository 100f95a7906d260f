import * as fs from "fs";
import * as path from "path";
import { EXAMPLE_COHORT_FILE } from "../config/load-cohort";
import { diagramOf, README_DIAGRAM_END, README_DIAGRAM_START, withDiagram } from "../scripts/diagram";

describe("npm run diagram", () => {
  const diagram = diagramOf(EXAMPLE_COHORT_FILE, 10);

  test("the README's diagram is the example cohort's at week 10, as generated now", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    expect(withDiagram(readme, diagram)).toBe(readme);
  });

  test("one box per stack with its key resources counted, arrows in deploy order without implied ones", () => {
    expect(diagram).toMatch(/^```mermaid\nflowchart TD\n/);
    expect(diagram).toContain('labs["<b>devops-2026-labs</b><br/>12 lab workstations,');
    expect(diagram).toMatch(/platform\["<b>devops-2026-platform<\/b><br\/>13 ECR repositories, 2 SNS topics, 1 EKS cluster, 2 node groups, \d+ EKS add-ons, \d+ access entries/);
    const arrows = diagram.split("\n").filter((line) => line.includes("-->"));
    expect(arrows).toEqual(["  state --> network", "  network --> labs", "  network --> platform", "  platform --> cluster_services", "  cluster_services --> students_1"]);
  });

  test("the example at its own week (1) has the state bucket and the network only", () => {
    const week1 = diagramOf(EXAMPLE_COHORT_FILE);
    expect(week1.split("\n").filter((line) => line.includes('["'))).toHaveLength(2);
    expect(week1).toContain("%% cohort devops-2026, week 1, 12 students");
  });

  test("a README without the markers is an error that names them", () => {
    expect(() => withDiagram("# no diagram here\n", diagram)).toThrow(`README.md has no "${README_DIAGRAM_START}" ... "${README_DIAGRAM_END}" block`);
  });
});
