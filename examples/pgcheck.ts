import { createPostgresStore } from '@dropship/postgres';
const t = Date.now();
const store = await createPostgresStore({ dataDir: '/tmp/pgcheck-demo2' });
console.log('open', Date.now() - t, store.engine);
await store.close();
const t2 = Date.now();
const mem = await createPostgresStore();
console.log('in-memory open', Date.now() - t2);
await mem.close();
