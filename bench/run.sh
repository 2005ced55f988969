#!/usr/bin/env bash
# bench/run.sh: Dateline's load-test harness (`make bench`). Never part of `make test`.
#
# Builds the release binary and the bench tools, generates a site of BENCH_ARTICLES articles
# (default 100000; BENCH_ARTICLES=10000 for a quicker run), then measures on 127.0.0.1 only, every
# load bounded in time and count, against references measured in the same run:
#   import rate, start-up to first page, cold render of every article page (vs `hugo` building the
#   same articles), cached page throughput and latency with wrk (vs nginx serving the same bytes
#   as static files, and vs an uncached WordPress serving an equivalent post), search latency,
#   resident memory, publish -> visible (in-process, bench/publish_bench.cc), and the Google
#   Benchmark micro-benchmarks. Prints one table and writes docs/performance.md.
#
# Environment (all optional):
#   BENCH_ARTICLES=100000   articles to generate
#   BENCH_DIR=build/bench/n$BENCH_ARTICLES   scratch folder (deleted and refilled)
#   BENCH_SECONDS=10        length of each wrk run
#   BENCH_WORDPRESS=1       0 skips the WordPress reference
#   BENCH_HUGO=1            0 skips the Hugo reference
#   BENCH_MICRO=1           0 skips the micro-benchmarks
#   BENCH_PORT=18080        Dateline listens here, nginx static on +1, WordPress on +2
#   BENCH_SKIP_BUILD=0      1 uses the binaries already in build/release
#   BENCH_CMAKE_ARGS=       extra arguments for the release configure step (split on spaces)
#   BENCH_CXX_FLAGS=        CMAKE_CXX_FLAGS for that step, e.g. "-Wno-error=restrict
#                           -Wno-error=maybe-uninitialized" while -O3 warnings break the build
#   BENCH_WXR=1             0 skips the WordPress export (WXR) import of the same number of posts
#   BENCH_HUGO_TIMEOUT=1200 stop the Hugo build after this many seconds
#   BENCH_WRITE_DOC=1       0 leaves docs/performance.md alone
#   BENCH_SETTLE_S=900      longest wait, after the cold sweep, for the server to finish its
#                           background work (ranking the related lists an import left missing)
#   JOBS=$(nproc)           build parallelism
#
# Every process this script starts is stopped on exit (trap). Servers run as the current user
# with their configuration, pid files and data inside the scratch folder; no system service is
# touched.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

N=${BENCH_ARTICLES:-100000}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WITH_WP=${BENCH_WORDPRESS:-1}
WITH_HUGO=${BENCH_HUGO:-1}
WITH_MICRO=${BENCH_MICRO:-1}
PORT=${BENCH_PORT:-18080}
NGINX_PORT=$((PORT + 1))
WP_PORT=$((PORT + 2))
JOBS=${JOBS:-$(nproc)}
SCRATCH=${BENCH_DIR:-$ROOT/build/bench/n$N}
BUILD=$ROOT/build/release
BIN=$BUILD/src/cli/dateline
TOOLS=$BUILD/bench
SITE=$SCRATCH/site
DB=$SCRATCH/dateline.db
RESULTS=$SCRATCH/results.env
LOG=$SCRATCH/logs
COMMAND="make bench${BENCH_ARTICLES:+ BENCH_ARTICLES=$BENCH_ARTICLES}"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }
record() { printf '%s=%s\n' "$1" "$2" >>"$RESULTS"; log "$1=$2"; }
get() { grep -m1 "^$1=" "$RESULTS" 2>/dev/null | cut -d= -f2- || true; }
# Picks key=value out of a line of tool output.
field() { tr ' ' '\n' <<<"$2" | grep -m1 "^$1=" | cut -d= -f2- || true; }

