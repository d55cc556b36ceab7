#!/usr/bin/env bash
# The figures of issue 11 as ratios of one run on one PostgreSQL server this script starts itself
# (Debian's postgresql package if installed, else the server binaries embedded in the jar): a raw
# Vert.x app's GET /products/{id} (bench/RawProductApp.java), the shop's GET /products/{id} through
# the gateway, POST /orders at saturation with the pipeline's orders/s and created -> confirmed lag
# read from the status history (local transport, twice, then Kafka), pgbench TPC-B (when pgbench is
# installed), the JVM's resident memory after each round. One line per figure.
# Needs the jar (mvn -B -q package -DskipTests) and wrk (apt-get install -y wrk); psql and pgbench
# are used when installed (apt-get install -y postgresql), bench/Sql.java stands in for psql.
# SECONDS_PER_RUN (20) is each measured round; WARM_SECONDS (90) the shortest orders warm-up before
# the first local orders round and before the Kafka round (a fresh JVM), WARM_MAX_SECONDS (300) the
# longest; GET_WARM_SECONDS (20) and GET_WARM_MAX_SECONDS (120) those of the GETs, the raw app's and
# the shop's alike. Each goes on while the JIT still compiles (warm below). GET_PAIRS (3) is how
# many pairs of GET rounds, the raw app's then the shop's, give the GET ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-5098}
raw_port=${RAW_PORT:-5097}
pg_port=${PG_PORT:-5499}
kafka_port=${KAFKA_PORT:-5096}
seconds=${SECONDS_PER_RUN:-20}
products=500
jar=launcher/target/shopifygenie.jar
base="http://127.0.0.1:$port"

command -v wrk > /dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$jar" ] || { echo "$jar is missing: mvn -B -q package -DskipTests" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
# Debian's server binaries, else those the jar embeds (initdb, pg_ctl, postgres and their libraries)
# (PG_FROM=jar takes the jar's, and bench/Sql.java for psql, even where Debian's are installed)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ ! -x "$pg_bin/initdb" ] || [ "${PG_FROM:-}" = jar ]; then
  mkdir "$work/pgdist"
  (cd "$work/pgdist" && jar xf "$OLDPWD/$jar" postgres-linux-x86_64.txz && tar -xJf postgres-linux-x86_64.txz)
  chmod -R a+rX "$work/pgdist"
  pg_bin=$work/pgdist/bin
