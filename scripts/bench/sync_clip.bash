# Sourced by the syncplay benchmarks: sync_clip SECONDS SIZE DIR prints the path of the clip both players play
# (SIZE at 25 fps H.264 + AAC 48 kHz stereo in NUT), made once in DIR.
sync_clip() {
  local seconds=$1 size=$2 dir=$3
  local clip=$dir/sync-${seconds}s-$size.nut
  if [ ! -s "$clip" ]; then
    echo "generating $clip" >&2
    ffmpeg -nostdin -v error -f lavfi -i "testsrc2=size=$size:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
      -ac 2 -t "$seconds" -c:v libx264 -preset veryfast -g 50 -pix_fmt yuv420p -c:a aac -b:a 128k -y "$clip.tmp.nut"
    mv "$clip.tmp.nut" "$clip"
  fi
  echo "$clip"
}
