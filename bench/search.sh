#!/usr/bin/env bash
# GET /products?q= at 10,000 and then 200,000 products: wrk at 8 connections, p50 and p99 of each,
# and the ratio p99(200k)/p99(10k) (the goal is <= 1.5: the search reads the trigram indexes, not
# every row). One PostgreSQL server of its own (Debian's postgresql package), dev mode against it.
# Needs the jar (mvn -B -q package -DskipTests), wrk (apt-get install -y wrk) and postgresql.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-5088}
pg_port=${PG_PORT:-5489}
seconds=${SECONDS_PER_RUN:-15}
jar=launcher/target/shopifygenie.jar

command -v wrk > /dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v psql > /dev/null || { echo "psql is missing: apt-get install -y postgresql" >&2; exit 1; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL server binaries are missing: apt-get install -y postgresql" >&2; exit 1; }
[ -f "$jar" ] || { echo "$jar is missing: mvn -B -q package -DskipTests" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
app=
cleanup() {
  [ -n "$app" ] && kill -TERM "$app" 2> /dev/null && wait "$app" 2> /dev/null || true
  as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m fast stop > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/pg" "$work/app"
[ "$(id -u)" = 0 ] && chown postgres "$work/pg"
as_pg "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres > "$work/initdb.log"
as_pg "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" -l "$work/pg/log" -w start > /dev/null
sql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d shopifygenie_catalog "$@"; }

SHOPIFYGENIE_DATA_DIR="$work/app" SHOPIFYGENIE_HTTP_PORT=$port SHOPIFYGENIE_DB_URL="postgresql://postgres@127.0.0.1:$pg_port" \
  SHOPIFYGENIE_RATE_LIMIT_PER_MINUTE=100000000 java -jar "$jar" dev > "$work/app.log" 2>&1 &
app=$!
until curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null 2>&1; do
  sleep 0.2
  kill -0 $app 2> /dev/null || { cat "$work/app.log"; exit 1; }
done
token=$(curl -sf -H 'Content-Type: application/json' "http://127.0.0.1:$port/auth/login" \
  -d '{"email":"admin@shopifygenie.dev","password":"genie-admin-dev"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

# Products numbered from..to: titles from word lists (a word of 8, of 96, of 960 products) and
# "No. n"; skus SG-0000001...
load() {
  sql -c "INSERT INTO products (id, sku, title, currency, price_amount, cost_amount, status, created_at)
    SELECT gen_random_uuid(), 'SG-' || lpad(n::text, 7, '0'),
      (ARRAY['Oak','Walnut','Linen','Steel','Brass','Wool','Glass','Cedar'])[1 + n % 8] || ' '
      || (ARRAY['chair','lamp','table','shelf','rug','mirror','stool','desk','vase','bench','clock','bowl'])[1 + (n / 8) % 12] || ' '
      || (ARRAY['red','green','blue','black','white','grey','ochre','teal','sand','plum'])[1 + (n / 96) % 10]
      || ' No. ' || n,
      'USD', 1000 + n % 9000, 400, 'active', clock_timestamp()
    FROM generate_series($1, $2) AS n" -c "INSERT INTO inventory (product_id) SELECT id FROM products
      WHERE NOT EXISTS (SELECT 1 FROM inventory WHERE product_id = products.id)"
  # what autovacuum would do after a bulk load: statistics, and the GIN indexes' own
  sql -c "VACUUM ANALYZE products" -c "VACUUM ANALYZE inventory"
}

# common words, a word and a noun, three words, a number, a piece of sku, nothing at all
cat > "$work/search.lua" <<LUA
local terms = {"walnut", "oak%20lamp", "linen%20rug%20green", "No.%204242", "sg-00077", "7312", "mirror%20teal", "teakwood"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/products?q=" .. terms[(i % #terms) + 1], {["Authorization"] = "Bearer $token"})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status, summary.errors.timeout))
end
LUA

# the first warm-up also lets the JIT compile the request path, so the 10,000 figure is not a cold JVM's
measure() {
  wrk -t 2 -c 8 -d "$1" -s "$work/search.lua" "http://127.0.0.1:$port" > /dev/null
  wrk -t 2 -c 8 -d "${seconds}s" -s "$work/search.lua" "http://127.0.0.1:$port" | grep '^RESULT' | cut -d' ' -f2-
}

load 1 10000
read -r rps10 p50_10 p99_10 bad10 to10 < <(measure 15s)
load 10001 200000
read -r rps200 p50_200 p99_200 bad200 to200 < <(measure 5s)

count=$(sql -At -c "SELECT count(*) FROM products")
printf 'GET /products?q= at  10,000 products: %6s req/s  p50 %7s ms  p99 %7s ms  (non-2xx %s, timeouts %s)\n' \
  "$rps10" "$p50_10" "$p99_10" "$bad10" "$to10"
printf 'GET /products?q= at %7s products: %6s req/s  p50 %7s ms  p99 %7s ms  (non-2xx %s, timeouts %s)\n' \
  "$(echo "$count" | sed -E ':a;s/([0-9])([0-9]{3})($|,)/\1,\2\3/;ta')" "$rps200" "$p50_200" "$p99_200" "$bad200" "$to200"
awk -v a="$p99_200" -v b="$p99_10" 'BEGIN { printf "p99(200k)/p99(10k) = %.2f (goal <= 1.5)\n", a / b }'