# ---------------------------------------------------------------- processes and cleanup
PIDS=()
cleanup() {
  local pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- 0. tools
install_missing() {
  local want=()
  command -v wrk >/dev/null || want+=(wrk)
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || want+=(nginx)
  command -v curl >/dev/null || want+=(curl)
  if [[ $WITH_HUGO == 1 ]]; then command -v hugo >/dev/null || want+=(hugo); fi
  if [[ $WITH_WP == 1 ]]; then
    compgen -G "/usr/sbin/php-fpm*" >/dev/null || want+=(php-fpm)
    php -m 2>/dev/null | grep -qi '^mysqli$' || want+=(php-mysql)
    [[ -x /usr/sbin/mariadbd ]] || want+=(mariadb-server)
    [[ -f /usr/share/wordpress/wp-settings.php ]] || want+=(wordpress)
    [[ -d /usr/share/wordpress/wp-content/themes/twentytwentythree ]] ||
      want+=(wordpress-theme-twentytwentythree)
  fi
  ((${#want[@]})) || return 0
  log "installing ${want[*]}"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  # Keep the packages' system services (nginx on :80, MariaDB, php-fpm) from starting: this
  # harness runs its own instances. policy-rc.d is only added if absent, and removed after.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    added_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >"$SCRATCH/apt.log" 2>&1 ||
    { ((added_policy)) && $sudo rm -f "$policy"; die "apt-get install failed (see $SCRATCH/apt.log)"; }
  ((added_policy)) && $sudo rm -f "$policy"
  return 0
}

# ---------------------------------------------------------------- helpers: wrk
# run_wrk NAME URL CONNECTIONS [extra wrk flags...]: records NAME_rps, NAME_p50/p99_ms, NAME_errors.
to_ms() {  # "1.23ms" | "456.00us" | "1.02s" | "2.00m" -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}
run_wrk() {
  local name=$1 url=$2 conns=$3
  shift 3
  local out="$LOG/wrk-$name.txt"
  wrk -t2 -c"$conns" -d"${SECONDS_PER_RUN}s" --latency "$@" "$url" >"$out" 2>&1 || true
  local rps p50 p99 errs non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  errs=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")
  record "${name}_rps" "${rps:-0}"
  record "${name}_p50_ms" "$p50"
  record "${name}_p99_ms" "$p99"
  record "${name}_errors" "$(( ${errs:-0} + ${non2xx:-0} ))"
  sleep 1
}

# ---------------------------------------------------------------- helpers: hugo
# Times `hugo --quiet` building the generated site; bounded by BENCH_HUGO_TIMEOUT seconds.
run_hugo() {
  local limit=${BENCH_HUGO_TIMEOUT:-1200} t rc=0
  log "hugo building the same $N articles (at most ${limit}s)"
  t=$(now_ns)
  timeout "$limit" hugo --quiet -s "$SITE/hugo" -d "$SCRATCH/hugo-public" >"$LOG/hugo.txt" 2>&1 || rc=$?
  local hugo_ms
  hugo_ms=$(ms_since "$t")
  if ((rc == 0)); then
    local pages
    pages=$(find "$SCRATCH/hugo-public" -name index.html | wc -l)
    record hugo_ms "$hugo_ms"
    record hugo_pages "$pages"
    record hugo_pages_per_s "$(awk -v n="$pages" -v ms="$hugo_ms" 'BEGIN {printf "%.1f", n * 1000 / ms}')"
  elif ((rc == 124)); then
    record hugo_timed_out "$limit"
    record hugo_pages_per_s_below "$(awk -v n="$N" -v s="$limit" 'BEGIN {printf "%.1f", n / s}')"
  else
    log "hugo failed: $(tail -3 "$LOG/hugo.txt")"
  fi
  rm -rf "$SCRATCH/hugo-public"
  # The same build without Hugo's .Related list, whose cost grows fastest with the archive.
  log "hugo again without Related News (at most ${limit}s)"
  rc=0
  t=$(now_ns)
  HUGO_PARAMS_RELATED=false timeout "$limit" hugo --quiet -s "$SITE/hugo" -d "$SCRATCH/hugo-public" \
    >"$LOG/hugo-norelated.txt" 2>&1 || rc=$?
  hugo_ms=$(ms_since "$t")
  if ((rc == 0)); then
    local pages
    pages=$(find "$SCRATCH/hugo-public" -name index.html | wc -l)
    grep -q 'Related News' "$(find "$SCRATCH/hugo-public" -name index.html | head -1)" &&
      log "warning: HUGO_PARAMS_RELATED=false was not applied"
    record hugo_norelated_ms "$hugo_ms"
    record hugo_norelated_pages_per_s "$(awk -v n="$pages" -v ms="$hugo_ms" 'BEGIN {printf "%.1f", n * 1000 / ms}')"
  fi
  rm -rf "$SCRATCH/hugo-public"
  return 0
}

# ---------------------------------------------------------------- 1. build, 2. generate
mkdir -p "$SCRATCH"
install_missing
rm -rf "$SITE" "$LOG" "$RESULTS" "$DB" "$DB-wal" "$DB-shm" "$SCRATCH/nginx" "$SCRATCH/wp" "$SCRATCH/hugo-public"
mkdir -p "$LOG"
: >"$RESULTS"
for p in "$PORT" "$NGINX_PORT" "$WP_PORT"; do port_free "$p" || die "port $p is in use (set BENCH_PORT)"; done

record articles "$N"
record date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
record load_before "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"

if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
  log "building release with benchmarks"
  # shellcheck disable=SC2086  # BENCH_CMAKE_ARGS is a list of words on purpose
  cmake --preset release -DDATELINE_TESTS=OFF -DDATELINE_BENCH=ON ${BENCH_CMAKE_ARGS:-} \
    ${BENCH_CXX_FLAGS:+"-DCMAKE_CXX_FLAGS=$BENCH_CXX_FLAGS"} >"$LOG/cmake.txt"
  cmake --build "$BUILD" -j "$JOBS" --target dateline generate_site http_sweep publish_bench \
    scale_probe $([[ $WITH_MICRO == 1 ]] && echo dateline_micro) >"$LOG/build.txt" 2>&1 ||
    { tail -30 "$LOG/build.txt" >&2; die "build failed (see $LOG/build.txt)"; }
fi

log "generating $N articles"
t=$(now_ns)
"$TOOLS/generate_site" --articles "$N" --out "$SITE" --publish 5 >"$LOG/generate.txt"
record generate_ms "$(ms_since "$t")"

# ---------------------------------------------------------------- 3. probes, init + import
init_db() {
  "$BIN" --db "$1" --log-level warn init --site-name "The Daily Bench" --short-name TDB \
    --timezone Asia/Karachi --tagline "Benchmark edition" >"$LOG/init.txt"
}
# Probes first: they stay affordable at any size and tell whether the full run can finish.
log "probes: library import, related rebuild estimate, store search"
PROBE_DB=$SCRATCH/probe.db
rm -f "$PROBE_DB" "$PROBE_DB-wal" "$PROBE_DB-shm"
init_db "$PROBE_DB"
for step in import related search; do
  case $step in
    import) args=(--dir "$SITE/dateline") ;;
    related) args=(--sample 400) ;;
    search) args=(--queries "$SITE/lists/queries.txt" --repeat 5 --max-seconds 120) ;;
  esac
  out=$("$TOOLS/scale_probe" "$step" --db "$PROBE_DB" "${args[@]}" 2>&1) || log "scale_probe $step failed: $out"
  echo "$out" >"$LOG/probe-$step.txt"
  for kv in $out; do [[ $kv == *=* ]] && record "${kv%%=*}" "${kv#*=}"; done
done
# The same queries with the result cache off: every repeat is a full search.
out=$("$TOOLS/scale_probe" search --db "$PROBE_DB" --queries "$SITE/lists/queries.txt" --repeat 5 \
  --max-seconds 120 --cache-pages 0 2>&1) || log "scale_probe search (uncached) failed: $out"
echo "$out" >"$LOG/probe-search-uncached.txt"
record store_search_uncached_p50_ms "$(field store_search_p50_ms "$out")"
record store_search_uncached_p99_ms "$(field store_search_p99_ms "$out")"
record store_search_uncached_first_pass_p50_ms "$(field store_search_first_pass_p50_ms "$out")"
record store_search_uncached_first_pass_p99_ms "$(field store_search_first_pass_p99_ms "$out")"
rm -f "$PROBE_DB" "$PROBE_DB-wal" "$PROBE_DB-shm"

# `dateline import` ranks no related lists and `dateline serve` ranks the missing ones in the
# background after it starts listening, so the serving half runs at every size; the estimate
# above says for how long that background ranking keeps one core busy after the import.

# run_import DB SOURCE OUT TIMES: `dateline import SOURCE` into DB, its output to OUT and, when
# /usr/bin/time is there, its peak RSS to TIMES (max_rss_kb=...).
run_import() {
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f 'max_rss_kb=%M' -o "$4" "$BIN" --db "$1" --log-level warn import "$2" >"$3"
  else
    "$BIN" --db "$1" --log-level warn import "$2" >"$3"
  fi
}

log "dateline init + import"
t=$(now_ns)
init_db "$DB"
record init_ms "$(ms_since "$t")"
t=$(now_ns)
run_import "$DB" "$SITE/dateline" "$LOG/import.txt" "$LOG/import-time.txt"
import_ms=$(ms_since "$t")
imported=$(grep -c '^imported ' "$LOG/import.txt" || true)
[[ $imported == "$N" ]] || die "imported $imported of $N articles"
record import_ms "$import_ms"
record import_posts_per_s "$(awk -v n="$N" -v ms="$import_ms" 'BEGIN {printf "%.0f", n * 1000 / ms}')"
[[ -f $LOG/import-time.txt ]] && record import_max_rss_mb "$(awk -F= '/max_rss_kb/ {printf "%.0f", $2 / 1024}' "$LOG/import-time.txt")"
record db_mb "$(du -m "$DB" | cut -f1)"

# The same number of posts as a WordPress export, imported into a database of its own (then
# deleted, with the export: at 100,000 posts the file is about 500 MB).
if [[ ${BENCH_WXR:-1} == 1 ]]; then
  log "WordPress export import ($N posts)"
  WXR_FILE=$SCRATCH/export.xml
  WXR_DB=$SCRATCH/wxr.db
  "$TOOLS/generate_site" --articles "$N" --wxr "$WXR_FILE" >"$LOG/generate-wxr.txt"
  record wxr_file_mb "$(du -m "$WXR_FILE" | cut -f1)"
  rm -f "$WXR_DB" "$WXR_DB-wal" "$WXR_DB-shm"
  init_db "$WXR_DB"
  t=$(now_ns)
  run_import "$WXR_DB" "$WXR_FILE" "$LOG/wxr-import.txt" "$LOG/wxr-time.txt"
  wxr_ms=$(ms_since "$t")
  # "wordpress import: A imported, B updated, C unchanged, D skipped"
  wxr_posts=$(awk '/^wordpress import:/ {print $3}' "$LOG/wxr-import.txt")
  [[ -n $wxr_posts ]] || die "the WordPress import printed no summary (see $LOG/wxr-import.txt)"
  record wxr_posts "$wxr_posts"
  record wxr_import_ms "$wxr_ms"
  record wxr_import_posts_per_s "$(awk -v n="$wxr_posts" -v ms="$wxr_ms" 'BEGIN {printf "%.0f", n * 1000 / ms}')"
  [[ -f $LOG/wxr-time.txt ]] && record wxr_import_max_rss_mb "$(awk -F= '/max_rss_kb/ {printf "%.0f", $2 / 1024}' "$LOG/wxr-time.txt")"
  rm -f "$WXR_FILE" "$WXR_DB" "$WXR_DB-wal" "$WXR_DB-shm"
fi

# ---------------------------------------------------------------- 4. serve: start-up, warm, RSS
ARTICLE_PATH=$(sed -n "$(( (N + 1) / 2 ))p" "$SITE/lists/articles.txt")
FIRST_PATH=$(head -1 "$SITE/lists/articles.txt")
TAG_PATH=$(head -1 "$SITE/lists/tags.txt")
SEARCH_PATH="/search?q=border+trade"

start_dateline() {
  "$BIN" --db "$DB" --log-level warn serve --listen "127.0.0.1:$PORT" --threads 2 \
    --no-access-log >>"$LOG/dateline-serve.txt" 2>&1 &
  DL_PID=$!
  PIDS+=("$DL_PID")
}
rss_mb() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

log "starting dateline (start-up to first served article page)"
t=$(now_ns)
start_dateline
wait_out=$("$TOOLS/http_sweep" --port "$PORT" --wait "$ARTICLE_PATH" --max-seconds 600) ||
  die "dateline did not answer $ARTICLE_PATH: $wait_out"
record startup_ms "$(ms_since "$t")"
record rss_started_mb "$(rss_mb "$DL_PID")"

log "warming every page type once"
{
  echo /
  echo /page/2/
  echo "$FIRST_PATH"
  echo "$ARTICLE_PATH"
  cat "$SITE/lists/tags.txt" "$SITE/lists/categories.txt" "$SITE/lists/authors.txt"
  echo "$SEARCH_PATH"
  for p in /feed.xml /feed.atom /feed.json /sitemap.xml /sitemap-news.xml /robots.txt; do echo "$p"; done
} >"$SCRATCH/warm.txt"
"$TOOLS/http_sweep" --port "$PORT" --urls "$SCRATCH/warm.txt" --connections 1 --expect 200 \
  >"$LOG/warm.txt" 2>&1 || log "warning: some warm-up pages did not answer 200 (see $LOG/warm.txt)"
record rss_warm_mb "$(rss_mb "$DL_PID")"

log "search latency over $(wc -l <"$SITE/lists/search.txt") queries x 5 (1 connection, at most 120 s)"
out=$("$TOOLS/http_sweep" --port "$PORT" --urls "$SITE/lists/search.txt" --connections 1 --repeat 5 --max-seconds 120) || true
record search_requests "$(field requests "$out")"
echo "$out" >"$LOG/search.txt"
record search_p50_ms "$(field p50_ms "$out")"
record search_p99_ms "$(field p99_ms "$out")"
record search_max_ms "$(field max_ms "$out")"

log "cold render sweep over all $N article pages (2 connections, first hit of each renders)"
out=$("$TOOLS/http_sweep" --port "$PORT" --urls "$SITE/lists/articles.txt" --connections 2 --max-seconds 1800) || true
echo "$out" >"$LOG/cold.txt"
record cold_pages "$(field requests "$out")"
record cold_errors "$(( $(field errors "$out") + $(field unexpected_status "$out") ))"
record cold_pages_per_s "$(field rps "$out")"
record cold_p50_ms "$(field p50_ms "$out")"
record cold_p99_ms "$(field p99_ms "$out")"
record article_page_bytes "$(field mean_bytes "$out")"
record rss_after_sweep_mb "$(rss_mb "$DL_PID")"
record rss_peak_mb "$(hwm_mb "$DL_PID")"

# After an import the server ranks the missing related lists in the background (one core for
# minutes at 100,000): the throughput runs below measure a settled server, so wait until it has
# used under 5% of a core for two seconds (at most BENCH_SETTLE_S), and at least 65 s, so the
# once-a-minute return of freed memory to the system has run.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
log "waiting for background work to finish (at most ${BENCH_SETTLE_S:-900} s)"
t=$(now_ns)
while (( $(ms_since "$t") < ${BENCH_SETTLE_S:-900} * 1000 )); do
  a=$(cpu_ticks "$DL_PID"); sleep 2; b=$(cpu_ticks "$DL_PID")
  (( (b - a) * 100 < 5 * 2 * $(getconf CLK_TCK) )) && (( $(ms_since "$t") >= 65000 )) && break
done
record settle_ms "$(ms_since "$t")"
record rss_settled_mb "$(rss_mb "$DL_PID")"

# ---------------------------------------------------------------- 5. nginx with the same bytes
NG=$SCRATCH/nginx
mkdir -p "$NG/www" "$NG/tmp" "$NG/logs"
fetch() { curl -fsS --max-time 30 -o "$2" "http://127.0.0.1:$PORT$1"; }
mkdir -p "$NG/www$ARTICLE_PATH" "$NG/www$TAG_PATH"
fetch "$ARTICLE_PATH" "$NG/www$ARTICLE_PATH/index.html"
fetch / "$NG/www/index.html"
fetch "$TAG_PATH" "$NG/www$TAG_PATH/index.html"
fetch "$SEARCH_PATH" "$NG/www/search.html"
record home_page_bytes "$(stat -c %s "$NG/www/index.html")"

if [[ $WITH_WP == 1 ]]; then
  WP=$SCRATCH/wp
  mkdir -p "$WP"
fi
{
  [[ $(id -u) -eq 0 ]] && echo "user root;"
  cat <<EOF
worker_processes auto;
daemon off;
pid $NG/nginx.pid;
error_log $NG/logs/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 100000;
  keepalive_timeout 65;
  access_log off;
  client_body_temp_path $NG/tmp/body;
  proxy_temp_path $NG/tmp/proxy;
  fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi;
  scgi_temp_path $NG/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $NG/www;
    index index.html;
    location = /search { default_type "text/html; charset=utf-8"; try_files /search.html =404; }
  }
EOF
  if [[ $WITH_WP == 1 ]]; then
    cat <<EOF
  server {
    listen 127.0.0.1:$WP_PORT;
    root $WP/www;
    index index.php;
    location / { try_files \$uri \$uri/ /index.php?\$args; }
    location ~ \.php\$ {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      fastcgi_param HTTP_HOST \$http_host;
      fastcgi_pass unix:$WP/run/php-fpm.sock;
      fastcgi_read_timeout 120s;
    }
  }
EOF
  fi
  echo "}"
} >"$NG/nginx.conf"
log "starting nginx on 127.0.0.1:$NGINX_PORT"
nginx -e "$NG/logs/error.log" -p "$NG" -c "$NG/nginx.conf" >>"$LOG/nginx.txt" 2>&1 &
NG_PID=$!
PIDS+=("$NG_PID")
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/" 2>/dev/null && break; sleep 0.1; done
cmp -s <(curl -fsS "http://127.0.0.1:$NGINX_PORT$ARTICLE_PATH") "$NG/www$ARTICLE_PATH/index.html" ||
  die "nginx does not serve the article bytes (see $NG/logs/error.log)"

# ---------------------------------------------------------------- 6. throughput and latency
# Waits until Dateline answers /healthz again within 50 ms: requests that wrk abandoned are
# still being served after it stops, and must not leak into the next measurement.
drain() {
  local t0
  t0=$(now_ns)
  while (( $(ms_since "$t0") < 600000 )); do
    local ms
    ms=$({ curl -s -o /dev/null -w '%{time_total}' --max-time 30 "http://127.0.0.1:$PORT/healthz" || echo 30; } |
      awk '{printf "%d", $1 * 1000}')
    (( ${ms:-1000} < 50 )) && return 0
    sleep 1
  done
}
# The machine is shared and one 10 s run can swing by a third: each page is measured in
# BENCH_ROUNDS rounds (default 3), Dateline then nginx in each, and the recorded figures are the
# medians over the rounds (errors summed); the rounds are kept as NAME_roundR_*.
ROUNDS=${BENCH_ROUNDS:-3}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]}'; }
summarize_rounds() {
  local name=$1 key r errors=0 rounds=""
  for key in rps p50_ms p99_ms; do
    record "${name}_$key" "$(for ((r = 1; r <= ROUNDS; r++)); do get "${name}_round${r}_$key"; done | median)"
  done
  for ((r = 1; r <= ROUNDS; r++)); do
    local e
    e=$(get "${name}_round${r}_errors")
    errors=$((errors + ${e:-0}))
    rounds+="${rounds:+/}$(get "${name}_round${r}_rps")"
  done
  record "${name}_errors" "$errors"
  record "${name}_rps_rounds" "$rounds"
}
# run_pair DL_NAME NG_NAME PATH CONNECTIONS: Dateline and nginx on the same page, in rounds.
run_pair() {
  local r
  for ((r = 1; r <= ROUNDS; r++)); do
    run_wrk "$1_round$r" "http://127.0.0.1:$PORT$3" "$4"
    drain
    run_wrk "$2_round$r" "http://127.0.0.1:$NGINX_PORT$3" "$4"
  done
  summarize_rounds "$1"
  summarize_rounds "$2"
}
log "wrk: ${SECONDS_PER_RUN}s per run, 2 threads, $ROUNDS rounds"
# The search page is uncached and slow: it runs last, so a backlog cannot slow the others.
for page in article home tag search; do
  case $page in
    article) path=$ARTICLE_PATH ;;
    home) path=/ ;;
    tag) path=$TAG_PATH ;;
    search) path=$SEARCH_PATH ;;
  esac
  if [[ $page == search ]]; then
    run_pair dl_article_c256 ng_article_c256 "$ARTICLE_PATH" 256
    record rss_after_load_mb "$(rss_mb "$DL_PID")"
    record load_during "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"
  fi
  run_pair "dl_${page}_c64" "ng_${page}_c64" "$path" 64
