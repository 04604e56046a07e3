#!/usr/bin/env bash
# TorchSharp 0.107's native library needs GLIBCXX_3.4.32 (GCC 13+). Debian 12 ships 3.4.30,
# so on such a machine take libstdc++6 (and the libc6 it pulls) from Debian 13 (trixie).
set -euo pipefail
lib=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
if grep -q GLIBCXX_3.4.32 "$lib" 2>/dev/null; then
  echo "libstdc++ already provides GLIBCXX_3.4.32"; exit 0
fi
echo "installing libstdc++6 from Debian trixie (TorchSharp needs GLIBCXX_3.4.32)"
cat > /etc/apt/sources.list.d/trixie.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
# keep bookworm the default; trixie only where asked for with -t
cat > /etc/apt/preferences.d/trixie-pin <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie libstdc++6 >/dev/null
grep -q GLIBCXX_3.4.32 "$lib"
