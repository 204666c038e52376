# Shows: output to a pipe goes out in large blocks (a few write calls), and --flush-packets writes after every packet instead.
source "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null || { echo "SKIP: no strace"; exit 77; }
writes() {  # number of write(2) calls memremux makes on stdout
  cat "$FX/ts_single.ts" | strace -qq -e trace=write -e signal=none -o "$T/trace" memremux "$@" -f nut | cat > "$T/out.nut"
  grep -c '^write(1,' "$T/trace" || true
}
size=$(stat -c %s "$FX/ts_single.ts")
n_default=$(writes)
n_flush=$(writes --flush-packets)
n_packets=$(packets "$T/out.nut" | grep -c MD5)
echo "input $size bytes, $n_packets packets: $n_default writes by default, $n_flush with --flush-packets"
[ "$n_default" -le 3 ] || fail "default output was written in $n_default pieces"
[ "$n_flush" -ge $((n_packets / 2)) ] || fail "--flush-packets wrote only $n_flush times for $n_packets packets"
ok "large blocks by default, per-packet flushes on request"