fi
pg_user=postgres
id postgres > /dev/null 2>&1 || pg_user=nobody
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }
app= raw=
cleanup() {
  for pid in $raw $app; do kill -TERM "$pid" 2> /dev/null && wait "$pid" 2> /dev/null || true; done
  as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m fast stop > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/pg" "$work/app"
[ "$(id -u)" = 0 ] && chown "$pg_user" "$work/pg"
as_pg "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres > "$work/initdb.log"
as_pg "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200" \
  -l "$work/pg/log" -w start > /dev/null
if command -v psql > /dev/null && [ "${PG_FROM:-}" != jar ]; then
  sql() { psql -X -q -At -F ' ' -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" -c "$2"; }
else
  sql() { java -cp "$jar" bench/Sql.java "jdbc:postgresql://127.0.0.1:$pg_port/$1?user=postgres" "$2"; }
fi
pg_version=$(sql postgres "SHOW server_version" | cut -d' ' -f1)

# starts the shop in dev mode on that server; extra arguments go to dev (--kafka embedded)
start_app() {
  SHOPIFYGENIE_DATA_DIR="$work/app" SHOPIFYGENIE_HTTP_PORT=$port SHOPIFYGENIE_DB_URL="postgresql://postgres@127.0.0.1:$pg_port" \
    SHOPIFYGENIE_EMBEDDED_KAFKA_PORT=$kafka_port SHOPIFYGENIE_RATE_LIMIT_PER_MINUTE=100000000 \
    java ${JAVA_OPTS:-} -jar "$jar" dev "$@" >> "$work/app.log" 2>&1 &
  app=$!
  until curl -sf "$base/health/ready" > /dev/null 2>&1; do
    sleep 0.2
    kill -0 $app 2> /dev/null || { cat "$work/app.log"; exit 1; }
  done
}
start_app
json_field() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\\1/"; }
post() { curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $1" "$base$2" -d "$3" "${@:4}"; }
admin=$(curl -sf -H 'Content-Type: application/json' "$base/auth/login" \
  -d '{"email":"admin@shopifygenie.dev","password":"genie-admin-dev"}' | json_field access_token)

# 500 products with plenty of stock, through the API so the orders domain learns their prices
: > "$work/ids" ; : > "$work/skus"
for i in $(seq 1 $products); do
  sku=$(printf 'CK-%04d' "$i")
  id=$(post "$admin" /products "{\"sku\":\"$sku\",\"title\":\"Checkout bench $i\",\"price\":{\"amount\":1999,\"currency\":\"USD\"},
    \"unit_cost\":{\"amount\":800,\"currency\":\"USD\"}}" | json_field id)
  post "$admin" /inventory/adjustments "{\"product_id\":\"$id\",\"kind\":\"received\",\"quantity\":10000000,\"reason\":\"bench\"}" \
    -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" > /dev/null
  echo "$id" >> "$work/ids"; echo "$sku" >> "$work/skus"
done
email="bench-$(cat /proc/sys/kernel/random/uuid)@example.com"
curl -sf -H 'Content-Type: application/json' "$base/auth/register" -d "{\"email\":\"$email\",\"password\":\"bench-password\"}" > /dev/null
customer=$(curl -sf -H 'Content-Type: application/json' "$base/auth/login" \
  -d "{\"email\":\"$email\",\"password\":\"bench-password\"}" | json_field access_token)
# the last product reaches the orders domain's price list asynchronously
for _ in $(seq 1 300); do
  post "$customer" /orders "{\"lines\":[{\"sku\":\"$sku\",\"quantity\":1}]}" > /dev/null 2>&1 && break
  sleep 0.1
done

lua_list() { printf '{'; sed 's/.*/"&",/' "$1" | tr -d '\n'; printf '}'; }
cat > "$work/get.lua" <<LUA
local ids = $(lua_list "$work/ids")
math.randomseed(11)
request = function()
  return wrk.format("GET", "/products/" .. ids[math.random(#ids)], {["Authorization"] = "Bearer $admin"})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, summary.errors.status))
end
LUA
load() { # script url duration -> req/s p50 p99 requests non-2xx
  wrk -t 2 -c 64 -d "$3" -s "$1" "$2" | grep '^RESULT' | cut -d' ' -f2-
}

# The load of a measured round, run first until the JIT has settled: the JIT and the pools warm up
# before a measured round, the raw app's and the shop's alike. On two cores the C2 compiler works
# through its queue for minutes under load, on Kafka (more code: clients, consumers) longer than on
# the local bus: after 60 s of orders it still took 30-34 % of the JVM's CPU in the measured 20 s on
# Kafka, after 180 s 5-9 % (per-thread CPU in /proc); after 20 s of GETs on a fresh JVM, a third of
# the shop's CPU in the measured GETs' first 17 s (async-profiler): a fixed, short warm-up measures
# the compiler rather than the code. A warm-up runs its shortest time, then goes on in steps of
# WARM_STEP_SECONDS (15) while the compiler threads took more than WARM_JIT_PERCENT (10) % of one
# core in the last step, up to its longest; it leaves what it did in $warm_note.
jit_ticks() { # pid -> CPU ticks of its JIT compiler threads
  local ticks=0 task
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2> /dev/null)" in
      C1\ Compiler*|C2\ Compiler*)
        # fields after "pid (comm) ": utime and stime are the 12th and 13th
        ticks=$(( ticks + $(sed 's/.*) //' "$task/stat" | awk '{ print $12 + $13 }') ));;
    esac
  done
  echo "$ticks"
}
warm() { # script url pid shortest longest
  local warmed=$4 step=${WARM_STEP_SECONDS:-15} hz before jit_percent=
  hz=$(getconf CLK_TCK)
  wrk -t 2 -c 64 -d "${warmed}s" -s "$1" "$2" > /dev/null
  while [ "$warmed" -lt "$5" ]; do
    before=$(jit_ticks "$3")
    wrk -t 2 -c 64 -d "${step}s" -s "$1" "$2" > /dev/null
    warmed=$(( warmed + step ))
    jit_percent=$(( ( $(jit_ticks "$3") - before ) * 100 / (hz * step) ))
    [ "$jit_percent" -le "${WARM_JIT_PERCENT:-10}" ] && break
  done
  warm_note="${warmed} s of warm-up, the JIT compilers at ${jit_percent:-?} % of a core in its last ${step} s"
}

# raw app: the shop's own catalog database, the same rows
java -cp "$jar" bench/RawProductApp.java "$raw_port" "postgresql://postgres@127.0.0.1:$pg_port/shopifygenie_catalog" \
  > "$work/raw.log" 2>&1 &
raw=$!
until curl -sf "http://127.0.0.1:$raw_port/products/$(head -1 "$work/ids")" > /dev/null 2>&1; do
  sleep 0.2
  kill -0 $raw 2> /dev/null || { cat "$work/raw.log"; exit 1; }
done
warm "$work/get.lua" "http://127.0.0.1:$raw_port" "$raw" "${GET_WARM_SECONDS:-20}" "${GET_WARM_MAX_SECONDS:-120}"
raw_warm_note=$warm_note
warm "$work/get.lua" "$base" "$app" "${GET_WARM_SECONDS:-20}" "${GET_WARM_MAX_SECONDS:-120}"
get_warm_note=$warm_note
# The two in alternating pairs, both warm: this shared machine's speed drifts by a third within
# minutes, so one round of each measured the drift as often as the shop (ratios 0.45-0.68 in one
# stop's runs). The ratio is the median of the pairs' ratios, each pair's two rounds back to back.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
raw_rounds=() get_rounds=() pair_ratios=()
for _ in $(seq 1 "${GET_PAIRS:-3}"); do
  read -r raw_rps raw_p50 raw_p99 _ raw_bad < <(load "$work/get.lua" "http://127.0.0.1:$raw_port" "${seconds}s")
  read -r get_rps get_p50 get_p99 _ get_bad < <(load "$work/get.lua" "$base" "${seconds}s")
  raw_rounds+=("$raw_rps") get_rounds+=("$get_rps")
  pair_ratios+=("$(awk -v a="$get_rps" -v b="$raw_rps" 'BEGIN { printf "%.2f", (b == 0 ? 0 : a / b) }')")
  [ "$raw_bad" = 0 ] && [ "$get_bad" = 0 ] || get_non_2xx="raw $raw_bad, shop $get_bad non-2xx in a pair"
done
kill -TERM $raw; wait $raw 2> /dev/null || true; raw=

# POST /orders at saturation with these skus; the pipeline then drains what is pending. Prints
# req/s p50 p99 sent non-2xx, then orders (of this phase) accepted, decided, confirmed, still
# pending, leaving pending per second from the first created to the last decided, lag p50, p99.
order_script() { # skus file -> $work/order.lua
  local skus=$1
  cat > "$work/order.lua" <<LUA
local skus = $(lua_list "$skus")
math.randomseed(11)
request = function()
  return wrk.format("POST", "/orders", {["Authorization"] = "Bearer $customer", ["Content-Type"] = "application/json"},
    '{"lines":[{"sku":"' .. skus[math.random(#skus)] .. '","quantity":1}]}')
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, summary.errors.status))
end
LUA
}
orders_phase() {
  local before
  order_script "$1"
  before=$(sql shopifygenie_orders "SELECT count(*) FROM orders")
  printf '%s ' $(load "$work/order.lua" "$base" "${seconds}s")
  for _ in $(seq 1 1200); do
    [ "$(sql shopifygenie_orders "SELECT count(*) FROM orders WHERE status = 'pending'")" = 0 ] && break
    sleep 0.5
  done
  sql shopifygenie_orders "
    WITH load AS (SELECT * FROM orders ORDER BY created_at, id OFFSET $before),
    decided AS (SELECT h.order_id, h.at, h.to_status FROM order_status_history h JOIN load ON load.id = h.order_id
                WHERE h.from_status = 'pending'),
    confirmed AS (SELECT d.at - l.created_at AS lag FROM decided d JOIN load l ON l.id = d.order_id
                  WHERE d.to_status = 'confirmed')
    SELECT (SELECT count(*) FROM load), (SELECT count(*) FROM decided), (SELECT count(*) FROM confirmed),
      (SELECT count(*) FROM load WHERE status = 'pending'),
      round((SELECT count(*) FROM decided)
        / greatest(extract(epoch FROM (SELECT max(at) FROM decided) - (SELECT min(created_at) FROM load)), 0.001), 0),
      round(1000 * extract(epoch FROM (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) FROM confirmed))::numeric, 1),
      round(1000 * extract(epoch FROM (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) FROM confirmed))::numeric, 1)"
}
# Orders at 64 connections until the JIT has settled (warm below), then until none is pending.
warm_orders() {
  order_script "$work/skus"
  warm "$work/order.lua" "$base" "$app" "${WARM_SECONDS:-90}" "${WARM_MAX_SECONDS:-300}"
  for _ in $(seq 1 600); do
    [ "$(sql shopifygenie_orders "SELECT count(*) FROM orders WHERE status = 'pending'")" = 0 ] && break
    sleep 0.5
  done
}
# round 1 and 2 on the local transport (the second shows whether memory keeps growing), then Kafka
warm_orders
local_warm_note=$warm_note
read -r post_rps post_p50 post_p99 post_n post_bad accepted decided confirmed pending per_second lag_p50 lag_p99 \
  < <(orders_phase "$work/skus")
head -1 "$work/skus" > "$work/hot"
read -r hot_rps hot_p50 hot_p99 hot_n hot_bad hot_accepted hot_decided hot_confirmed hot_pending hot_per_second \
  hot_lag_p50 hot_lag_p99 < <(orders_phase "$work/hot")
rss_mb=$(( $(ps -o rss= -p $app) / 1024 ))
read -r post2_rps _ post2_p99 post2_n post2_bad _ _ _ _ per_second2 lag2_p50 lag2_p99 < <(orders_phase "$work/skus")
read -r _ _ _ _ _ _ _ _ _ _ _ _ < <(orders_phase "$work/hot")
rss2_mb=$(( $(ps -o rss= -p $app) / 1024 ))

kill -TERM $app; wait $app 2> /dev/null || true; app=
start_app --kafka embedded
customer=$(curl -sf -H 'Content-Type: application/json' "$base/auth/login" \
  -d "{\"email\":\"$email\",\"password\":\"bench-password\"}" | json_field access_token)
warm_orders
kafka_warm_note=$warm_note
read -r k_rps k_p50 k_p99 k_n k_bad k_accepted k_decided k_confirmed k_pending k_per_second k_lag_p50 k_lag_p99 \
  < <(orders_phase "$work/skus")
kill -TERM $app; wait $app 2> /dev/null || true; app=

# pgbench on the same server, after the shop's load
tps=
if command -v pgbench > /dev/null; then
  sql postgres "CREATE DATABASE pgbench"
  pgbench -h 127.0.0.1 -p "$pg_port" -U postgres -i -s 10 -q pgbench > "$work/pgbench-init.log" 2>&1
  tps=$(pgbench -h 127.0.0.1 -p "$pg_port" -U postgres -c 8 -j 2 -T "$seconds" pgbench 2> /dev/null \
    | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | cut -d. -f1)
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b == 0 ? 0 : a / b) }'; }
echo "PostgreSQL $pg_version ($pg_bin), $(nproc) cores, wrk 64 connections, ${seconds} s each, random ids / skus of $products"
printf 'raw Vert.x app GET /products/{id}:        %6s req/s  p50 %6s ms  p99 %6s ms  (the last of %s rounds: %s req/s; after %s)\n' \
  "$raw_rps" "$raw_p50" "$raw_p99" "${#raw_rounds[@]}" "${raw_rounds[*]}" "$raw_warm_note"
printf 'shop GET /products/{id} (gateway):        %6s req/s  p50 %6s ms  p99 %6s ms  (the last of %s rounds: %s req/s; after %s)\n' \
  "$get_rps" "$get_p50" "$get_p99" "${#get_rounds[@]}" "${get_rounds[*]}" "$get_warm_note"
printf 'shop GET / raw GET, pairs:                %6s  median of %s (goal >= 0.6)%s\n' \
  "$(median "${pair_ratios[@]}")" "${pair_ratios[*]}" "${get_non_2xx:+; $get_non_2xx}"
if [ -n "$tps" ]; then
  printf 'pgbench TPC-B scale 10, 8 clients:        %6s tps\n' "$tps"
else
  echo "pgbench TPC-B:                            not measured: pgbench is not installed (apt-get install -y postgresql)"
fi
printf 'POST /orders:                             %6s req/s  p50 %6s ms  p99 %6s ms  (%s sent, non-2xx %s; goal p99 <= 100 ms; after %s)\n' \
  "$post_rps" "$post_p50" "$post_p99" "$post_n" "$post_bad" "$local_warm_note"
printf 'orders leaving pending (pipeline):        %6s /s  (%s of %s decided, %s confirmed, %s still pending)  %s of pgbench tps (goal >= 0.25)\n' \
  "$per_second" "$decided" "$accepted" "$confirmed" "$pending" "$(ratio "$per_second" "${tps:-0}")"
printf 'created -> confirmed lag:                 p50 %s ms  p99 %s ms  (goal p99 <= 500 ms)\n' "$lag_p50" "$lag_p99"
printf 'POST /orders, one hot sku:                %6s req/s  p50 %6s ms  p99 %6s ms  (%s sent, non-2xx %s)\n' \
  "$hot_rps" "$hot_p50" "$hot_p99" "$hot_n" "$hot_bad"
printf 'pipeline, one hot sku:                    %6s /s  (%s of %s decided, %s confirmed, %s still pending)  lag p50 %s ms  p99 %s ms\n' \
  "$hot_per_second" "$hot_decided" "$hot_accepted" "$hot_confirmed" "$hot_pending" "$hot_lag_p50" "$hot_lag_p99"
printf 'JVM resident memory after round 1:        %s MB (goal <= 512)\n' "$rss_mb"
printf 'round 2, POST /orders:                    %6s req/s  p99 %6s ms  (%s sent, non-2xx %s); pipeline %s /s, lag p50 %s ms  p99 %s ms\n' \
  "$post2_rps" "$post2_p99" "$post2_n" "$post2_bad" "$per_second2" "$lag2_p50" "$lag2_p99"
printf 'JVM resident memory after round 2:        %s MB (goal: no growth)\n' "$rss2_mb"
printf 'Kafka transport, POST /orders:            %6s req/s  p50 %6s ms  p99 %6s ms  (%s sent, non-2xx %s; after %s)\n' \
  "$k_rps" "$k_p50" "$k_p99" "$k_n" "$k_bad" "$kafka_warm_note"
printf 'Kafka transport, pipeline:                %6s /s  (%s of %s decided, %s confirmed, %s still pending)  lag p50 %s ms  p99 %s ms (goal p99 <= 500 ms)\n' \
  "$k_per_second" "$k_decided" "$k_accepted" "$k_confirmed" "$k_pending" "$k_lag_p50" "$k_lag_p99"
