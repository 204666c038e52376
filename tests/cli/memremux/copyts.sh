# Shows: by default the output starts at zero as with ffmpeg; --copyts keeps the input's timestamps as ffmpeg -copyts does.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
first_pts() { ffprobe -v error -show_entries format=start_time -of csv=p=0 "$1"; }
cat "$FX/ts_single.ts" | memremux -f nut > "$T/zero.nut"
cat "$FX/ts_single.ts" | memremux --copyts -f nut > "$T/kept.nut"
cat "$FX/ts_single.ts" | ffmpeg -nostdin -v error -copyts -i pipe:0 -map 0 -c copy -f nut -y "$T/ref.nut"
same_packets "$T/kept.nut" "$T/ref.nut"
[ "$(first_pts "$T/zero.nut")" = 0.000000 ] || fail "default does not start at 0: $(first_pts "$T/zero.nut")"
[ "$(first_pts "$T/kept.nut")" = "$(first_pts "$FX/ts_single.ts")" ] || fail "--copyts starts at $(first_pts "$T/kept.nut")"
ok "copyts: first pts $(first_pts "$T/kept.nut") as in the input"
