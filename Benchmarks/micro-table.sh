#!/usr/bin/env bash
# micro-table.sh OUTPUT: turns ordo-one/benchmark's text output (one box table per benchmark) into rows of
# the bench table: p50 events/s on one core and p50 allocations per event, each as a ratio to the
# JSONSerialization reference measured in the same run, with the targets, and how much of the time the
# benchmarking thread was on a CPU (p50; below 100 % the host or other processes took the core).
set -euo pipefail

awk -F'│' '
    function number(text,   unit) {
        gsub(/ /, "", text)
        return text
    }
    /^[a-z]/ && !/^Host/ { name = $0 }                       # the benchmark name precedes its table
    /Throughput/ {
        scale = ($2 ~ /\(K\)/) ? 1000 : ($2 ~ /\(M\)/) ? 1000000 : 1
        rate[name] = number($5) * scale; order[++n] = name
    }
    /Malloc \(total\)/ { mallocs[name] = number($5) }
    /Thread on CPU/ { share[name] = number($5) }              # per mille of the wall time, p50
    END {
        ref = ""
        for (i = 1; i <= n; i++) if (order[i] ~ /^reference/) ref = rate[order[i]]
        for (i = 1; i <= n; i++) {
            b = order[i]; target = "-"; met = "-"
            if (b ~ /canonical JSON, (specific|generic)/) { target = 500000 }
            if (b ~ /bounce emails/) { target = 20000 }
            if (target != "-") met = (rate[b] >= target) ? "yes" : "no"
            ratio = (ref > 0) ? sprintf("%.2f", rate[b] / ref) : "n/a"
            onCPU = (share[b] > 0) ? sprintf("; thread on a CPU %.1f %% of the time", share[b] / 10) : ""
            printf "micro: %s, events/s on one core (p50; %s allocs/event%s)\t%d\t%s\t%s\t%s\t%s\n", \
                b, mallocs[b], onCPU, rate[b], (b ~ /^reference/) ? "-" : ref " (JSONSerialization)", \
                (b ~ /^reference/) ? "1.00" : ratio, (target == "-") ? "-" : "≥ " target, met
        }
    }' "$1"
