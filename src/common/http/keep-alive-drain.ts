import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * How long a keep-alive connection must have been quiet before a drain closes it. Closing one that has
 * just answered would reset the request its client may already be sending on it.
 */
const QUIET_MS = 1000;

interface ConnectionState {
  busy: number;
  quietSince: number;
}

/**
 * Makes a server drainable under keep-alive clients. Node's `server.close()` stops accepting and drops
 * the connections idle at that instant (resetting requests their clients are sending), but one busy then
 * stays open and goes on serving new requests (every proxy keeps connections alive), so the close never
 * completes. Once draining, every response says `Connection: close` (Node
 * then ends its connection after it), and a connection is closed once it has been quiet for QUIET_MS.
 * Call it before `listen`; the returned function resolves once every connection has ended.
 */
export function keepAliveDrain(server: Server): () => Promise<void> {
  const connections = new Map<Socket, ConnectionState>();
  const inFlight = new Set<ServerResponse>();
  let draining = false;

  const closeWhenQuiet = (socket: Socket, state: ConnectionState) => {
    const wait = Math.max(0, state.quietSince + QUIET_MS - Date.now());
    setTimeout(() => {
      if (state.busy === 0 && Date.now() - state.quietSince >= QUIET_MS) socket.destroy();
    }, wait).unref();
  };

  server.on('connection', (socket: Socket) => {
    connections.set(socket, { busy: 0, quietSince: Date.now() });
    socket.once('close', () => connections.delete(socket));
  });
  // Ahead of the application's listener, which may answer before a later listener runs.
  server.prependListener('request', (req, res: ServerResponse) => {
    const state = connections.get(req.socket);
    if (state) state.busy += 1;
    inFlight.add(res);
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight.delete(res);
      if (!state) return;
      state.busy -= 1;
      state.quietSince = Date.now();
      // A response whose headers went out before the drain kept its connection open.
      if (draining) closeWhenQuiet(req.socket, state);
    });
  });

  return () =>
    new Promise<void>((resolve) => {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      for (const [socket, state] of connections) if (state.busy === 0) closeWhenQuiet(socket, state);
      // net's close stops accepting; http's would also drop at once every connection quiet this instant.
      NetServer.prototype.close.call(server, () => resolve());
    });
}
