// Preloaded into the web server by scripts/start.mjs (`node --import`). Next.js hands route
// handlers a Request without the socket, and fills X-Forwarded-For from the socket only when the
// client sent none (`??=` in next/dist/server/base-server.js): a client that sends one is taken at
// its word. Here, before Next sees the request, the TCP peer is appended as the last hop, as a
// reverse proxy does (nginx's $proxy_add_x_forwarded_for). lib/http/client-ip.ts reads the chain
// from the right, so the last entry is always a fact and TRUSTED_PROXIES decides what else counts.
// The default exports are the very objects Next's require("http") gets, so patching them here reaches it.
import http from "node:http";
import https from "node:https";

function appendPeer(req) {
  const peer = req.socket && req.socket.remoteAddress;
  if (!peer) return;
  const sent = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = sent ? `${sent}, ${peer}` : peer;
}

for (const mod of [http, https]) {
  const createServer = mod.createServer;
  mod.createServer = function (...args) {
    const server = createServer.apply(this, args);
    // First in line: the request listener Next passed to createServer runs after this.
    server.prependListener("request", appendPeer);
    return server;
  };
}
