'use strict';
// Jest setup file: with LZ_PG_WORKERS set (npm run test:full), each jest worker gets a PostgreSQL database of its
// own, `<database>_w<worker>`, so suites that empty their database run side by side. The runner creates them.
const url = process.env.DATABASE_URL;
const worker = process.env.JEST_WORKER_ID;
if (url && process.env.LZ_PG_WORKERS && worker) {
  const u = new URL(url);
  u.pathname = `${u.pathname.replace(/_w\d+$/, '')}_w${worker}`;
  process.env.DATABASE_URL = u.toString();
}
