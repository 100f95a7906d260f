// A cohort file of any size for measurements (`npm run bench`, scripts/compare-synth.ts): the example
// cohort at week 10 with generated students, about 50 per shard, and as many nodes as the capacity
// rule asks for.
import * as fs from "fs";
import { parse, stringify } from "yaml";
import { nodesNeeded } from "../config/cluster-capacity";
import { KUBERNETES_LABS } from "../config/cohort-schema";
import { EXAMPLE_COHORT_FILE } from "../config/load-cohort";

/** Pods, not CPU, bound a node for the labs; the 2xlarge size halves the node count against t3.xlarge's CPU. */
const BENCH_INSTANCE_TYPE = "m7i.2xlarge";

export function generatedCohort(students: number): string {
  const cohort = parse(fs.readFileSync(EXAMPLE_COHORT_FILE, "utf8")) as Record<string, unknown>;
  cohort.throughWeek = 10;
  cohort.students = Array.from({ length: students }, (_, i) => ({
    name: `student-${String(i).padStart(3, "0")}`,
    principalArn: `arn:aws:iam::123456789012:user/student-${i}`,
    githubRepository: `student-${i}/hello-node`,
  }));
  // About 50 students per shard, as the README recommends.
  cohort.workloads = { ...(cohort.workloads as object), shards: Math.ceil(students / 50) };
  // Nodes the capacity rule accepts for the roster: the example's group, as many as it takes.
  const general = { name: "general", instanceTypes: [BENCH_INSTANCE_TYPE], minSize: 3, desiredSize: 3, maxSize: 100 };
  const nodes = nodesNeeded([{ name: general.name, nodes: 3, instanceType: BENCH_INSTANCE_TYPE }], 0, students, [...KUBERNETES_LABS], 10, general.maxSize);
  if (nodes === undefined) throw new Error(`generated cohort: ${students} students do not fit on ${general.maxSize} × ${BENCH_INSTANCE_TYPE}`);
  cohort.cluster = { ...(cohort.cluster as object), nodeGroups: [{ ...general, minSize: nodes, desiredSize: nodes }] };
  return stringify(cohort);
}
