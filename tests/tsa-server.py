#!/usr/bin/env python3
"""A local RFC 3161 time-stamping authority for the tests: `openssl ts -reply` behind
http.server. Usage: tsa-server.py MODE DIR, where DIR holds tsa.cnf (made by the test, with the
TSA's key and certificate) and MODE is
  good     answers every query with a token,
  garbage  answers 200 with a timestamp-reply content type and bytes that are none,
  silent   reads the query and never answers (the client's timeout must end it),
  tls      as good, over HTTPS with DIR/server.pem and DIR/server.key.
It listens on 127.0.0.1 on a free port, prints the port on one line, and serves until killed
or until its standard input closes."""
import http.server
import os
import subprocess
import sys
import tempfile
import threading

mode, directory = sys.argv[1], sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if mode == "silent":
            threading.Event().wait()
        if mode == "garbage":
            body = b"this is not a TimeStampResp\n"
        else:
            with tempfile.NamedTemporaryFile(dir=directory) as q, tempfile.NamedTemporaryFile(dir=directory) as r:
                q.write(query)
                q.flush()
                subprocess.run(["openssl", "ts", "-reply", "-config", f"{directory}/tsa.cnf",
                                "-queryfile", q.name, "-out", r.name],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                body = open(r.name, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def exit_with_parent():
    # The test holds our standard input open; when it ends (or crashes), so do we.
    sys.stdin.buffer.read()
    os._exit(0)


threading.Thread(target=exit_with_parent, daemon=True).start()
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
if mode == "tls":
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(f"{directory}/server.pem", f"{directory}/server.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
