#!/usr/bin/env bash
# The bake-off of docs/comparisons.md through the HTTP API: on the demo corpus (notebooks/fetch-demo-corpus.sh, laid out
# as demo/ under a corpus root), a 4-mixture BiMix proxy sweep and its fit, DoReMi and Chameleon jobs, then a comparison
# of natural, uniform, entropy-ce, DoReMi, Chameleon and the BiMix optimum with 3 seeds. Writes the final JSON
# documents to $OUT (default .). Needs curl and python3 (standard library).
# Usage: SCALINGAPI_URL=… SCALINGAPI_KEY=… STEPS=150 notebooks/bakeoff.sh
set -euo pipefail
H=${SCALINGAPI_URL:-http://localhost:5000}
KEY=${SCALINGAPI_KEY:?export SCALINGAPI_KEY (cat data/api-key)}
J="Content-Type: application/json"
S=${STEPS:-150}
log() { echo "$(date -u +%H:%M:%S) $*"; }
post() { curl -sS -X POST "$H$1" -H "X-Api-Key: $KEY" -H "$J" -d "$2"; }
get() { curl -sS "$H$1" -H "X-Api-Key: $KEY"; }
field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
wait_status() { # polls a job or sweep URL until it is final
  local url=$1
  while true; do
    local st; st=$(get "$url" | field status)
    if [[ $st == completed || $st == failed || $st == cancelled ]]; then log "$url $st"; echo "$st"; return; fi
    sleep 10
  done
}

exp=$(post /api/experiments '{"name":"demo-bakeoff-'$(date +%s)'","tokenizer":"bytes","domains":[
 {"name":"prose","corpus":"demo/prose"},{"name":"code","corpus":"demo/code"},{"name":"manuals","corpus":"demo/manuals"},
 {"name":"german","corpus":"demo/german"},{"name":"data","corpus":"demo/data"}]}' | field id)
log "experiment $exp"
job=$(post /api/experiments/$exp/corpus-stats '{}' | field id)
wait_status /api/experiments/$exp/corpus-stats/$job >/dev/null

sweep=$(post /api/experiments/$exp/sweeps '{"name":"bimix-proxies","mixtures":[
 {"mixture":{"prose":0.40,"code":0.15,"manuals":0.15,"german":0.15,"data":0.15}},
 {"mixture":{"prose":0.10,"code":0.40,"manuals":0.20,"german":0.10,"data":0.20}},
 {"mixture":{"prose":0.15,"code":0.10,"manuals":0.40,"german":0.20,"data":0.15}},
 {"mixture":{"prose":0.15,"code":0.15,"manuals":0.10,"german":0.30,"data":0.30}}],
 "model":{"preset":"tiny"},"steps":'$S',"checkpoints":{"count":8,"spacing":"log"},"seed":1}' | field id)
log "sweep $sweep"
doremi=$(post /api/experiments/$exp/mixture-methods/doremi '{"referenceMixture":"natural","preset":"tiny","steps":'$S',"seed":1}' | field id)
log "doremi job $doremi"
chameleon=$(post /api/experiments/$exp/mixture-methods/chameleon '{"preset":"tiny","steps":'$S',"seed":1}' | field id)
log "chameleon job $chameleon"
wait_status /api/sweeps/$sweep >/dev/null
fit=$(post /api/experiments/$exp/fits '{"law":"bimix","sweep":'$sweep',"objective":"huber","holdout":{"kind":"last-step"},"bootstrap":100,"seed":1}' | tee ${OUT:-.}/fit.json | field id)
log "fit $fit"
wait_status /api/mixture-methods/$doremi >/dev/null
wait_status /api/mixture-methods/$chameleon >/dev/null
cmp=$(post /api/experiments/$exp/comparisons '{"name":"bakeoff","candidates":[{"kind":"natural"},{"kind":"uniform"},{"kind":"entropy-ce"},
 {"kind":"doremi","job":'$doremi'},{"kind":"chameleon","job":'$chameleon'},{"optimal":{"fit":'$fit'}}],
 "preset":"tiny","steps":'$S',"seeds":3}' | tee ${OUT:-.}/cmp-created.json | field id)
log "comparison $cmp"
wait_status /api/comparisons/$cmp >/dev/null
get /api/comparisons/$cmp > ${OUT:-.}/comparison.json
get /api/mixture-methods/$doremi > ${OUT:-.}/doremi.json
get /api/mixture-methods/$chameleon > ${OUT:-.}/chameleon.json
get /api/sweeps/$sweep > ${OUT:-.}/sweep.json
log "done: experiment $exp sweep $sweep fit $fit doremi $doremi chameleon $chameleon comparison $cmp"
