"""A syncplay under test, driven through its IPC socket while its sync report is read (the subtitle tests import it).

Player(out_dir, args) starts `syncplay --input-ipc-server OUT/ipc.sock --sync-report OUT/r.jsonl ARGS...` and
connects. Every wait is bounded (a bound against a hang only, generous for a sanitizer build on a busy machine).
"""
import atexit
import json
import os
import socket
import subprocess
import sys
import time

BOUND = 60.0


class Player:
    def __init__(self, out, args):
        self.sock_path, self.report = out + "/ipc.sock", out + "/r.jsonl"
        self.proc = subprocess.Popen(["syncplay", "--input-ipc-server", self.sock_path, "--sync-report", self.report]
                                     + list(args))
        # Whatever ends this script (a failed check, an exception), the player does not outlive it: one left
        # running (--loop 0) would hold the test's output open until ctest's timeout.
        atexit.register(lambda: self.proc.poll() is None and self.proc.kill())
        end = time.monotonic() + BOUND
        while not os.path.exists(self.sock_path):
            if time.monotonic() > end or self.proc.poll() is not None:
                self.fail("no socket")
            time.sleep(0.05)
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.s.connect(self.sock_path)
        except OSError as e:
            self.fail(f"connecting to {self.sock_path}: {e}")  # syncplay makes the socket appear only once it listens
        self.s.settimeout(BOUND)
        self.buf = b""
        self.rid = 0

    def fail(self, msg):
        print("FAIL: " + msg, flush=True)
        self.proc.kill()
        sys.exit(1)

    def read_until(self, pred, what):
        """The next line from the socket that pred accepts (the ones before it are passed over)."""
        while True:
            while b"\n" not in self.buf:
                chunk = self.s.recv(65536)
                if not chunk:
                    self.fail(f"the socket closed waiting for {what}")
                self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            msg = json.loads(line)
            if pred(msg):
                return msg

    def reply(self, *command):
        """Sends a command; its whole reply, whatever its error."""
        self.rid += 1
        rid = self.rid
        self.s.sendall((json.dumps({"command": list(command), "request_id": rid}) + "\n").encode())
        return self.read_until(lambda m: m.get("request_id") == rid and "event" not in m, f"the reply to {command}")

    def ask(self, *command, error="success"):
        """Sends a command; its reply's data, once the reply carries the error string expected."""
        msg = self.reply(*command)
        if msg["error"] != error:
            self.fail(f"{command}: {msg}, expected {error}")
        return msg.get("data")

    def seek(self, seconds):
        """An absolute seek, waited for until playback restarts."""
        self.ask("seek", seconds, "absolute")
        self.read_until(lambda m: m.get("event") == "playback-restart", "playback-restart")

    def subtitles(self):
        """The report's subtitle lines so far."""
        try:
            with open(self.report) as f:
                return [json.loads(line) for line in f if '"subtitle"' in line]
        except FileNotFoundError:
            return []

    def wait_subtitles(self, n, what):
        """Waits for the report to hold n subtitle lines; returns the n-th."""
        end = time.monotonic() + BOUND
        while len(self.subtitles()) < n:
            if time.monotonic() > end:
                self.fail(f"no {what} in the report: {self.subtitles()}")
            time.sleep(0.02)
        return self.subtitles()[n - 1]

    def quit(self):
        self.ask("quit")
        if self.proc.wait(BOUND) != 0:
            self.fail(f"exit status {self.proc.returncode}")
