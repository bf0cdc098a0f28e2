'use strict';
// Starts dynalite on loopback and reports its port as one JSON line on stdout. DynaliteEmulator (Java)
// reads that line; it keeps our stdin open for as long as it lives, so when stdin closes (JVM exited,
// even by kill -9) this process exits too.
//
// Tests run it in memory on a port the OS picks. The persistent local stack sets DYNALITE_PATH (a LevelDB
// directory that survives a restart) and may set DYNALITE_PORT.
const dynalite = require('dynalite');

const dataPath = process.env.DYNALITE_PATH || undefined;
const port = Number(process.env.DYNALITE_PORT || 0);
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: dataPath });

let stopping = false;
function shutdown() {
  if (stopping) {
    return;
  }
  stopping = true;
  if (!dataPath) {
    // In memory the data is disposable: do not wait for dynalite's graceful close (up to 30 s).
    process.exit(0);
  }
  // On disk, close the LevelDB store so its files are complete; idle keep-alive connections would hold
  // the close, so drop them first, and give up after a few seconds rather than hang a Ctrl-C.
  setTimeout(() => process.exit(0), 5000).unref();
  if (typeof server.closeAllConnections === 'function') {
    server.closeAllConnections();
  }
  server.close(() => process.exit(0));
}

server.on('error', (err) => {
  process.stderr.write(`dynalite-server: ${err.stack || err}\n`);
  process.exit(1);
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});

process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
