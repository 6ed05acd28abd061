#!/usr/bin/env bash
# Whole-process benchmark of vpnaudit (SPEC §8), printed as a markdown table.
#
#   benches/run.sh              10k and 100k VPNs (JSON), 100k as YAML, 10k and 100k as CSV,
#                               and the side by side with regorus at 10k and 100k
#   benches/run.sh --1m         also 1M VPNs as JSON (4 inventory files, ~800 MiB)
#   benches/run.sh --quick      10k only (a smoke run, under a minute once built)
#   benches/run.sh --no-rego    skip building and running the regorus side
#
# Estates are generated (examples/generate.rs, seed 1) under $BENCH_DIR
# (default target/bench) and reused by later runs; reports go to
# $BENCH_DIR/out. Each command runs once under /usr/bin/time -v: wall time,
# CPU time (user + sys) and peak RSS; one that takes longer than
# $BENCH_TIMEOUT seconds (default 180) is killed and reported as such. The
# table is also written to $BENCH_DIR/results.md.
#
# Rows:
#   validate       vpnaudit validate DIR (load, parse, check; no evaluation)
#   json+csv       vpnaudit audit DIR --as-of 2026-11-28 --format json -o out.json --csv out.csv
#   table+csv      vpnaudit audit DIR --as-of 2026-11-28 --csv out.csv > table.txt
#   parse only     examples/parse_only.rs: read and parse the inventory, nothing else
#   regorus        benches/rego-runner: benches/rego/vpn.rego (the 31 built-in
#                  rules in Rego, over vpnaudit's own algorithm, carrier and
#                  region tables) over the same JSON, writing its findings
#                  as sorted lines (--dump)
#
# The JSON estates link 1 % of their VPNs to device configurations. The
# regorus comparison uses the same inventories generated without config links
# (Rego cannot read device configs), and checks that both engines report the
# same findings: the same set of (rule, VPN, status), not only as many.
set -euo pipefail
cd "$(dirname "$0")/.."

AS_OF=2026-11-28
BENCH_DIR=${BENCH_DIR:-target/bench}
# A run slower than this (seconds) is killed and reported as such.
LIMIT=${BENCH_TIMEOUT:-180}
OUT=$BENCH_DIR/out
SIZES=(10000 100000)
FORMATS=1
REGO=1
while [ $# -gt 0 ]; do
  case "$1" in
    --1m) SIZES+=(1000000) ;;
    --quick) SIZES=(10000); FORMATS=0 ;;
    --no-rego) REGO=0 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ ! -x /usr/bin/time ]; then
  echo "benches/run.sh needs GNU time (/usr/bin/time -v): apt-get install time" >&2
  exit 2
fi

echo "building (release)..." >&2
cargo build --release --quiet --bin vpnaudit --example generate --example parse_only
if [ "$REGO" = 1 ]; then
  cargo build --release --quiet --manifest-path benches/rego-runner/Cargo.toml
fi
VPNAUDIT=target/release/vpnaudit
GENERATE=target/release/examples/generate
PARSE_ONLY=target/release/examples/parse_only
RUNNER=benches/rego-runner/target/release/rego-runner
mkdir -p "$BENCH_DIR" "$OUT"

human() { # 10000 -> 10k
  case "$1" in
    *000000) echo "$(( $1 / 1000000 ))M" ;;
    *000) echo "$(( $1 / 1000 ))k" ;;
    *) echo "$1" ;;
  esac
}

# estate SIZE FORMAT CONFIGS -> prints the directory, generating it once.
estate() {
  local dir="$BENCH_DIR/estate-$(human "$1")-$2-c$3"
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    "$GENERATE" --vpns "$1" --format "$2" --configs "$3" --out "$dir" >&2
    touch "$dir/.done"
  fi
  echo "$dir"
}

ROWS=()
# measure LABEL VPNS FORMAT COMMAND... : runs COMMAND once (stdout to
# $OUT/last.stdout), records wall, CPU and peak RSS. Exit 0 (clean) and
# 1 (gaps found) are both a finished audit.
LAST_WALL=0
measure() {
  local label=$1 vpns=$2 format=$3; shift 3
  local t="$OUT/time.txt" rc=0
  # The previous run's reports are removed first: replacing them would add
  # the freeing of hundreds of MB of page cache to this run's time.
  rm -f "$OUT"/out.json "$OUT"/out.csv "$OUT"/last.stdout
  /usr/bin/time -v -o "$t" timeout -s KILL "$LIMIT" "$@" > "$OUT/last.stdout" 2> "$OUT/last.stderr" || rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    LAST_WALL=""
    ROWS+=("| $(human "$vpns") | $format | $label | > $LIMIT (killed) | | |")
    echo "  $(human "$vpns") $format $label: did not finish in ${LIMIT}s" >&2
    return
  fi
  if [ "$rc" -gt 1 ]; then
    echo "failed ($rc): $*" >&2
    tail -5 "$OUT/last.stderr" >&2
    exit 1
  fi
  local wall user sys rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$t")
  user=$(awk -F': ' '/User time/ {print $2}' "$t")
  sys=$(awk -F': ' '/System time/ {print $2}' "$t")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$t")
  LAST_WALL=$wall
  local cpu
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u+s}')
  ROWS+=("| $(human "$vpns") | $format | $label | $(printf '%.2f' "$wall") | $cpu | $rss |")
  echo "  $(human "$vpns") $format $label: ${wall}s wall, ${cpu}s CPU, ${rss} MiB" >&2
}

