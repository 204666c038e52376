# Shows: --input-ipc-server drives a headless player with mpv's JSON IPC: duration and time-pos from the player's
# clocks, pause holds time-pos still (read twice apart) and unpause moves it on, seeks absolute and relative land
# near their target with the seek and playback-restart events, speed and volume set and read back, track-list, two
# clients both receiving events, garbage and a client gone mid-line answered or survived, quit exits 0 and removes
# the socket (a stale one was replaced at start); end-file at the end of the media; audio only, a paused seek reads
# its target; the socket appears at the path only once it listens; a regular file at the path is refused (one line,
# exit 2).
# ctest: RUN_SERIAL (real time: positions are judged by the player's own clocks, with room for a loaded machine)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/sync_av4.nut"
sock="$T/ipc.sock"

# The client: one scenario, each step bounded in time (a bound against a hang, generous for a sanitizer build on a
# busy machine); positions are the player's own time-pos. Prints FAIL lines and exits 1 on the first failure.
cat >"$T/client.py" <<'PY'
import json, os, socket, sys, time

sock_path, mode = sys.argv[1], sys.argv[2]
BOUND = 30.0  # seconds, against a hang only


def fail(msg):
    print("FAIL: " + msg, flush=True)
    sys.exit(1)


class Client:
    def __init__(self, name):
        self.name = name
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(sock_path)
        self.buf = b""
        self.events = []
        self.next_id = 1

    def line(self, timeout=BOUND):
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                fail(f"{self.name}: no line within {timeout} s")
            self.s.settimeout(left)
            try:
                chunk = self.s.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                return None
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\n", 1)
        return json.loads(raw)

    def send_raw(self, data):
        self.s.sendall(data)

    # The reply to a request (events that come first are kept for wait_event).
    def ask(self, *command):
        rid = self.next_id
        self.next_id += 1
        self.send_raw((json.dumps({"command": list(command), "request_id": rid}) + "\n").encode())
        while True:
            msg = self.line()
            if msg is None:
                fail(f"{self.name}: closed before the reply to {command}")
            if "event" in msg:
                self.events.append(msg)
            elif msg.get("request_id") == rid:
                return msg
            else:
                fail(f"{self.name}: unexpected reply {msg} to {command}")

    def ok(self, *command):
        r = self.ask(*command)
        if r.get("error") != "success":
            fail(f"{self.name}: {command} -> {r}")
        return r.get("data")

    def wait_event(self, name, timeout=BOUND):
        end = time.monotonic() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e["event"] == name:
                    return self.events.pop(i)
            msg = self.line(max(0.01, end - time.monotonic()))
            if msg is None:
                fail(f"{self.name}: closed while waiting for the {name} event")
            if "event" in msg:
                self.events.append(msg)
            if time.monotonic() > end:
                fail(f"{self.name}: no {name} event within {timeout} s: {self.events}")

    def drop_events(self):
        self.events = []


