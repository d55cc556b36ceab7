#!/usr/bin/env bash
# Issue 16's figures of the live feed, one line per figure, in one run:
# - POST /orders -> its order.confirmed reaching an SSE client, median and p99 over N sequential
#   orders (bench/LiveFeed.java latency), on the local event bus, then on the embedded Kafka broker;
# - IDLE idle SSE connections held by one node (local event bus), with the JVM's resident memory
#   before and after (bench/LiveFeed.java idle).
# The live limits are raised for it (live.connections_per_user/_per_node) and the open-files limit
# with ulimit -n. Needs the jar: mvn -B -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${ORDERS:-1000}
idle=${IDLE:-5000}
port=${PORT:-5081}
jar=launcher/target/shopifygenie.jar
[ -f "$jar" ] || { echo "$jar is missing: mvn -B -q package -DskipTests" >&2; exit 1; }
# one descriptor per connection on either side (the bench client runs from this shell too)
ulimit -n $(( idle * 2 + 4096 )) 2> /dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $(( idle + 1024 )) ] || { echo "open-files limit $(ulimit -n) is too low for $idle connections" >&2; exit 1; }

work=$(mktemp -d)
app=
cleanup() {
  [ -n "$app" ] && { kill -TERM "$app" 2> /dev/null && wait "$app" 2> /dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
cat > "$work/live.yaml" <<YAML
live:
  connections_per_user: $(( idle + 100 ))
  connections_per_node: $(( idle + 100 ))
YAML

start_app() {
  mkdir -p "$work/data"
  SHOPIFYGENIE_DATA_DIR="$work/data" SHOPIFYGENIE_HTTP_PORT=$port SHOPIFYGENIE_DB_URL= \
    SHOPIFYGENIE_RATE_LIMIT_PER_MINUTE=100000000 SHOPIFYGENIE_EMBEDDED_KAFKA_PORT=$((port + 1)) \
    java -jar "$jar" dev --config "$work/live.yaml" "$@" > "$work/app.log" 2>&1 &
  app=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null 2>&1; do
    sleep 0.2
    kill -0 $app 2> /dev/null || { cat "$work/app.log"; exit 1; }
  done
}
stop_app() {
  kill -TERM $app; wait $app 2> /dev/null || true; app=
  rm -rf "$work/data"
}

echo "$(nproc) cores, $(free -m | awk '/^Mem:/ {print $2}') MB; the machine is shared with other work, so figures vary between runs"
start_app
printf 'local event bus: '
java bench/LiveFeed.java latency "http://127.0.0.1:$port" "$orders"
java bench/LiveFeed.java idle "http://127.0.0.1:$port" "$idle" "$app"
stop_app
start_app --kafka embedded
printf 'kafka (embedded broker): '
java bench/LiveFeed.java latency "http://127.0.0.1:$port" "$orders"
stop_app
