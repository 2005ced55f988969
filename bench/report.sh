#!/usr/bin/env bash
# bench/report.sh: turns bench/run.sh results into Markdown.
#   report.sh DIR              the table of one run (DIR/results.env)
#   report.sh --doc COMMAND    docs/performance.md: machine facts, the table of the largest run,
#                              how each figure scales across every run under build/bench/, the
#                              micro-benchmarks, then bench/notes.md (the analysis, by hand)
set -euo pipefail
cd "$(dirname "$0")/.."

val() { grep -m1 "^$2=" "$1/results.env" 2>/dev/null | cut -d= -f2- || true; }
# calc EXPR with a=.. b=..: prints "" when an input is missing or zero divides.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print ""; else printf "%.2f", a / b }'
}
verdict() {  # verdict VALUE OP LIMIT -> PASS / MISS / n/a
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    if (v == "") { print "n/a"; exit }
    ok = (op == ">=") ? (v + 0 >= l + 0) : (v + 0 <= l + 0)
    print ok ? "PASS" : "MISS" }'
}
num() { [[ -n $1 ]] && printf '%s' "$1" || printf '—'; }
thousands() { [[ -n $1 ]] && awk -v v="$1" 'BEGIN { printf "%\047.0f", v }' || printf '—'; }

table() {
  local d=$1 n
  n=$(val "$d" articles)
  local at=""
  [[ $n != 100000 ]] && at=" (target is at 100,000)"
  local a64 n64 r
  echo "| what | target | Dateline | reference | ratio | verdict |"
  echo "|---|---|---|---|---|---|"
  # The rounds behind a median, when the run had several: "; rounds 1/2/3 vs 1/2/3".
  rounds() {
    local dr nr
    dr=$(val "$1" dl_article_c64_rps_rounds); nr=$(val "$1" ng_article_c64_rps_rounds)
    [[ $dr == */* ]] && echo "; medians of rounds $dr vs $nr"
  }
  a64=$(val "$d" dl_article_c64_rps); n64=$(val "$d" ng_article_c64_rps); r=$(ratio "$a64" "$n64")
  echo "| article page, \`wrk -t2 -c64\` (req/s) | >= 0.8x nginx | $(thousands "$a64") (p99 $(num "$(val "$d" dl_article_c64_p99_ms)") ms) | nginx $(thousands "$n64") (p99 $(num "$(val "$d" ng_article_c64_p99_ms)") ms)$(rounds "$d") | $(num "$r")x | $(verdict "$r" ">=" 0.8) |"
  local dp np de ne
  dp=$(val "$d" dl_article_c256_p99_ms); np=$(val "$d" ng_article_c256_p99_ms)
  de=$(val "$d" dl_article_c256_errors); ne=$(val "$d" ng_article_c256_errors)
  r=$(ratio "$dp" "$np")
  local v256
  v256=$(verdict "$r" "<=" 2)
  [[ -n $de && $de != 0 ]] && v256=MISS
  echo "| same at 256 connections: p99 (ms), errors | p99 <= 2x nginx, 0 errors | p99 $(num "$dp") ms, $(num "$de") errors, $(thousands "$(val "$d" dl_article_c256_rps)") req/s | nginx p99 $(num "$np") ms, $(num "$ne") errors, $(thousands "$(val "$d" ng_article_c256_rps)") req/s | $(num "$r")x | $v256 |"
  local w
  w=$(val "$d" wp_article_c8_rps)
  if [[ $(val "$d" wp_ok) == 1 ]]; then
    r=$(ratio "$a64" "$w")
    echo "| article page vs WordPress (req/s) | >= 1000x WordPress | $(thousands "$a64") | WordPress $(num "$w") (\`-c8\`, p50 $(num "$(val "$d" wp_article_c8_p50_ms)") ms, $(num "$(val "$d" wp_article_c8_errors)") errors) | $(num "$r")x | $(verdict "$r" ">=" 1000) |"
  else
    echo "| article page vs WordPress (req/s) | >= 1000x WordPress | $(thousands "$a64") | WordPress not measured | — | n/a |"
  fi
  local page
  for page in home tag search; do
    local dv nv
    dv=$(val "$d" "dl_${page}_c64_rps"); nv=$(val "$d" "ng_${page}_c64_rps"); r=$(ratio "$dv" "$nv")
    echo "| $page page, \`-c64\` (req/s) | >= 0.5x nginx static | $(thousands "$dv") (p99 $(num "$(val "$d" "dl_${page}_c64_p99_ms")") ms, $(num "$(val "$d" "dl_${page}_c64_errors")") errors) | nginx $(thousands "$nv") | $(num "$r")x | $(verdict "$r" ">=" 0.5) |"
  done
  local c h
  c=$(val "$d" cold_pages_per_s); h=$(val "$d" hugo_pages_per_s); r=$(ratio "$c" "$h")
  local hugo_text="Hugo $(thousands "$h") ($(thousands "$(val "$d" hugo_pages)") pages in $(num "$(val "$d" hugo_ms)") ms)"
  [[ -n $(val "$d" hugo_timed_out) ]] &&
    hugo_text="Hugo did not finish in $(val "$d" hugo_timed_out) s: below $(val "$d" hugo_pages_per_s_below) pages/s"
  local hn
  hn=$(val "$d" hugo_norelated_pages_per_s)
  [[ -n $hn ]] && hugo_text+="; without Related: $(thousands "$hn") pages/s (ratio $(num "$(ratio "$c" "$hn")")x)"
  local rtext cv
  rtext="$(num "$r")x"; cv=$(verdict "$r" ">=" 2)
  if [[ -z $r && -n $(val "$d" hugo_pages_per_s_below) ]]; then
    # Hugo timed out: its rate is only bounded from above, so the ratio from below.
    local lower
    lower=$(ratio "$c" "$(val "$d" hugo_pages_per_s_below)")
    rtext="above ${lower}x"
    cv=$(verdict "$lower" ">=" 2)
    [[ $cv == MISS ]] && cv="n/a (at least ${lower}x)"
  fi
  echo "| cold render of every article page (pages/s) | >= 2x Hugo | $(thousands "$c") over $(thousands "$(val "$d" cold_pages)") pages, $(num "$(val "$d" cold_errors)") errors (p50 $(num "$(val "$d" cold_p50_ms)") ms, p99 $(num "$(val "$d" cold_p99_ms)") ms) | $hugo_text | $rtext | $cv |"
  local pm
  pm=$(val "$d" publish_visible_ms_max)
  echo "| publish -> visible everywhere (ms) | <= 200 ms$at | median $(num "$(val "$d" publish_visible_ms_median)"), max $(num "$pm") (write $(num "$(val "$d" publish_write_ms)"), content_changed $(num "$(val "$d" publish_content_changed_ms)")) | — | — | $(verdict "$pm" "<=" 200) |"
  local s50 s99 sv
  s50=$(val "$d" search_p50_ms); s99=$(val "$d" search_p99_ms)
  local ss50 ss99 su50 su99
  ss50=$(val "$d" store_search_p50_ms); ss99=$(val "$d" store_search_p99_ms)
  su50=$(val "$d" store_search_uncached_p50_ms); su99=$(val "$d" store_search_uncached_p99_ms)
  local sf=""
  # The uncached run's own first pass; runs before it was recorded apart had only the cached one's.
  fp=store_search_uncached_first_pass
  [[ -z $(val "$d" ${fp}_p50_ms) ]] && fp=store_search_first_pass
  [[ -n $(val "$d" ${fp}_p50_ms) ]] &&
    sf=" (first pass over the queries, before any phrase count is kept: $(num "$(val "$d" ${fp}_p50_ms)") / $(num "$(val "$d" ${fp}_p99_ms)"))"
  # The verdict is the uncached store figure when there is one (the HTTP and cached figures
  # repeat each query five times, and repeats come from the result cache).
  if [[ -n $su50 ]]; then
    sv="$(verdict "$su50" "<=" 3) (uncached)"
    [[ $(verdict "$su99" "<=" 20) == MISS ]] && sv="MISS (uncached)"
  else
    sv=$(verdict "$s50" "<=" 3)
    [[ $(verdict "$s99" "<=" 20) == MISS ]] && sv=MISS
    if [[ -z $s50 && -n $ss50 ]]; then
      sv="$(verdict "$ss50" "<=" 3) (store only)"
      [[ $(verdict "$ss99" "<=" 20) == MISS ]] && sv="MISS (store only)"
    fi
  fi
  echo "| search p50 / p99 (ms) | <= 3 / <= 20$at | \`Store::search_published\` uncached: $(num "$su50") / $(num "$su99")$sf; with its result cache (each query 5 times): $(num "$ss50") / $(num "$ss99"); search page over HTTP, same queries: $(num "$s50") / $(num "$s99") (max $(num "$(val "$d" search_max_ms)")) | — | — | $sv |"
  local rw ri
  rw=$(val "$d" rss_warm_mb)
  ri=$(val "$d" related_index_rss_mb)
  local rs mv
  rs=$(val "$d" rss_settled_mb)
  if [[ -n $rs ]]; then
    mv="$(verdict "$rs" "<=" 400) settled, $(verdict "$(val "$d" rss_after_load_mb)" "<=" 400) after wrk, $(verdict "$(val "$d" rss_peak_mb)" "<=" 400) peak"
  elif [[ -z $rw && -n $ri ]]; then
    mv="$(verdict "$ri" "<=" 400) (estimate: related index alone)"
  else
    mv="$(verdict "$rw" "<=" 400) warm, $(verdict "$(val "$d" rss_after_sweep_mb)" "<=" 400) after sweep"
  fi
  echo "| resident memory (MB) | <= 400 MB$at | $(num "$rw") after start-up and one page of each type; $(num "$(val "$d" rss_after_sweep_mb)") right after rendering every article (peak $(num "$(val "$d" rss_peak_mb)")); $(num "$rs") once settled; $(num "$(val "$d" rss_after_load_mb)") after the wrk runs; a process holding only the related index: $(num "$ri") | — | — | $mv |"
  local ip
  ip=$(val "$d" import_posts_per_s)
  local lp
  lp=$(val "$d" import_library_posts_per_s)
  echo "| Markdown import (posts/s) | >= 5,000 | \`dateline import\`: $(thousands "$ip") ($(thousands "$n") posts in $(num "$(val "$d" import_ms)") ms, peak RSS $(num "$(val "$d" import_max_rss_mb)") MB); library import alone (\`scale_probe import\`): $(thousands "$lp") | — | — | $(verdict "$ip" ">=" 5000) CLI, $(verdict "$lp" ">=" 5000) library |"
  local wp
  wp=$(val "$d" wxr_import_posts_per_s)
  echo "| WordPress export import (posts/s) | >= 5,000 | \`dateline import export.xml\`: $(thousands "$wp") ($(thousands "$(val "$d" wxr_posts)") posts from a $(num "$(val "$d" wxr_file_mb)") MB export in $(num "$(val "$d" wxr_import_ms)") ms, peak RSS $(num "$(val "$d" wxr_import_max_rss_mb)") MB) | — | — | $(verdict "$wp" ">=" 5000) |"
  local su
  su=$(val "$d" startup_ms)
  local est
  est=$(val "$d" related_rebuild_estimate_ms)
  local sv2
  sv2=$(verdict "$su" "<=" 2000)
  [[ -z $su && -n $est ]] && sv2="$(verdict "$est" "<=" 2000) (estimate)"
  echo "| start-up to first served page (ms) | <= 2,000 ms$at | $(num "$su") (\`App::create\` $(num "$(val "$d" app_create_ms)") ms; ranking every related list, done in the background after an import, is estimated at $(num "$est") ms) | — | — | $sv2 |"
}

scaling() {
  local dirs=("$@")
  local header="| figure |" sep="|---|"
  local d
  for d in "${dirs[@]}"; do
    header+=" $(thousands "$(val "$d" articles)") articles |"
    sep+="---|"
  done
  echo "$header"
  echo "$sep"
  local row key label
  for row in \
    "import_posts_per_s:import (posts/s)" \
    "import_max_rss_mb:import peak RSS (MB)" \
    "db_mb:database size (MB)" \
    "startup_ms:start-up to first article page (ms)" \
    "import_library_posts_per_s:library import, scale_probe (posts/s)" \
    "wxr_import_posts_per_s:WordPress export import (posts/s)" \
    "wxr_import_max_rss_mb:WordPress export import peak RSS (MB)" \
    "app_create_ms:App::create, in-process (ms)" \
    "related_rebuild_estimate_ms:related rebuild, estimated (ms)" \
    "related_index_build_ms:related index build, all upserts (ms)" \
    "related_topk_mean_ms:related top_k per article, mean (ms)" \
    "related_index_rss_mb:RSS of a process holding only the related index (MB)" \
    "published_texts_ms:load every article's text (ms)" \
    "store_search_p50_ms:Store::search_published p50 (ms)" \
    "store_search_p99_ms:Store::search_published p99 (ms)" \
    "store_search_uncached_p50_ms:Store::search_published uncached p50 (ms)" \
    "store_search_uncached_p99_ms:Store::search_published uncached p99 (ms)" \
    "store_search_uncached_first_pass_p50_ms:Store::search_published uncached, first pass, p50 (ms)" \
    "store_search_uncached_first_pass_p99_ms:Store::search_published uncached, first pass, p99 (ms)" \
    "rss_warm_mb:RSS after start-up + one page of each type (MB)" \
    "rss_after_sweep_mb:RSS after rendering every article (MB)" \
    "rss_settled_mb:RSS once settled (MB)" \
    "settle_ms:wait after the sweep until the server is idle (ms)" \
    "cold_pages_per_s:cold render (pages/s)" \
    "hugo_pages_per_s:Hugo build (pages/s)" \
    "hugo_ms:Hugo build time (ms)" \
    "hugo_norelated_pages_per_s:Hugo build without Related (pages/s)" \
    "hugo_pages_per_s_below:Hugo build, timed out: below (pages/s)" \
    "dl_article_c64_rps:article page -c64 (req/s)" \
    "ng_article_c64_rps:nginx article page -c64 (req/s)" \
    "dl_article_c256_p99_ms:article page -c256 p99 (ms)" \
    "ng_article_c256_p99_ms:nginx -c256 p99 (ms)" \
    "dl_home_c64_rps:home page (req/s)" \
    "dl_tag_c64_rps:tag page (req/s)" \
    "dl_search_c64_rps:search page (req/s)" \
    "search_p50_ms:search p50 (ms)" \
    "search_p99_ms:search p99 (ms)" \
    "publish_visible_ms_median:publish -> visible, median (ms)" \
    "publish_visible_ms_max:publish -> visible, max (ms)" \
    "publish_content_changed_ms:content_changed (ms)" \
    "wp_article_c8_rps:WordPress (req/s)" \
    "load_during:load average during wrk (1/5/15 min)"; do
    key=${row%%:*}
    label=${row#*:}
    local line="| $label |"
    for d in "${dirs[@]}"; do line+=" $(num "$(val "$d" "$key")") |"; done
    echo "$line"
  done
}

if [[ ${1:-} != --doc ]]; then
  table "$1"
  exit 0
fi

command=${2:-make bench}
mapfile -t dirs < <(for f in build/bench/*/results.env; do
  [[ -f $f ]] && printf '%s %s\n' "$(val "$(dirname "$f")" articles)" "$(dirname "$f")"
done | sort -n | cut -d' ' -f2)
((${#dirs[@]})) || { echo "report.sh: no results under build/bench/" >&2; exit 1; }
largest=${dirs[-1]}

runs=""
loads=""
for d in "${dirs[@]}"; do
  runs+="$(thousands "$(val "$d" articles)") articles at $(val "$d" date); "
  [[ -n $(val "$d" load_during) ]] && loads+="$(val "$d" load_during) during the wrk runs at $(thousands "$(val "$d" articles)"); "
  loads+="$(val "$d" load_before) before the run at $(thousands "$(val "$d" articles)"); "
done
cat <<EOF
# Dateline performance

Measured by \`bench/run.sh\` (\`make bench\`, \`BENCH_ARTICLES=10000 make bench\` for the quick size).
The benchmarks are not part of \`make test\`. This file is written by the harness
(\`bench/report.sh\`); the analysis at the end comes from \`bench/notes.md\`.

- Runs: ${runs%; }; command: \`$command\`
- Machine: $(nproc) cores ($(lscpu | awk -F: '/^Model name/ {gsub(/^ +/, "", $2); print $2; exit}'), $(lscpu | awk -F: '/^Hypervisor vendor/ {gsub(/^ +/, "", $2); print $2 " VM"; exit}')), $(free -g | awk '/^Mem:/ {print $2}') GiB memory, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)
- References from Debian: $(nginx -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $(hugo version 2>/dev/null | cut -d' ' -f1-2 | cut -d+ -f1), $(php -v 2>/dev/null | head -1 | cut -d' ' -f1-2), $(mariadbd --version 2>/dev/null | sed -E 's/.*Ver ([^ ]+).*/MariaDB \1/'), WordPress $(grep -m1 "wp_version =" /usr/share/wordpress/wp-includes/version.php 2>/dev/null | cut -d"'" -f2)
- Load: wrk, the server and the reference share the same 2 cores over loopback. Load average ${loads%; }. Other work ran on this machine during the runs: ratios compare figures measured a minute apart under the same load; absolute numbers are noisy.
EOF
for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
  echo
  echo "## Targets at $(thousands "$(val "${dirs[i]}" articles)") articles"
  echo
  table "${dirs[i]}"
done
cat <<EOF

## How the figures scale

EOF
scaling "${dirs[@]}"
micro_dir=""
for d in "${dirs[@]}"; do [[ -f $d/micro.txt ]] && micro_dir=$d; done
if [[ -n $micro_dir ]]; then
  cat <<EOF

## Micro-benchmarks (Google Benchmark, \`build/release/bench/dateline_micro\`, run of $(thousands "$(val "$micro_dir" articles)") articles)

\`\`\`
$(grep -E '^(BM_|-----|Benchmark)' "$micro_dir/micro.txt")
\`\`\`
EOF
fi
if [[ -f bench/notes.md ]]; then
  echo
  cat bench/notes.md
fi
