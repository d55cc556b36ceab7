#!/usr/bin/env bash
# Time from `java -jar shopifygenie.jar dev` to /health/ready answering 200, in dev mode with the
# embedded PostgreSQL: once on an empty data dir (initdb, migrations, admin) and then N times on
# the initialised one. Needs the jar: mvn -B -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
jar=launcher/target/shopifygenie.jar
runs=${1:-3}
port=${PORT:-5077}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

measure() {
  local start end
  start=$(date +%s%N)
  SHOPIFYGENIE_DATA_DIR="$data" SHOPIFYGENIE_HTTP_PORT=$port SHOPIFYGENIE_DB_URL= \
    java -jar "$jar" dev > "$data/run.log" 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null 2>&1; do
    sleep 0.05
    kill -0 $pid 2>/dev/null || { cat "$data/run.log"; exit 1; }
  done
  end=$(date +%s%N)
  kill -TERM $pid; wait $pid || true
  echo $(( (end - start) / 1000000 ))
}

echo "first start (empty data dir): $(measure) ms"
for i in $(seq 1 "$runs"); do
  echo "start $i (initialised data dir): $(measure) ms"
done
