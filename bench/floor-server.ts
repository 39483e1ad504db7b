/**
 * The floor of S16: the least a durable webhook can do. It parses the form, verifies the SHA-256
 * signature, and commits the message and the state change in SQLite (WAL, synchronous=FULL), one commit
 * per turn of the event loop for every message read in it, answering each only after that commit.
 * payport is measured as a share of it. Input (env): PORT, FLOOR_DB (file), FLOOR_PREFIX, FLOOR_STORED,
 * FLOOR_PHRASE.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import BetterSqlite3 from 'better-sqlite3';

const db = new BetterSqlite3(process.env.FLOOR_DB!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`create table if not exists payments (reference text primary key, amount integer, state text);
create table if not exists messages (id integer primary key, reference text, body text, received_at text);`);
const prefix = process.env.FLOOR_PREFIX!;
db.prepare(
  `insert or ignore into payments select ? || '-' || printf('%08d', i), 10000 + i % 5000, 'draft'
   from (with recursive n(i) as (select 0 union all select i + 1 from n where i < ?) select i from n)`,
).run(prefix, Number(process.env.FLOOR_STORED) - 1);
const phrase = process.env.FLOOR_PHRASE!;
const find = db.prepare('select amount, state from payments where reference = ?');
const record = db.prepare('insert into messages (reference, body, received_at) values (?, ?, ?)');
const settle = db.prepare("update payments set state = 'done' where reference = ?");

let queue: { reference: string; body: string; res: ServerResponse }[] = [];
function commit(): void {
  const batch = queue;
  queue = [];
  db.exec('begin immediate');
  for (const { reference, body } of batch) {
    record.run(reference, body, new Date().toISOString());
    settle.run(reference);
  }
  db.exec('commit');
  for (const { res } of batch) res.writeHead(200, { 'content-length': '0' }).end();
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const fields = Object.fromEntries(new URLSearchParams(body));
    const text = Object.keys(fields)
      .filter((k) => k !== 'signature')
      .sort()
      .map((k) => `${k}=${fields[k]}`)
      .join('');
    const digest = createHash('sha256').update(`${phrase}${text}${phrase}`).digest();
    const given = Buffer.from(fields.signature ?? '', 'hex');
    const row = find.get(fields.merchant_reference) as { amount: number } | undefined;
    if (given.length !== digest.length || !timingSafeEqual(given, digest) || !row) {
      res.writeHead(403, { 'content-length': '0' }).end();
      return;
    }
    if (queue.length === 0) setImmediate(commit);
    queue.push({ reference: fields.merchant_reference!, body, res });
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
