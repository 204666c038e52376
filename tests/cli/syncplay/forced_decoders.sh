# ffplay's forced decoders: -vcodec/-acodec/-scodec and -codec:v/:a/:s open the stream with the decoder named (AAC
# has two, aac and aac_fixed); the IPC track-list says which opened each selected track (mpv's decoder-desc). A name
# that is no decoder, one of another media type, or a -codec without :v/:a/:s is a one-line usage error (status 2).
# Headless (SDL's dummy drivers), driven through the IPC socket.
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
IN=$FX/sync_av4.nut
cat >"$T/tracks.py" <<'PY'
import sys, time
from player_ipc import Player

p = Player(sys.argv[1], ["--loop", "0"] + sys.argv[2:])
end = time.monotonic() + 30  # the decoders open as playback starts, which may come after the client connects
while True:
    tracks = p.ask("get_property", "track-list")
    if all("decoder-desc" in t for t in tracks if t["selected"]) or time.monotonic() > end:
        break
    time.sleep(0.05)
for t in tracks:
    print(t["type"], t.get("decoder-desc", "-"))
p.quit()
PY
tracks() {  # tracks ARGS...: "TYPE DECODER-DESC" per track
  PYTHONPATH="$(dirname "$0")" timeout "$HANG_SECONDS" python3 "$T/tracks.py" "$T" "$@" "$IN" 2>"$T/err" \
    || fail "$*: $(cat "$T/err")"
}
default=$(tracks)
grep -q '^video h264 (H.264 / AVC' <<<"$default" && grep -q '^audio aac (AAC (Advanced Audio Coding))$' <<<"$default" \
  || fail "default decoders: $default"
forced=$(tracks -acodec aac_fixed -codec:v h264)
grep -q '^video h264 (' <<<"$forced" && grep -q '^audio aac_fixed (AAC (Advanced Audio Coding))$' <<<"$forced" \
  || fail "-acodec aac_fixed -codec:v h264: $forced"
forced=$(tracks -codec:a aac_fixed)
grep -q '^audio aac_fixed (' <<<"$forced" || fail "-codec:a aac_fixed: $forced"
ok "decoders: default $(tr '\n' ';' <<<"$default") forced $(tr '\n' ';' <<<"$forced")"
bad() {  # bad REGEX ARGS...
  local re=$1; shift
  expect_status 2 timeout "$HANG_SECONDS" syncplay -autoexit "$@" "$IN"
  expect_stderr "$re"
}
bad "^syncplay: error: usage: -vcodec: no decoder named 'nosuch' \(see --help\)$" -vcodec nosuch
bad "^syncplay: error: usage: -acodec: 'h264' decodes video, not audio \(see --help\)$" -codec:a h264
bad "^syncplay: error: usage: -codec:x: give :v, :a or :s \(see --help\)$" -codec:x h264
bad "^syncplay: error: usage: -scodec: 'aac' decodes audio, not subtitle \(see --help\)$" -scodec aac
ok "a decoder that does not exist or does not fit: one usage line, status 2"
