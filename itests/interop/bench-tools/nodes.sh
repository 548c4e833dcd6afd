# Sourced by the bench tools: finds the bench's three Chorus node JVMs.

# The three lowest pids of java processes running ExecutiveMain (not a shell or wrapper naming it).
node_pids() {
    for p in $(pgrep -f "io.chorus.launcher.ExecutiveMain" | sort -n); do
        [ "$(cat /proc/"$p"/comm 2>/dev/null)" = java ] && echo "$p"
    done | head -3
}

# Waits up to 2 minutes for the three nodes; prints their pids (node 1 first, as the bench starts them).
await_nodes() {
    local pids=""
    for _ in $(seq 1 600); do
        pids=$(node_pids)
        if [ "$(echo "$pids" | grep -c .)" -ge 3 ]; then
            echo "$pids"
            return 0
        fi
        sleep 0.2
    done
    echo "$(basename "$0"): no three ExecutiveMain JVMs appeared" >&2
    return 1
}

# The bench's own JVM (the failsafe fork running CpgThroughputBench): the Chorus columns' CPG client runs in it, and
# the bench counts its whole CPU as the client's.
bench_pid() {
    for p in $(pgrep -f "surefirebooter|failsafe" | sort -n); do
        [ "$(cat /proc/"$p"/comm 2>/dev/null)" = java ] && echo "$p"
    done | tail -1
}
