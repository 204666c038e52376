#!/usr/bin/env bash
# Shows: real ffprobe consumers from npm work unchanged on avprobe-json: node-ffprobe (spawns the ffprobe-style
# JSON command line and JSON.parse's it) and fluent-ffmpeg's ffprobe() (parses the default ini-like writer). Their
# parsed results equal what they get from ffprobe itself.
source "$(dirname "$0")/../lib.sh"
mods=$MT_SOURCE/build/node_consumers/node_modules
if [ ! -d "$mods/node-ffprobe" ] || [ ! -d "$mods/fluent-ffmpeg" ] || ! command -v node > /dev/null; then
  echo "node-ffprobe/fluent-ffmpeg not installed (scripts/setup.sh installs them)"; exit 77
fi
cat > "$T/consume.js" <<'JS'
const path = process.argv[2], tool = process.argv[3], files = process.argv.slice(4);
module.paths.unshift(path);
const nodeFfprobe = require('node-ffprobe');
const fluent = require('fluent-ffmpeg');
const isDeep = require('util').isDeepStrictEqual;
function fluentProbe(bin, f) {
  fluent.setFfprobePath(bin);
  return new Promise((res, rej) => fluent.ffprobe(f, (err, data) => err ? rej(err) : res(data)));
}
(async () => {
  let bad = 0;
  for (const f of files) {
    nodeFfprobe.FFPROBE_PATH = 'ffprobe';
    const ref = await nodeFfprobe(f);
    nodeFfprobe.FFPROBE_PATH = tool;
    const ours = await nodeFfprobe(f);
    if (!ref.streams || !isDeep(ref, ours)) { bad++; console.error('node-ffprobe differs on ' + f); }
    const fr = await fluentProbe('ffprobe', f);
    const fo = await fluentProbe(tool, f);
    if (!fr.streams.length || !isDeep(fr, fo)) { bad++; console.error('fluent-ffmpeg differs on ' + f); }
  }
  process.exit(bad ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
JS
node "$T/consume.js" "$mods" "$MT_BIN/avprobe-json" "$FX/mkv_multi.mkv" "$FX/ts_programs.ts" "$FX/mp4_front.mp4" \
  "$FX/audio.mp3" "$FX/rotated.mp4" || fail "a consumer saw a difference"
ok "node-ffprobe and fluent-ffmpeg parse avprobe-json as they parse ffprobe"
