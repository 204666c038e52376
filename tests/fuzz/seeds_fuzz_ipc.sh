#!/usr/bin/env bash
# Seeds for fuzz_ipc: client sessions in mpv's IPC format, one command per line, each seed under the four player
# states of the first byte (see fuzz_ipc.cpp). The fixtures are media, no start for a line protocol: without these
# seeds the smoke began from bytes that differ from machine to machine and so found different things on each.
# Usage: seeds_fuzz_ipc.sh FIXTURES_DIR OUT_DIR (the fixtures are not used)
set -euo pipefail
out=${2:?usage: seeds_fuzz_ipc.sh FIXTURES_DIR OUT_DIR}
mkdir -p "$out"
sessions=(
  '{"command": ["get_property", "time-pos"], "request_id": 1}
{"command": ["get_property", "duration"], "request_id": 2}
{"command": ["get_property", "percent-pos"]}
{"command": ["get_property", "time-remaining"]}
{"command": ["get_property", "track-list"], "request_id": 3}
{"command": ["get_property", "track-list/count"]}'
  '{"command": ["set_property", "pause", true], "request_id": 1}
{"command": ["set_property", "pause", "no"]}
{"command": ["set_property", "mute", "yes"]}
{"command": ["set_property", "volume", 50]}
{"command": ["set_property", "speed", "1.5"]}
{"command": ["set_property", "time-pos", 2.5]}'
  '{"command": ["seek", 5]}
{"command": ["seek", -2, "relative+exact"]}
{"command": ["seek", 3, "absolute", "keyframes"]}
{"command": ["seek", -1, "absolute"]}
{"command": ["seek", 50, "absolute-percent"]}
{"command": ["seek", -10, "relative-percent+keyframes"]}'
  '{"command": ["cycle", "pause"]}
{"command": ["cycle", "mute", "up"]}
{"command": ["cycle", "aid", "down"]}
{"command": ["cycle", "video"]}
# a comment

{"command": ["quit"], "request_id": 9}'
  '{"command": ["no_such_command"]}
{"command": []}
{"command": "seek"}
{"request_id": 4}
[1, 2, 3]
{"command": ["get_property", 7]}'
)
i=0
for s in "${sessions[@]}"; do
  for state in 00 01 02 04 07; do
    { printf "\\x$state"; printf '%s\n' "$s"; } > "$out/session$i-state$state"
  done
  i=$((i + 1))
done