done

stop_pid "$DL_PID"

# ---------------------------------------------------------------- 7. WordPress reference
wp_setup() {
  local fpm
  fpm=$(compgen -G "/usr/sbin/php-fpm*" | sort -V | tail -1)
  mkdir -p "$WP/db" "$WP/run" "$WP/log"
  cp -a /usr/share/wordpress "$WP/www"
  rm -f "$WP/www/.htaccess" "$WP/www/wp-config.php"
  local me
  me=$(id -un)
  # MariaDB on a unix socket in the scratch folder, no TCP.
  mariadb-install-db --no-defaults --datadir="$WP/db" --user="$me" \
    --auth-root-authentication-method=normal --skip-test-db >"$WP/log/install-db.txt" 2>&1 ||
    { log "mariadb-install-db failed"; return 1; }
  /usr/sbin/mariadbd --no-defaults --datadir="$WP/db" --socket="$WP/run/mysqld.sock" \
    --pid-file="$WP/run/mysqld.pid" --skip-networking --user="$me" --skip-log-bin \
    --innodb-buffer-pool-size=128M --log-error="$WP/log/mysqld.err" >/dev/null 2>&1 &
  MY_PID=$!
  PIDS+=("$MY_PID")
  for _ in $(seq 1 300); do
    mariadb-admin --no-defaults -S "$WP/run/mysqld.sock" -uroot ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  mariadb --no-defaults -S "$WP/run/mysqld.sock" -uroot \
    -e "CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" || return 1

  # Debian's wp-config.php only reads /etc/wordpress/config-<host>.php: write a plain one.
  cat >"$WP/www/wp-config.php" <<EOF
<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:$WP/run/mysqld.sock');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT',
          'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as \$k) { define(\$k, 'bench-' . \$k); }
\$table_prefix = 'wp_';
define('WP_DEBUG', false);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_HOME', 'http://127.0.0.1:$WP_PORT');
define('WP_SITEURL', 'http://127.0.0.1:$WP_PORT');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
EOF
  # Install non-interactively, then add the benchmark article and some neighbours so the
  # theme's lists are not empty. Markdown is turned into the HTML WordPress stores.
  cat >"$WP/www/bench-install.php" <<'EOF'
<?php
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = getenv('WP_HOST');
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/taxonomy.php';
wp_install('The Daily Bench', 'admin', 'bench@example.org', true, '', wp_generate_password(24));
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
$wp_rewrite->flush_rules(false);
function md_to_html($md) {
  $html = '';
  foreach (preg_split("/\n\n+/", trim($md)) as $block) {
    $block = htmlspecialchars($block, ENT_NOQUOTES);
    $block = preg_replace('/\*\*(.+?)\*\*/', '<strong>$1</strong>', $block);
    $block = preg_replace('/\[([^\]]+)\]\(([^)]+)\)/', '<a href="$2">$1</a>', $block);
    if (str_starts_with($block, '## ')) { $html .= '<h2>' . substr($block, 3) . "</h2>\n"; continue; }
    if (str_starts_with($block, '- ')) {
      $items = array_map(fn($l) => '<li>' . substr($l, 2) . '</li>', explode("\n", $block));
      $html .= '<ul>' . implode('', $items) . "</ul>\n"; continue;
    }
    $html .= "<p>$block</p>\n";
  }
  return $html;
}
$target = null;
foreach (array_slice($argv, 1) as $file) {
  [$front, $body] = array_pad(explode("\n---\n", substr(file_get_contents($file), 4), 2), 2, '');
  $meta = [];
  foreach (explode("\n", $front) as $line) {
    if (preg_match('/^(\w+): (.*)$/', $line, $m)) $meta[$m[1]] = trim($m[2], '"');
  }
  $cat = wp_create_category($meta['category']);
  $id = wp_insert_post([
    'post_title' => $meta['title'], 'post_name' => $meta['slug'], 'post_status' => 'publish',
    'post_content' => md_to_html($body), 'post_excerpt' => $meta['excerpt'] ?? '',
    'post_date' => date('Y-m-d H:i:s', strtotime($meta['date'])), 'post_category' => [$cat],
    'tags_input' => array_map('trim', explode(',', trim($meta['tags'] ?? '', '[]'))),
  ], true);
  if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
  $target = $id;  // the last file is the benchmark article
}
echo wp_make_link_relative(get_permalink($target)), "\n";
EOF
  local article_md neighbours
  article_md=$(find "$SITE/dateline" -name "$(basename "$ARTICLE_PATH").md" | head -1)
  neighbours=$(find "$SITE/dateline" -name '*.md' | sort | head -100)
  WP_PATH=$(cd "$WP/www" && WP_HOST="127.0.0.1:$WP_PORT" php bench-install.php $neighbours "$article_md" 2>"$WP/log/install.txt") ||
    { log "WordPress install failed: $(tail -3 "$WP/log/install.txt")"; return 1; }
  rm -f "$WP/www/bench-install.php"

  local pool_user=""
  [[ $(id -u) -eq 0 ]] && pool_user=$'user = root\ngroup = root'
  cat >"$WP/php-fpm.conf" <<EOF
[global]
pid = $WP/run/php-fpm.pid
error_log = $WP/log/php-fpm.log
daemonize = no
[bench]
$pool_user
listen = $WP/run/php-fpm.sock
listen.mode = 0666
pm = static
pm.max_children = 8
php_admin_flag[log_errors] = on
php_admin_value[error_log] = $WP/log/php-errors.log
EOF
  "$fpm" --nodaemonize --fpm-config "$WP/php-fpm.conf" $([[ $(id -u) -eq 0 ]] && echo -R) \
    >"$WP/log/php-fpm.out" 2>&1 &
  FPM_PID=$!
  PIDS+=("$FPM_PID")
  for _ in $(seq 1 100); do [[ -S $WP/run/php-fpm.sock ]] && break; sleep 0.1; done
  local code
  code=$(curl -s -o "$WP/article.html" -w '%{http_code}' --max-time 60 "http://127.0.0.1:$WP_PORT$WP_PATH")
  [[ $code == 200 ]] || { log "WordPress answered $code for $WP_PATH"; return 1; }
  grep -q "$(head -c 40 <<<"$(grep -m1 '^title:' "$article_md" | cut -d'"' -f2)")" "$WP/article.html" ||
    { log "WordPress page lacks the article title"; return 1; }
  record wp_page_bytes "$(stat -c %s "$WP/article.html")"
  return 0
}

