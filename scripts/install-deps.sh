#!/usr/bin/env bash
# Installs what Dateline needs to build, test and serve on Debian 12: Debian packages (as root, or
# through sudo) and the npm packages pinned in package-lock.json. Safe to run again: it installs
# only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libssl-dev zlib1g-dev libbrotli-dev
  libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libsodium-dev
  libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev libstemmer-dev
  libkainjow-mustache-dev libxml2-dev libxml2-utils libicu-dev libvips-dev libwebp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium default-jre-headless curl
)
if [[ "${1:-}" != "--no-browser" ]]; then :; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ -f package-lock.json ]]; then
  if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
