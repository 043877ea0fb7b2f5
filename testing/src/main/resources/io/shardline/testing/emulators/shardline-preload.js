'use strict';
// Loaded with `node -r` in front of each emulator started by io.shardline.testing.LocalAws.
//
// 1. Loopback only: kinesis-mock binds 0.0.0.0 and has no option for the host, so every
//    net.Server#listen call is rewritten to listen on 127.0.0.1.
// 2. Quick stop: on SIGTERM/SIGINT exit at once. kinesis-mock is a cats-effect app: it replaces
//    process.exit with a graceful shutdown that waits for open HTTP connections to drain (5 s and more
//    while an SDK client keeps a connection alive). It does not persist anything, so we keep node's
//    own process.exit from before that replacement and use it.
// 3. A client that dies mid-request must not kill the emulator: dynalite rethrows a request's
//    'error' event (`req.on('error', err => { throw err })`), so a worker JVM killed with SIGKILL
//    while uploading a request body (ECONNRESET, 'aborted') crashed the DynamoDB emulator shared by
//    every other test. In dynalite such errors are logged and dropped; any other uncaught error still
//    ends the process with its stack, as before.
// 4. A client that resets a connection before its first request was served must not close kinesis-mock's
//    listener: kinesis-mock (fs2 on node) reads the accepted socket's remoteAddress when it starts serving
//    the connection; once the peer has sent RST, getpeername fails, remoteAddress is undefined, and fs2
//    fails the whole server stream, which closes the plain-HTTP listener without a log line (the process
//    lives on, every later connection is refused). A worker JVM killed with SIGKILL while its first
//    request on a new connection is in flight does exactly that. An accepted socket whose peer is gone
//    now reports the loopback address (the only address a client can come from, see 1.).
// 5. Orphan guard: when the JVM that started us dies (even by kill -9, which runs no shutdown
//    hook), exit. The JVM passes its pid in SHARDLINE_PARENT_PID; we probe it every second.
const net = require('net');

const hardExit = process.exit.bind(process);

const LOOPBACK = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function shardlineLoopbackListen(...args) {
  const first = args[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    if (first.path === undefined && first.fd === undefined && first._handle === undefined) {
      args[0] = Object.assign({}, first, { host: LOOPBACK });
    }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback]): keep the backlog and the callback, force the host.
    const rest = args.slice(1);
    if (typeof rest[0] === 'string' || rest[0] === undefined || rest[0] === null) {
      rest.shift();
    }
    args = [first, LOOPBACK, ...rest];
  } else if (first === undefined || typeof first === 'function') {
    // listen() / listen(callback): an ephemeral port, on loopback.
    args = [0, LOOPBACK, ...args.filter((a) => typeof a === 'function')];
  }
  return originalListen.apply(this, args);
};

const originalGetPeerName = net.Socket.prototype._getpeername;
net.Socket.prototype._getpeername = function shardlineGetPeerName() {
  const peer = originalGetPeerName.call(this);
  if (this.server && (peer === undefined || peer.address === undefined)) {
    return { address: LOOPBACK, family: 'IPv4', port: 0 };
  }
  return peer;
};

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => hardExit(0));
}

// Only for dynalite: kinesis-mock handles its own errors and must keep its default behaviour.
const isDynalite = (process.argv[1] || '').includes('dynalite');
const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
if (isDynalite) {
  process.on('uncaughtException', (err) => {
    if (err && (CLIENT_GONE.has(err.code) || err.message === 'aborted')) {
      process.stderr.write(`[shardline-preload] a client went away mid-request (${err.code || err.message}); ignored\n`);
      return;
    }
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    hardExit(1);
  });
}

const parentPid = Number.parseInt(process.env.SHARDLINE_PARENT_PID || '', 10);
if (Number.isInteger(parentPid) && parentPid > 0) {
  const guard = setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch (e) {
      if (e.code === 'ESRCH') {
        process.stderr.write(`[shardline-preload] parent JVM ${parentPid} is gone; exiting\n`);
        hardExit(0);
      }
      // EPERM: the pid exists but belongs to someone else; keep running.
    }
  }, 1000);
  guard.unref();
}
