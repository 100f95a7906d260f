// `npm run bench`: synthesizes generated cohorts (all weeks that exist) into a temporary folder and
// prints wall time and peak memory per cohort size. Each run is a fresh `node dist/main.js`
// process, as `npm run synth` and `cdktf synth` run it.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { nodesNeeded } from "../config/cluster-capacity";
import { KUBERNETES_LABS } from "../config/cohort-schema";
import { EXAMPLE_COHORT_FILE } from "../config/load-cohort";

const SIZES = [30, 300];
/** Pods, not CPU, bound a node for the labs; the 2xlarge size halves the node count against t3.xlarge's CPU. */
const BENCH_INSTANCE_TYPE = "m7i.2xlarge";
const RUNS = 3;
const MAIN = path.join(__dirname, "..", "main.js");

function generatedCohort(students: number): string {
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
  if (nodes === undefined) throw new Error(`bench: ${students} students do not fit on ${general.maxSize} × ${BENCH_INSTANCE_TYPE}`);
  cohort.cluster = { ...(cohort.cluster as object), nodeGroups: [{ ...general, minSize: nodes, desiredSize: nodes }] };
  return stringify(cohort);
}

/** Runs one synth under GNU time when it is there (peak RSS of the whole process), else reports wall time only. */
function synthOnce(cohortFile: string, outdir: string): { seconds: number; peakMiB?: number } {
  const useTime = fs.existsSync("/usr/bin/time");
  const command = useTime ? "/usr/bin/time" : process.execPath;
  const args = useTime ? ["-f", "%M", process.execPath, MAIN] : [MAIN];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env: { ...process.env, COHORT_FILE: cohortFile, CDKTF_OUTDIR: outdir }, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`synth failed (exit ${result.status}):\n${result.stderr}`);
  const peakKiB = useTime ? Number(result.stderr.trim().split("\n").pop()) : NaN;
  return { seconds, peakMiB: Number.isFinite(peakKiB) ? peakKiB / 1024 : undefined };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-bench-"));
try {
  console.log(`node ${process.version}, ${os.cpus().length} cores; median of ${RUNS} runs, each a fresh process`);
  console.log("students  wall (s)  peak RSS (MiB)");
  for (const students of SIZES) {
    const cohortFile = path.join(work, `cohort-${students}.yaml`);
    fs.writeFileSync(cohortFile, generatedCohort(students));
    const runs = Array.from({ length: RUNS }, (_, run) => synthOnce(cohortFile, path.join(work, `out-${students}-${run}`)));
    const median = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(RUNS / 2)];
    const peak = Math.max(...runs.map((run) => run.peakMiB ?? NaN));
    console.log(`${String(students).padStart(8)}  ${median.seconds.toFixed(2).padStart(8)}  ${Number.isFinite(peak) ? peak.toFixed(0).padStart(14) : "   (no /usr/bin/time)"}`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
