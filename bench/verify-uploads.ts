import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, startService } from './support';

/**
 * The public POST /decisions/verify under parallel uploads: the service's resident memory (VmRSS of its
 * process, sampled every 20 ms) before and at its peak, and what the uploads were answered. Each round
 * sends BENCH_UPLOADS uploads at once of one size, on a service of its own: 24 MiB (under the old 25 MiB
 * limit) and 7 MiB (under the cap).
 * The per-address limit is raised so that it does not hide the memory figure. Prints; never fails.
 */
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 24);
const SIZES_MIB = (process.env.BENCH_UPLOAD_MIB ?? '24,7').split(',').map(Number);

const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** One round on a service of its own, so each starts from the same memory. */
async function round(databaseUrl: string, dataDir: string, mib: number): Promise<void> {
  const service = await startService({
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    VERIFY_MAX_PER_IP: '100000',
  });
  const pid = service.child.pid!;
  const url = `http://127.0.0.1:${service.port}/decisions/verify`;
  const upload = async (bytes: Buffer) => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'decision.pdf');
    return fetch(url, { method: 'POST', body: form }).then(
      async (res) => (await res.arrayBuffer(), String(res.status)),
      (error: Error) => `failed (${error.message})`,
    );
  };
  try {
    await upload(Buffer.from('%PDF-1.7 warm-up'));
    const body = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(mib * 1024 * 1024 - 9)]);
    const before = rssMiB(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 20);
    const answers = await Promise.all(Array.from({ length: UPLOADS }, () => upload(body)));
    clearInterval(sampler);
    peak = Math.max(peak, rssMiB(pid));
    const counts = new Map<string, number>();
    for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
    console.log(
      `${UPLOADS} parallel uploads of ${mib} MiB: service RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB (+${(peak - before).toFixed(0)}); answers ${[...counts].map(([s, n]) => `${n}× ${s}`).join(', ')}`,
    );
  } finally {
    await service.stop();
  }
}

async function main(): Promise<void> {
  const database = await freshDatabase('bench_verify');
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-verify-'));
  try {
    for (const mib of SIZES_MIB) await round(database.url, dataDir, mib);
  } finally {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