def wait_for(what, f, timeout=BOUND, step=0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = f()
        if v is not None:
            return v
        time.sleep(step)
    fail(f"timed out waiting for {what}")


def pos(c):
    r = c.ask("get_property", "time-pos")
    return r["data"] if r["error"] == "success" else None


def near(what, value, lo, hi):
    if not (lo <= value <= hi):
        fail(f"{what}: {value} is not within [{lo}, {hi}]")
    print(f"ok: {what}: {value:.3f} (within [{lo}, {hi}])", flush=True)


if mode == "eof":
    # To the end: a seek near it, then end-file with reason eof when the media ends.
    c = Client("a")
    c.ok("seek", -0.5, "absolute")
    e = c.wait_event("end-file")
    if e.get("reason") != "eof":
        fail(f"end-file at the end of the media: {e}")
    print("ok: end-file, reason eof", flush=True)
    sys.exit(0)

if mode == "audio":
    # Audio only, paused: a seek has no picture to show; time-pos is its target, and stays there.
    c = Client("a")
    wait_for("time-pos", lambda: pos(c))
    c.ok("set_property", "pause", True)
    c.ok("seek", 1.5, "absolute")
    c.wait_event("playback-restart")
    near("audio only, paused, time-pos after seek 1.5 absolute", pos(c), 1.5, 1.5)
    c.ok("set_property", "pause", False)
    q = wait_for("time-pos to move on", lambda: (lambda p: p if p is not None and p > 1.6 else None)(pos(c)))
    near("audio only, playing on", q, 1.6, 2.0)
    c.ok("quit")
    sys.exit(0)

a = Client("a")
b = Client("b")
duration = a.ok("get_property", "duration")
near("duration", duration, 3.9, 4.1)
# Playing: time-pos becomes known and moves on (the master clock).
t0 = wait_for("time-pos", lambda: pos(a))
near("time-pos at start", t0, 0.0, 3.0)

# Pause: both clients hear it; time-pos stands still between two reads apart.
a.ok("set_property", "pause", True)
a.wait_event("pause")
b.wait_event("pause")
if a.ok("get_property", "pause") is not True:
    fail("pause does not read back true")
p1 = pos(a)
time.sleep(0.4)
p2 = pos(b)
if p1 is None or p2 is None or abs(p2 - p1) > 1e-6:
    fail(f"time-pos moved while paused: {p1} then {p2}")
print(f"ok: paused at {p1:.3f}, still {p2:.3f} 0.4 s later", flush=True)

# Properties set and read back.
a.ok("set_property", "speed", 1.5)
near("speed", a.ok("get_property", "speed"), 1.5, 1.5)
a.ok("set_property", "volume", 40)
near("volume", b.ok("get_property", "volume"), 40, 40)
tracks = a.ok("get_property", "track-list")
kinds = sorted((t["type"], t["codec"], t["selected"]) for t in tracks)
if kinds != [("audio", "aac", True), ("video", "h264", True)] or any(t["id"] != 1 for t in tracks):
    fail(f"track-list: {tracks}")
print("ok: track-list: " + json.dumps(tracks), flush=True)
r = a.ask("cycle", "audio")
if r["error"] != "error running command":
    fail(f"cycle audio: {r}")

# Garbage gets one error reply, and the client goes on; a client gone mid-line changes nothing.
b.send_raw(b"this is not json\n")
r = b.line()
if r is None or r.get("error") != "invalid parameter" or "event" in r:
    fail(f"garbage: {r}")
rude = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
rude.connect(sock_path)
rude.sendall(b'{"command": ["get_prop')
rude.close()
r = a.ask("get_property", "no-such-property")
if r["error"] != "property not found":
    fail(f"unknown property: {r}")
print("ok: garbage answered 'invalid parameter', a client gone mid-line survived", flush=True)

# Seek absolute while paused: seek, then playback-restart (to both clients); absolute seeks are exact (mpv's
# default), so the position is the target's frame (2.48 to 2.52, a frame of 40 ms), not its keyframe (2.0); playback
# stays paused.
a.drop_events()
b.drop_events()
a.ok("seek", 2.5, "absolute")
for c in (a, b):
    c.wait_event("seek")
    c.wait_event("playback-restart")
near("time-pos after seek 2.5 absolute (paused)", pos(a), 2.44, 2.56)
if a.ok("get_property", "pause") is not True:
    fail("a seek while paused resumed playback")

# Unpause: playback moves on at about --speed 1.5 on the player's own clock.
a.ok("set_property", "pause", False)
a.wait_event("unpause")
b.wait_event("unpause")
q1, w1 = pos(a), time.monotonic()
q2 = wait_for("time-pos to move on", lambda: (lambda p: p if p is not None and p > q1 + 0.2 else None)(pos(a)))
w2 = time.monotonic()
print(f"ok: playing on: time-pos {q1:.3f} -> {q2:.3f} in {w2 - w1:.3f} s of wall time", flush=True)

# Seek back relative: lands on the keyframe at or before the target.
a.drop_events()
now = pos(a)
a.ok("seek", -1)
a.wait_event("seek")
a.wait_event("playback-restart")
after = pos(a)
near(f"time-pos after seek -1 from {now:.3f}", after, now - 1 - 1.1, now - 1 + 0.6)
# And forward (relative is the default flag): at or after the target.
a.ok("set_property", "pause", True)
now = pos(a)
a.drop_events()
a.ok("seek", 1, "relative")
a.wait_event("seek")
a.wait_event("playback-restart")
near(f"time-pos after seek +1 from {now:.3f}", pos(a), now + 1 - 0.1, now + 1 + 1.1)

# Quit: the reply and end-file (reason quit) reach the client before the socket closes.
a.drop_events()
b.drop_events()
r = a.ask("quit")
if r["error"] != "success":
    fail(f"quit: {r}")
e = b.wait_event("end-file")
if e.get("reason") != "quit":
    fail(f"end-file after quit: {e}")
print("ok: quit answered, end-file reason quit", flush=True)
PY

# wait_socket PID [stale]: waits for the player's socket at the path; with "stale", for one that accepts a connection
# (the stale socket there before the player exists from the start and refuses them; the player's may even reuse its
# inode number).
wait_socket() {
  for _ in $(seq 1 600); do
    if [ -S "$sock" ]; then
      [ "${2:-}" != stale ] && return 0
      python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' "$sock" 2>/dev/null && return 0
    fi
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# A stale socket at the path (a player killed without cleaning up): replaced, as mpv does.
python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.close()' "$sock"
[ -S "$sock" ] || fail "could not make a stale socket"
timeout "$HANG_SECONDS" syncplay -nodisp --input-ipc-server "$sock" "$clip" 2>"$T/err" & pid=$!
wait_socket "$pid" stale || fail "no socket: $(cat "$T/err")"
python3 "$T/client.py" "$sock" main >"$T/client.out" || { cat "$T/client.out"; kill "$pid" 2>/dev/null; cat "$T/err"; fail "IPC client"; }
cat "$T/client.out"
st=0; wait "$pid" || st=$?
[ "$st" -eq 0 ] || fail "after quit: exit $st: $(cat "$T/err")"
[ ! -e "$sock" ] || fail "the socket file is still there after quit"
ok "quit: exit 0, socket removed"

# The end of the media: end-file with reason eof, exit 0, socket removed.
timeout "$HANG_SECONDS" syncplay -nodisp --input-ipc-server "$sock" "$clip" 2>"$T/err" & pid=$!
wait_socket "$pid" || fail "no socket: $(cat "$T/err")"
python3 "$T/client.py" "$sock" eof >"$T/client.out" || { cat "$T/client.out"; kill "$pid" 2>/dev/null; fail "IPC client (eof)"; }
cat "$T/client.out"
st=0; wait "$pid" || st=$?
[ "$st" -eq 0 ] || fail "at the end: exit $st: $(cat "$T/err")"
[ ! -e "$sock" ] || fail "the socket file is still there at the end"
ok "end of media: exit 0, socket removed"

# Audio only: the same position rules without a picture.
timeout "$HANG_SECONDS" syncplay -nodisp --input-ipc-server "$sock" "$FX/audio.wav" 2>"$T/err" & pid=$!
wait_socket "$pid" || fail "no socket: $(cat "$T/err")"
python3 "$T/client.py" "$sock" audio >"$T/client.out" || { cat "$T/client.out"; kill "$pid" 2>/dev/null; fail "IPC client (audio)"; }
cat "$T/client.out"
st=0; wait "$pid" || st=$?
[ "$st" -eq 0 ] || fail "audio only: exit $st: $(cat "$T/err")"

# The socket appears at the path only once it listens (bound under a name of its own, then renamed), so a script
# that waits for the path never meets a socket that refuses it.
# (LeakSanitizer cannot run under ptrace: a sanitizer build checks leaks everywhere else.)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  strace -f -e trace=bind,listen,rename -o "$T/strace" syncplay -nodisp -autoexit -t 0.2 --input-ipc-server "$sock" \
  "$clip" 2>"$T/err" || fail "under strace: $(cat "$T/err")"
calls=$(grep -oE '(bind|listen|rename)\(.*' "$T/strace" | sed -E 's/ += .*//')
grep -qE "^bind\(3?[0-9]*, \{sa_family=AF_UNIX, sun_path=\"$sock\"" <<<"$calls" && fail "bound at the path itself: $calls"
order=$(grep -oE '^(bind|listen|rename)' <<<"$calls" | tr '\n' ' ')
[ "$order" = "bind listen rename " ] || fail "bind, listen, then rename expected: $calls"
grep -qE "^rename\(\"$sock\.[0-9]+\.tmp\", \"$sock\"\)" <<<"$calls" || fail "not renamed into place: $calls"
ok "the socket appears only once it listens"

# A regular file at the path is not ours to replace: one line, exit 2, the file untouched.
echo precious >"$T/file"
expect_status 2 syncplay -nodisp --input-ipc-server "$T/file" "$clip"
expect_stderr 'input-ipc-server.*not a socket'
[ "$(cat "$T/file")" = precious ] || fail "the regular file was changed"
ok "a regular file at the path: refused, exit 2"