if [[ $WITH_WP == 1 ]]; then
  log "setting up WordPress (php-fpm x8, MariaDB on a unix socket, nginx in front)"
  if wp_setup; then
    log "wrk against WordPress (uncached; ~${SECONDS_PER_RUN}s, --timeout 30s)"
    run_wrk wp_article_c8 "http://127.0.0.1:$WP_PORT$WP_PATH" 8 --timeout 30s
    sleep 3  # let requests still queued in php-fpm drain
    record wp_ok 1
  else
    record wp_ok 0
  fi
  [[ -n ${FPM_PID:-} ]] && stop_pid "$FPM_PID"
  [[ -n ${MY_PID:-} ]] && stop_pid "$MY_PID"
fi
stop_pid "$NG_PID"

# ---------------------------------------------------------------- 8. Hugo reference
[[ $WITH_HUGO == 1 ]] && run_hugo

# ---------------------------------------------------------------- 9. publish -> visible
log "publish -> visible (in-process, on a copy of the database)"
cp "$DB" "$SCRATCH/publish.db"
for ext in -wal -shm; do [[ -f $DB$ext ]] && cp "$DB$ext" "$SCRATCH/publish.db$ext"; done
out=$("$TOOLS/publish_bench" --db "$SCRATCH/publish.db" --publish-dir "$SITE/publish" --count 5 2>&1) ||
  log "publish_bench failed: $out"
