#!/bin/bash
# Run once by the official postgres image on an empty data directory
# (/docker-entrypoint-initdb.d/): one database per domain, owned by the shop's user. The shop's
# `migrate` step then creates the tables in each (and would create a missing database too).
set -euo pipefail
for domain in auth catalog orders customers accounting analytics; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -c "CREATE DATABASE shopifygenie_${domain} OWNER \"$POSTGRES_USER\""
done
