#!/usr/bin/env bash
# Stops the daemons .ci/slurm-up.sh started (by their pid files); leaves config and state in place.
set -euo pipefail
run_dir=/run/slurm
for name in slurmd slurmctld; do
  pid_file=$run_dir/$name.pid
  if [[ -s $pid_file ]] && pid=$(cat "$pid_file") && [[ $(cat /proc/"$pid"/comm 2>/dev/null) == "$name" ]]; then
    echo "stopping $name (pid $pid)"
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
done
