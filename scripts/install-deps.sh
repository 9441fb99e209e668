#!/usr/bin/env bash
# Installs what building and testing BounceWorker needs when it is missing:
# librdkafka (>= 2.0, headers and pkg-config file) and kcat.
# On Debian/Ubuntu it uses apt-get (through sudo when not root); elsewhere it says what to install.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! pkg-config --exists rdkafka 2>/dev/null || [ ! -f /usr/include/librdkafka/rdkafka_mock.h ] \
    && [ ! -f "$(pkg-config --variable=includedir rdkafka 2>/dev/null)/librdkafka/rdkafka_mock.h" ]; then
  missing+=(librdkafka-dev)
fi
command -v kcat >/dev/null 2>&1 || missing+=(kcat)

[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing ${missing[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing: ${missing[*]}." >&2
  echo "Install librdkafka 2.x with its development headers (e.g. 'brew install librdkafka pkg-config kcat'," >&2
  echo "'dnf install librdkafka-devel kcat'), then run make again." >&2
  exit 1
fi
