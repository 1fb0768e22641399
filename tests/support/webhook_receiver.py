#!/usr/bin/env python3
"""A webhook endpoint for vern's delivery tests: every request is verified with the official
`svix` package (`Webhook(secret).verify(body, headers)`, the Standard Webhooks check receivers
run), recorded, and answered as the test says.

    webhook_receiver.py --port 0 --secret whsec_... [--bad-signature-status 401]

The first line on stdout is "listening on PORT". A request whose signature does not verify is
answered --bad-signature-status (default 401) and never accepted.

What to answer is set with POST /_config {"script": [...], "rules": [...]}:
- script: the answers to the next requests, one each, in order (then the rules apply);
- rules: {"index": N, "sheet": NAME (optional), "action": A, "times": K (optional, default
  always), "body": TEXT (optional)} answers requests for batch N (of sheet NAME) with A, K times.
Actions: an HTTP status ("200", "400", "429", "500", "503", ...), "drop" (close the connection
with a reset, no answer), "slow:SECONDS" (wait, then 200). Anything else: 200.

GET /_log -> {"requests": [{id, timestamp, signature, headers, body, path, verified, error,
action}], "accepted": [webhook-id of each request answered 2xx, in order]}.
POST /_reset clears the log and the configuration.
"""
import argparse
import json
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from svix.webhooks import Webhook, WebhookVerificationError

LOCK = threading.Lock()
STATE = {"requests": [], "accepted": [], "script": [], "rules": []}
ARGS = None
WH = None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, code, obj):
        body = json.dumps(obj).encode()
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def read_body(self):
        n = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        if self.path.startswith("/_log"):
            with LOCK:
                return self.reply(
                    200, {"requests": STATE["requests"], "accepted": STATE["accepted"]}
                )
        self.reply(404, {"error": "not found"})

    def control(self):
        body = self.read_body()
        with LOCK:
            if self.path.startswith("/_config"):
                cfg = json.loads(body or b"{}")
                STATE["script"] = list(cfg.get("script", []))
                STATE["rules"] = list(cfg.get("rules", []))
            elif self.path.startswith("/_reset"):
                STATE.update(requests=[], accepted=[], script=[], rules=[])
        self.reply(200, {})

    def choose(self, payload):
        """The action for this request (under LOCK)."""
        if STATE["script"]:
            return STATE["script"].pop(0), None
        try:
            batch = payload["batch"]["index"]
            sheet = payload["sheets"][0]["name"]
        except Exception:
            return "200", None
        for rule in STATE["rules"]:
            if rule.get("index") != batch:
                continue
            if "sheet" in rule and rule["sheet"] != sheet:
                continue
            times = rule.get("times")
            if times is not None:
                if times <= 0:
                    continue
                rule["times"] = times - 1
            return rule["action"], rule.get("body")
        return "200", None

    def do_POST(self):
        if self.path.startswith("/_"):
            return self.control()
        body = self.read_body()
        headers = {k.lower(): v for k, v in self.headers.items()}
        error = None
        try:
            WH.verify(body, headers)
            verified = True
        except (WebhookVerificationError, ValueError, UnicodeDecodeError) as e:
            verified = False
            error = f"{type(e).__name__}: {e}"
        try:
            payload = json.loads(body)
        except Exception:
            payload = None
        record = {
            "id": headers.get("webhook-id"),
            "timestamp": headers.get("webhook-timestamp"),
            "signature": headers.get("webhook-signature"),
            "headers": headers,
            "body": body.decode("utf-8", "replace"),
            "path": self.path,
            "verified": verified,
            "error": error,
        }
        with LOCK:
            action, reply_body = ("bad-signature", None) if not verified else self.choose(payload)
            record["action"] = action
            STATE["requests"].append(record)
        if not verified:
            return self.reply(ARGS.bad_signature_status, {"error": f"signature: {error}"})
        if action == "drop":
            # A reset without an answer: the client sees the connection drop.
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            self.close_connection = True
            self.connection.close()
            return
        if action.startswith("slow:"):
            time.sleep(float(action.split(":", 1)[1]))
            action = "200"
        try:
            code = int(action)
        except ValueError:
            code = 200
        if 200 <= code < 300:
            with LOCK:
                STATE["accepted"].append(record["id"])
            return self.reply(code, {"ok": True})
        if reply_body is not None:
            data = reply_body.encode()
            try:
                self.send_response(code)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        self.reply(code, {"error": f"answered {code} by the test"})


def main():
    global ARGS, WH
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--secret", required=True)
    ap.add_argument("--bad-signature-status", type=int, default=401)
    ARGS = ap.parse_args()
    WH = Webhook(ARGS.secret)
    srv = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    srv.daemon_threads = True
    print(f"listening on {srv.server_address[1]}", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
