// `npm run bench`: synthesizes generated cohorts of 30, 300 and 500 students at week 10 (all weeks
// that exist) into a temporary folder, as `npm run synth` and `cdktf synth` run it: each run a
// fresh `node --max-old-space-size=2048 dist/main.js`, once in one process (the default) and once
// in two (COHORT_SYNTH_PROCESSES=2). Prints per size and mode the
// median wall time of 3 runs, the highest peak memory (the sum of the resident memory of the
// process and its synthesis workers, sampled every 20 ms) and the resources written.
// Usage: npm run bench [-- STUDENTS...]; BENCH_MAIN=<other build>/main.js measures another build
// (an older one, before parallel synthesis, in one mode only).
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generatedCohort } from "./generated-cohort";

const SIZES = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [30, 300, 500];
if (SIZES.some((size) => !Number.isInteger(size) || size < 1)) {
  console.error(`bench: students must be whole numbers of at least 1, got "${process.argv.slice(2).join(" ")}"`);
  process.exit(2);
}
const RUNS = 3;
const HEAP_LIMIT_MIB = 2048;
const MAIN = process.env.BENCH_MAIN ?? path.join(__dirname, "..", "main.js");
const MODES: readonly { readonly label: string; readonly processes?: string }[] = process.env.BENCH_MAIN ? [{ label: "default" }] : [{ label: "1" }, { label: "2", processes: "2" }];

interface Run {
  readonly seconds: number;
  readonly peakMiB: number;
}

/** Resident memory of a process and all its descendants, in KiB (Linux /proc; 0 elsewhere). */
function treeRssKiB(pid: number): number {
  try {
    const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    const children = fs.readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
    return rss + children.reduce((total, child) => total + treeRssKiB(child), 0);
  } catch {
    return 0; // the process ended between the reads
  }
}

function synthOnce(cohortFile: string, outdir: string, processes: string | undefined): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, COHORT_FILE: cohortFile, CDKTF_OUTDIR: outdir };
  if (processes) env.COHORT_SYNTH_PROCESSES = processes;
  else delete env.COHORT_SYNTH_PROCESSES;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MIB}`, MAIN], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  let peakKiB = 0;
  const sampler = setInterval(() => (peakKiB = Math.max(peakKiB, treeRssKiB(child.pid!))), 20);
  return new Promise((resolve, reject) =>
    child.on("close", (code) => {
      clearInterval(sampler);
      if (code !== 0) reject(new Error(`synth failed (exit ${code}):\n${stderr}`));
      else resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMiB: peakKiB / 1024 });
    }),
  );
}

/** Resources written, from the stacks' JSON. */
function resourcesIn(outdir: string): number {
  const stacksDir = path.join(outdir, "stacks");
  return fs.readdirSync(stacksDir).reduce((total, stack) => {
    const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8")) as { resource?: Record<string, object> };
    return total + Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  }, 0);
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-bench-"));
  try {
    console.log(`${MAIN}: node ${process.version}, ${os.availableParallelism()} cores, --max-old-space-size=${HEAP_LIMIT_MIB}; median of ${RUNS} runs, each a fresh process`);
    console.log("students  processes  resources  wall (s)  peak RSS (MiB)");
    for (const students of SIZES) {
      const cohortFile = path.join(work, `cohort-${students}.yaml`);
      fs.writeFileSync(cohortFile, generatedCohort(students));
      for (const mode of MODES) {
        const runs: Run[] = [];
        for (let run = 0; run < RUNS; run++) runs.push(await synthOnce(cohortFile, path.join(work, `out-${students}`), mode.processes));
        const median = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(RUNS / 2)];
        const peak = Math.max(...runs.map((run) => run.peakMiB));
        const resources = resourcesIn(path.join(work, `out-${students}`));
        console.log(`${String(students).padStart(8)}  ${mode.label.padStart(9)}  ${String(resources).padStart(9)}  ${median.seconds.toFixed(2).padStart(8)}  ${peak.toFixed(0).padStart(14)}`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
