'use strict';
// Starts an in-memory dynalite on a loopback port chosen by the OS and reports the port as one JSON
// line on stdout. DynaliteEmulator (Java) reads that line; it keeps our stdin open for as long as it
// lives, so when stdin closes (JVM exited, even by kill -9) this process exits too.
const dynalite = require('dynalite');

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

function shutdown() {
  // Do not wait for dynalite's graceful close (up to 30 s): the data is in memory and disposable.
  process.exit(0);
}

server.on('error', (err) => {
  process.stderr.write(`dynalite-server: ${err.stack || err}\n`);
  process.exit(1);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});

process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
