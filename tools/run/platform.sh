#!/usr/bin/env bash
# The one run command: installs, brings the infrastructure up, builds, starts every app
# listed in platform.config.json, seeds demo data where a seeder exists, prints the URLs.
#   bash tools/run/platform.sh          start (or restart) everything
#   bash tools/run/platform.sh stop     stop the apps (infrastructure keeps running)
#   bash tools/run/platform.sh status   apps and infrastructure
source "$(dirname "$0")/common.sh"
cmd="${1:-up}"
APPS_DIR=.infra/apps
mkdir -p "$APPS_DIR"

apps_json() { node -e 'const c=require("./platform.config.json");for(const a of c.apps)console.log([a.name,a.port,a.main,a.health||"/health/ready",JSON.stringify(a.env||{})].join("\t"))'; }

stop_app() {
  local name="$1" pidf="$APPS_DIR/$1.pid"
  if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then
    kill -TERM "$(cat "$pidf")" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$(cat "$pidf")" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$(cat "$pidf")" 2>/dev/null || true
    echo "[platform] stopped $name"
  fi
  rm -f "$pidf"
}

case "$cmd" in
  stop)
    stop_app simulator # the demo traffic started by tools/demo/seed.ts
    while IFS=$'\t' read -r name _; do stop_app "$name"; done < <(apps_json)
    exit 0 ;;
  status)
    bash tools/infra/infra.sh status
    while IFS=$'\t' read -r name port _ health _; do
      if curl -fsS -o /dev/null "http://127.0.0.1:$port$health"; then echo "app $name: healthy on :$port"; else echo "app $name: down (:$port)"; fi
    done < <(apps_json)
    exit 0 ;;
  up) ;;
  *) echo "usage: platform.sh [up|stop|status]"; exit 2 ;;
esac

gt_install || exit 1
bash tools/infra/infra.sh up || exit 1
gt_local_secrets
echo "[platform] build"
node tools/build/build.mjs || exit 1
[ -x tools/run/build-portal.sh ] && { bash tools/run/build-portal.sh || exit 1; }

export NODE_ENV="${NODE_ENV:-development}"
while IFS=$'\t' read -r name port main health envjson; do
  stop_app "$name"
  js="dist/${main%.ts}.js"
  echo "[platform] starting $name on :$port"
  # One KEY=value per line, so values may contain spaces (NODE_OPTIONS="--a --b").
  mapfile -t envargs < <(node -e 'const e=JSON.parse(process.argv[1]);for(const[k,v]of Object.entries(e))console.log(`${k}=${v}`)' "$envjson")
  env "${envargs[@]}" PORT="$port" nohup node "$js" > "$APPS_DIR/$name.log" 2>&1 &
  echo $! > "$APPS_DIR/$name.pid"
  ok=0
  for _ in $(seq 1 120); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port$health"; then ok=1; break; fi
    kill -0 "$(cat "$APPS_DIR/$name.pid")" 2>/dev/null || break
    sleep 0.5
  done
  if [ "$ok" != 1 ]; then echo "[platform] $name did not become healthy in 60 s; log: $APPS_DIR/$name.log"; tail -20 "$APPS_DIR/$name.log"; exit 1; fi
done < <(apps_json)

[ -f tools/demo/seed.ts ] && { echo "[platform] demo data"; node -r ./tools/build/register.js tools/demo/seed.ts || echo "[platform] demo seeding failed (the platform still runs)"; }

echo
echo "Game telemetry platform is up:"
while IFS=$'\t' read -r name port _; do printf '  %-10s http://127.0.0.1:%s   (API docs: /docs, health: /health)\n' "$name" "$port"; done < <(apps_json)
node -e 'const c=require("./platform.config.json").infra;console.log(`  SMTP catcher  http://127.0.0.1:${c.smtp.webPort}\n  InfluxDB      http://127.0.0.1:${c.influxdb.port}\n  Kafka         127.0.0.1:${c.kafka.port}\n  PostgreSQL    127.0.0.1:${c.postgres.port}\n  Redis         127.0.0.1:${c.redis.port}`)'
echo "Logs: $APPS_DIR/<app>.log   Stop: npm run platform -- stop"
