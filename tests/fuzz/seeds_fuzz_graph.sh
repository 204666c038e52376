#!/usr/bin/env bash
# Seeds for fuzz_graph: real graph descriptions (graphrun's CLI tests and typical uses: scale, overlay, amix,
# concat, split, trim, fps, aresample; labeled, unlabeled, unknown labels) behind a few selector bytes (see
# fuzz_graph.cpp), so each graph is configured with open and with encoder-like sinks, and run with few and more
# frames. FIXTURES_DIR is not needed (the target makes its own frames); it is taken for run.sh's calling convention.
# Usage: seeds_fuzz_graph.sh FIXTURES_DIR OUT_DIR
set -euo pipefail
out=${2:?usage: seeds_fuzz_graph.sh FIXTURES_DIR OUT_DIR}
mkdir -p "$out"
graphs=(
  '[0:v]null[v]'
  '[0:a]anull[a]'
  'null'
  'anull'
  'scale=80:60'
  '[0:v]scale=80:60,hflip'
  '[0:v]scale=160:120[v];[0:a]aresample=22050[a]'
  '[0:v]scale=320:240,format=yuv444p[v]'
  '[0:v]scale=w=iw/2:h=-2:flags=bicubic[v]'
  '[0:v][1:v]overlay=x=5:y=5[v]'
  '[0:v][1:v]overlay=shortest=1[v]'
  '[0:v][1:v]overlay[a];[a][1:v]overlay=x=40[v]'
  '[0:a][1:a]amix=inputs=2[a]'
  '[0:a][1:a:1]amix=inputs=2:duration=first[a]'
  '[0:a]atrim=end=1[x];[x][1:a]concat=n=2:v=0:a=1[a]'
  '[0:v]scale=32:24,fps=10[m];[m][1:v]concat=n=2:v=1:a=0[v]'
  '[0:v][0:a][1:v][1:a]concat=n=2:v=1:a=1[v][a]'
  '[0:v]split[a][b];[a]scale=80:60[o1];[b]crop=40:40[o2]'
  '[0:v]split[a][b];[b]scale=32:24[s];[a][s]overlay=10:10[v]'
  '[0:a]asplit=3[a][b][c];[a][b][c]amerge=inputs=3[m]'
  '[0:v]trim=end=0.2[v];[1:v]null[w]'
  '[0:v]trim=start=0.1:end=0.3,setpts=PTS-STARTPTS[v]'
  '[0:a]atrim=end=0.1,asetpts=PTS-STARTPTS[a]'
  '[0:v]fps=25[v]'
  '[0:v]fps=5,format=gray[v]'
  '[0:a]aresample=44100,volume=0.5[a]'
  '[0:a]aformat=sample_fmts=fltp:channel_layouts=mono[a]'
  '[0:a:1]anull[a]'
  '[1:a:1]volume=2[a]'
  '[0:1]anull[a]'
  '[1:2]pan=stereo|c0=c0|c1=c1[a]'
  '[0:v]scale=80:60[v];[foo]null[x];[bar]anull[y]'
  '[2:v]null[v]'
  '[0:v]nosuchfilter=1[v]'
  '[0:v]scale=80:60[v'
  'testsrc=s=64x48:r=25:d=0.2[t];[0:v][t]overlay[v]'
  'testsrc=s=64x48:r=60[t];[0:v][t]overlay=shortest=1[v]'
  'anullsrc=r=8000:cl=mono[n];[0:a][n]amix,atrim=end=0.2[a]'
  'sine=f=440:r=8000:d=0.1[s];[0:a][s]amix=duration=shortest[a]'
  '[0:v]hstack=inputs=1[v]'
  '[0:v][1:v]scale2ref[a][b];[a][b]hstack[v]'
  '[0:v]setsar=2,pad=80:60:4:4[v]'
  '[0:v]select=eq(n\,2)+eq(n\,3),setpts=N/25/TB[v]'
  '[0:v]tpad=stop=3:stop_mode=clone[v]'
  '[0:a]apad=pad_dur=0.1[a]'
  '[0:v]loop=loop=2:size=3[v]'
  '[0:v]reverse[v];[0:a]areverse[a]'
  '[0:v]split=2[a][b];[a][b]blend=all_mode=difference[v]'
  '[0:v]format=rgba,colorchannelmixer=aa=0.5[a];[1:v][a]overlay[v]'
  "[0:v]drawbox=x=1:y=1:w=10:h=10:color=red@0.5,eq=contrast=1.2[v]"
  '[0:a]showwaves=s=64x48[v]'
  '[0:v]select=gt(scene\,0.1),showinfo[v]'
  '[0:a]channelsplit=channel_layout=stereo[l][r]'
  '[0:a][1:a]join=inputs=2:channel_layout=3.0[a]'
  '[0:v]split[a][b];[a]palettegen[p];[b][p]paletteuse[v]'
)
# 01: run, open sinks, 2 frames      03: run, encoder sinks, 2 frames     0b: run, open sinks, 6 frames
# 19: run, open sinks, 25 frames     04: configure only, no input 1       1f: run, encoder sinks, 25 frames, no input 1
# 39: run, open sinks, 25 frames, input 0 changes format halfway   2b: the same with encoder sinks, 6 frames
selectors=(01 03 0b 19 04 1f 39 2b)
i=0
for g in "${graphs[@]}"; do
  for s in "${selectors[@]}"; do
    { printf "\\x$s"; printf '%s' "$g"; } > "$out/$(printf '%02d' "$i")-$s"
  done
  i=$((i + 1))
done
