import { createPostgresStore } from '@dropship/postgres';
const store = await createPostgresStore({ dataDir: process.argv[2] });
await store.query('CREATE TABLE IF NOT EXISTS t (n int)');
for (let i = 0; ; i++) {
  await store.query('INSERT INTO t VALUES ($1)', [i]);
  process.stdout.write(`${i}\n`);
}
