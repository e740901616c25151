// TLS and DNS failures in Varnish FetchErrors and HAProxy connection errors: a failed handshake
// and a name that did not resolve are their own causes, never a refused connection.
import { test } from "node:test";
import assert from "node:assert/strict";
import { attributeCause } from "@/lib/ingest/causes";
import { compileFormat } from "@/lib/ingest/formats/registry";
import { parseRequest } from "./helpers";

const VARNISH_FORMAT = '%h %t "%r" %s %b %{Varnish:side}x "%{VSL:FetchError}x"';

function varnish(fetchError: string): string | null {
  const line = `10.0.0.5 [01/Mar/2024:10:00:00 +0000] "GET /p HTTP/1.1" 503 0 b "${fetchError}"`;
  return attributeCause("varnish", parseRequest("varnish", line, VARNISH_FORMAT));
}

test("Varnish: FetchErrors that name the TLS layer or name resolution", () => {
  const table: [string, string][] = [
    // Backend TLS (Enterprise, Cache 9): OpenSSL's words win over the `backend NAME: fail` rule.
    ["backend boot.secure: fail errno 0 (SSL routines::certificate verify failed)", "tls_error"],
    ["TLS handshake error", "tls_error"],
    ["SSL_connect() failed: sslv3 alert handshake failure", "tls_error"],
    // Run-time resolution (vmod_dynamic, .via): gai_strerror() texts.
    ["backend d1.api.internal: getaddrinfo -2 (Name or service not known)", "dns_error"],
    ["Temporary failure in name resolution", "dns_error"],
    ["DNS lookup failed for api.internal", "dns_error"],
    // Unchanged neighbours: words that merely contain the letters are not a TLS failure.
    ["backend boot.default: fail errno 111 (Connection refused)", "connect_refused"],
    ["HTC eof (-1)", "backend_reset"],
    ["Received junk", "bad_response"],
  ];
  for (const [text, cause] of table) assert.equal(varnish(text), cause, text);
});

// option httplog plus the server-side connection error (HAProxy 2.5+), quoted because it has spaces.
const HAPROXY_FORMAT = '%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %{+Q}r %{+Q}[bc_err_str] %[ssl_bc_err]';

function haproxy(termination: string, connError: string, sslError = "0", server = "srv1"): string | null {
  const line = `10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in app/${server} 0/0/-1/-1/3 503 217 - - ${termination} 1/1/0/0/3 0/0 "GET /x HTTP/1.1" "${connError}" ${sslError}`;
  return attributeCause("haproxy", parseRequest("haproxy", line, HAPROXY_FORMAT));
}

test("HAProxy: a server connection that failed in its TLS layer is tls_error (conn_err_code_str texts)", () => {
  const table: [string, string, string, string][] = [
    ["SC--", "SSL handshake failure", "0", "tls_error"],
    ["SC--", "Connection closed during SSL handshake", "0", "tls_error"],
    ["SC--", "Connection error during SSL handshake", "0", "tls_error"],
    ["sC--", "Timeout during SSL handshake", "0", "tls_error"],
    ["SC--", "Server presented an SSL certificate different from the expected one", "0", "tls_error"],
    // Only the OpenSSL error code was logged.
    ["SC--", "-", "134", "tls_error"],
    // The same termination without a TLS error stays what it was.
    ["SC--", "Connection refused", "0", "connect_refused"],
    ["sC--", "-", "0", "connect_timeout"],
    // HAProxy's own SSL limit is not the origin's certificate.
    ["SC--", "Too many SSL connections", "0", "connect_refused"],
    // A normal termination is the origin's own answer, whatever the fetch says.
    ["----", "-", "0", "backend_error"],
  ];
  for (const [termination, connError, sslError, cause] of table) assert.equal(haproxy(termination, connError, sslError), cause, `${termination} ${connError} ${sslError}`);
});

test("HAProxy: the connection error is read on 5xx lines only by the lean parser, and both parsers accept the same lines", () => {
  const line = '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in app/srv1 0/0/1/20/21 200 217 - - ---- 1/1/0/0/0 0/0 "GET /x HTTP/1.1" "-" 0';
  for (const lean of [false, true]) {
    const outcome = compileFormat("haproxy", HAPROXY_FORMAT, { lean }).parse(line);
    assert.ok(outcome.ok && outcome.kind === "request", `lean=${lean}`);
    assert.equal(outcome.request.status, 200);
  }
});
