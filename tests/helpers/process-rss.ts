// Resident memory of a process and all its descendants (Linux /proc), for tests and benches that
// must show the server stays small: `npm start` runs scripts/start.mjs, which runs next, whose
// process serves the requests.
import { readFileSync, readdirSync } from "node:fs";

function parentOf(pid: string): number | null {
  try {
    // Field 4 of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // gone
  }
}

/** The pids of `root` and everything under it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), Number(pid)]);
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** VmRSS of the whole tree under `root`, in MB. */
export function treeRssMb(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + rssKb(pid), 0) / 1024;
}

/** Samples the tree's RSS every `everyMs` until stopped; answers the peak seen, in MB. */
export function sampleRss(root: number, everyMs = 50): { stop(): number; peak(): number } {
  let peak = treeRssMb(root);
  // Re-list the tree now and then only: walking /proc every 50 ms is itself work.
  let pids = processTree(root);
  let ticks = 0;
  const timer = setInterval(() => {
    if (++ticks % 20 === 0) pids = processTree(root);
    peak = Math.max(peak, pids.reduce((sum, pid) => sum + rssKb(pid), 0) / 1024);
  }, everyMs);
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}