# findings_of REPORT: a vpnaudit JSON report -> its findings as sorted
# RULE<TAB>VPN<TAB>STATUS lines (VPN empty for the organisation), the
# format of rego-runner --dump. The report writes each key of a finding on
# a line of its own, status and rule before vpn.
findings_of() {
  awk -F'"' '
    /^      "finding_id": / { f = 1; rule = ""; status = "" }
    f && /^      "status": / { status = $4 }
    f && /^      "rule": / { rule = $4 }
    f && /^      "vpn": / { print rule "\t" $4 "\t" status; f = 0 }
  ' "$1" | LC_ALL=C sort
}

NOTES=()
for n in "${SIZES[@]}"; do
  configs=$(( n / 100 ))
  dir=$(estate "$n" json "$configs")
  echo "$(human "$n") VPNs as JSON, $configs configs:" >&2
  measure "validate" "$n" json "$VPNAUDIT" validate "$dir"
  measure "audit: json+csv" "$n" json "$VPNAUDIT" audit "$dir" --as-of "$AS_OF" --format json -o "$OUT/out.json" --csv "$OUT/out.csv"
  measure "audit: table+csv" "$n" json "$VPNAUDIT" audit "$dir" --as-of "$AS_OF" --csv "$OUT/out.csv"
done

if [ "$FORMATS" = 1 ]; then
  for run in yaml:100000 csv:10000 csv:100000; do
    format=${run%%:*} n=${run##*:}
    dir=$(estate "$n" "$format" $(( n / 100 )))
    echo "$(human "$n") VPNs as $format:" >&2
    measure "parse only" "$n" "$format" "$PARSE_ONLY" "$dir"
    parse=$LAST_WALL
    if [ -z "$parse" ]; then
      NOTES+=("- $(human "$n") as $format: parsing alone did not finish in ${LIMIT}s; the audit was not run.")
      continue
    fi
    measure "audit: json+csv" "$n" "$format" "$VPNAUDIT" audit "$dir" --as-of "$AS_OF" --format json -o "$OUT/out.json" --csv "$OUT/out.csv"
    if [ -n "$parse" ] && [ -n "$LAST_WALL" ]; then
      target=""
      [ "$format" = yaml ] && target=" (SPEC §8: within 1.25×)"
      NOTES+=("- $(human "$n") as $format: the whole audit takes $(awk -v a="$LAST_WALL" -v p="$parse" 'BEGIN {printf "%.2f", a/p}')× the parse alone$target.")
    fi
  done
fi

if [ "$REGO" = 1 ]; then
  for n in "${SIZES[@]}"; do
    [ "$n" -gt 100000 ] && continue
    dir=$(estate "$n" json 0)
    echo "$(human "$n") VPNs, no configs: vpnaudit vs regorus" >&2
    measure "audit: json+csv (no configs)" "$n" json "$VPNAUDIT" audit "$dir" --as-of "$AS_OF" --format json -o "$OUT/out.json" --csv "$OUT/out.csv"
    ours=$LAST_WALL
    findings_of "$OUT/out.json" > "$OUT/ours.tsv"
    ours_findings=$(wc -l < "$OUT/ours.tsv" | tr -d ' ')
    rm -f "$OUT/regorus.tsv"
    measure "regorus: data.vpnaudit.findings" "$n" json "$RUNNER" "$dir" --as-of "$AS_OF" --dump "$OUT/regorus.tsv"
    theirs=$LAST_WALL
    theirs_findings=$(sed -n 's/^findings=\([0-9]*\).*/\1/p' "$OUT/last.stdout")
    phases=$(sed -n 's/.*parse_ms=\([0-9]*\) eval_ms=\([0-9]*\).*/parse \1 ms, eval \2 ms/p' "$OUT/last.stdout")
    # Which findings one engine reports and the other does not.
    differ=$(diff "$OUT/ours.tsv" "$OUT/regorus.tsv" 2>/dev/null | grep -c '^[<>]' || true)
    if [ ! -f "$OUT/regorus.tsv" ]; then
      same="no regorus findings to compare"
    elif [ "$differ" = 0 ]; then
      same="the same findings"
    else
      same="FINDINGS DIFFER: $differ lines of diff $OUT/ours.tsv $OUT/regorus.tsv"
    fi
    NOTES+=("- $(human "$n") without configs: regorus takes $(awk -v a="$theirs" -v b="$ours" 'BEGIN {printf "%.1f", a/b}')× vpnaudit's wall time ($phases); findings: vpnaudit $ours_findings, regorus $theirs_findings ($same).")
  done
fi

{
  echo "| VPNs | format | run | wall s | CPU s | peak RSS MiB |"
  echo "|---:|---|---|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  printf '%s\n' "${NOTES[@]}"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); vpnaudit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $(date -u +%Y-%m-%d)."
} | tee "$BENCH_DIR/results.md"
