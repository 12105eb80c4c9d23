#!/usr/bin/env python3
"""Drives a web-api binary over real sockets: serve_test.py <web-api binary>.

Starts `<binary> --urls http://127.0.0.1:PORT` on a free port and checks:
GET /health -> 200; GET /api/users/1 -> 200 JSON; POST /api/users -> 201
with Location, then GET of that Location; an invalid POST -> 400 (the
endpoint filter); X-Correlation-Id echoed (or the TraceIdentifier when
none is sent); GET /api/fail -> 500 with its correlation id logged; one log
line per request on stderr; then SIGTERM while GET /api/slow is in flight:
that request still gets its 200 and the process exits 0.
"""
import http.client
import json
import signal
import socket
import subprocess
import sys
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(msg, proc=None):
    if proc is not None and proc.poll() is None:
        proc.kill()
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    binary = sys.argv[1]
    port = free_port()
    proc = subprocess.Popen([binary, "--urls", f"http://127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    log = []
    ready = threading.Event()

    def pump():
        for line in proc.stderr:
            log.append(line.rstrip("\n"))
            if "Now listening on" in line:
                ready.set()
    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    if not ready.wait(30):
        fail("the server did not report 'Now listening on'", proc)

    def request(method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read().decode()
        result = (r.status, dict((k.lower(), v) for k, v in r.getheaders()), data)
        conn.close()
        return result

    status, headers, body = request("GET", "/health")
    if status != 200 or body != "Healthy":
        fail(f"/health: {status} {body!r}", proc)
    if not headers.get("x-correlation-id"):
        fail("no X-Correlation-Id from /health", proc)

    status, headers, body = request("GET", "/api/users/1", headers={"X-Correlation-Id": "abc-123"})
    if status != 200 or json.loads(body)["Name"] != "Ada":
        fail(f"/api/users/1: {status} {body!r}", proc)
    if headers.get("x-correlation-id") != "abc-123":
        fail(f"correlation id not echoed: {headers}", proc)

    status, headers, body = request("POST", "/api/users",
                                    body=json.dumps({"Name": "Linus", "Email": "linus@example.com"}),
                                    headers={"Content-Type": "application/json"})
    if status != 201 or not headers.get("location", "").startswith("/api/users/"):
        fail(f"POST /api/users: {status} {headers}", proc)
    location = headers["location"]
    status, _, body = request("GET", location)
    if status != 200 or json.loads(body)["Name"] != "Linus":
        fail(f"GET {location}: {status} {body!r}", proc)

    status, _, body = request("POST", "/api/users", body="{}", headers={"Content-Type": "application/json"})
    if status != 400:
        fail(f"invalid POST: {status} {body!r}", proc)
    status, _, _ = request("GET", "/api/users/abc")
    if status != 404:
        fail(f"/api/users/abc: {status}", proc)
    status, _, _ = request("GET", "/api/fail", headers={"X-Correlation-Id": "boom-7"})
    if status != 500:
        fail(f"/api/fail: {status}", proc)

    # SIGTERM with a request in flight: it finishes, then the process exits 0.
    slow = {}

    def slow_request():
        try:
            slow["result"] = request("GET", "/api/slow?ms=400", headers={"X-Correlation-Id": "slow-9"})
        except Exception as e:  # noqa: BLE001
            slow["error"] = repr(e)
    t = threading.Thread(target=slow_request)
    t.start()
    time.sleep(0.15)
    proc.send_signal(signal.SIGTERM)
    t.join(20)
    try:
        rc = proc.wait(30)
    except subprocess.TimeoutExpired:
        fail("the server did not exit after SIGTERM", proc)
    reader.join(5)
    if "error" in slow or "result" not in slow:
        fail(f"the in-flight request did not finish: {slow}")
    status, _, body = slow["result"]
    if status != 200 or body != "slow 400 (correlation slow-9)":
        fail(f"in-flight request: {status} {body!r}")
    if rc != 0:
        fail(f"exit code {rc}\n" + "\n".join(log))
    requests = [line for line in log if " -> " in line and " ms (correlation " in line]
    if len(requests) != 8:
        fail(f"expected one log line per request (8), got {len(requests)}:\n" + "\n".join(log))
    if not any("request failed (correlation boom-7)" in line for line in log):
        fail("the failed request's correlation id was not logged:\n" + "\n".join(log))
    if not any("GET /api/users/1 -> 200" in line and "(correlation abc-123)" in line for line in log):
        fail("the log line lacks the correlation id:\n" + "\n".join(log))
    if not any("GET /api/slow -> 200" in line and "slow-9" in line for line in log):
        fail("no log line for the in-flight request:\n" + "\n".join(log))
    print("web-api serve test: ok (%d requests logged)" % len(requests))


if __name__ == "__main__":
    main()
