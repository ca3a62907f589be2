#!/usr/bin/env bash
# Serve the demo: web server and background-task worker; Ctrl-C stops both.
set -euo pipefail
HOST=${1:-0.0.0.0}
PORT=${2:-8000}
UV=${UV:-$(command -v uv || echo "$HOME/.local/bin/uv")}
export CCHC_DEMO=${CCHC_DEMO:-1}

# The worker logs every task; keep that out of the console, where the addresses are printed.
mkdir -p var
"$UV" run --frozen python manage.py db_worker --queue-name "*" --no-reload >>var/worker.log 2>&1 &
WORKER=$!
# Enqueues scheduled publishing every 30 s (CCHC_PERIODIC_SECONDS); the worker above runs it.
"$UV" run --frozen python manage.py run_periodic >>var/worker.log 2>&1 &
PERIODIC=$!
"$UV" run --frozen python manage.py runserver "$HOST:$PORT" --noreload &
WEB=$!
trap 'kill $WEB $WORKER $PERIODIC 2>/dev/null; wait 2>/dev/null; echo; echo "Đã dừng máy chủ web và tiến trình nền."' INT TERM EXIT
sleep 2
"$UV" run --frozen python manage.py demo_info --port "$PORT"
echo "Nhật ký tiến trình nền (background tasks): var/worker.log"
wait -n $WEB $WORKER $PERIODIC
