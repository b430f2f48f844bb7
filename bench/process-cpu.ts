/**
 * CPU time of the workerd processes this benchmark started, read from /proc (Linux): the
 * user+system time of every `workerd` descendant of this node process, in milliseconds.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux x86_64 kernel

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  cpuTicks: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is parenthesised and may contain spaces: split after the last ')'.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    return { pid, comm, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // exited while we looked
  }
}

function allProcesses(): ProcStat[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== null);
}

/** The workerd processes below this node process. */
export function workerdPids(): number[] {
  const processes = allProcesses();
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of processes) {
      if (mine.has(p.ppid) && !mine.has(p.pid)) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  return processes.filter((p) => mine.has(p.pid) && p.comm.startsWith("workerd")).map((p) => p.pid);
}

/** Total CPU milliseconds used so far by the given processes. */
export function cpuMillis(pids: readonly number[]): number {
  return pids.reduce((total, pid) => total + ((readStat(pid)?.cpuTicks ?? 0) * 1000) / TICKS_PER_SECOND, 0);
}
