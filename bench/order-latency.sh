#!/usr/bin/env bash
# POST /orders -> confirmed, median and p99 over N sequential orders, on each transport, in one run:
# dev mode with the local event bus, then dev mode with the embedded Kafka broker.
# Needs the jar: mvn -B -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-1000}
port=${PORT:-5078}
jar=launcher/target/shopifygenie.jar

run() {
  local data
  data=$(mktemp -d)
  SHOPIFYGENIE_DATA_DIR="$data" SHOPIFYGENIE_HTTP_PORT=$port SHOPIFYGENIE_DB_URL= \
    SHOPIFYGENIE_RATE_LIMIT_PER_MINUTE=100000000 SHOPIFYGENIE_EMBEDDED_KAFKA_PORT=$((port + 1)) \
    java -jar "$jar" dev "$@" > "$data/run.log" 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null 2>&1; do
    sleep 0.2
    kill -0 $pid 2>/dev/null || { cat "$data/run.log"; exit 1; }
  done
  java bench/OrderLatency.java "http://127.0.0.1:$port" "$orders"
  kill -TERM $pid; wait $pid || true
  rm -rf "$data"
}

printf 'local event bus: '; run
printf 'kafka (embedded broker): '; run --kafka embedded
