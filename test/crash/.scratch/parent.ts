import { spawn } from 'node:child_process';
import { createPostgresStore } from '@dropship/postgres';
const dir = '/tmp/h6exp/data';
for (let round = 0; round < 3; round++) {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--conditions=@dropship/source', '--import', 'tsx', 'test/crash/.scratch/child.ts', dir], { cwd: '/work/main', stdio: ['ignore', 'pipe', 'inherit'] });
  let last = -1; let first = 0;
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk) => {
      const lines = chunk.toString().trim().split('\n');
      if (last < 0) first = Date.now() - t0;
      last = Number(lines.at(-1));
      if (last >= 200 * (round + 1)) { child.kill('SIGKILL'); }
    });
    child.on('exit', () => resolve());
  });
  const store = await createPostgresStore({ dataDir: dir });
  const { rows } = await store.query<{ c: number; m: number }>('SELECT count(*)::int c, max(n)::int m FROM t');
  console.log('round', round, 'first output ms', first, 'last printed', last, 'rows', rows[0]);
  await store.close();
}