echo "$out" >"$LOG/publish.txt"
summary=$(grep '^publish_summary' <<<"$out" || true)
startup=$(grep '^startup' <<<"$out" || true)
record publish_visible_ms_median "$(field visible_ms_median "$summary")"
record publish_visible_ms_max "$(field visible_ms_max "$summary")"
record publish_content_changed_ms "$(field content_changed_ms_median "$summary")"
record publish_write_ms "$(field write_ms_median "$summary")"
record app_create_ms "$(field app_create_ms "$startup")"
rm -f "$SCRATCH/publish.db" "$SCRATCH/publish.db-wal" "$SCRATCH/publish.db-shm"

# ---------------------------------------------------------------- 10. micro-benchmarks
if [[ $WITH_MICRO == 1 ]]; then
  log "micro-benchmarks"
  "$TOOLS/dateline_micro" --benchmark_min_time=0.2 --benchmark_out="$SCRATCH/micro.json" \
    --benchmark_out_format=json >"$SCRATCH/micro.txt" 2>&1 || log "micro-benchmarks failed"
fi

# ---------------------------------------------------------------- 11. the table
bash "$ROOT/bench/report.sh" "$SCRATCH" | tee "$SCRATCH/table.md"
if [[ ${BENCH_WRITE_DOC:-1} == 1 ]]; then
  bash "$ROOT/bench/report.sh" --doc "$COMMAND" >"$ROOT/docs/performance.md"
  log "wrote docs/performance.md"
fi
