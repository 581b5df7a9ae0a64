#!/usr/bin/env bash
# The hubs the E2E tests drive. QNZS_E2E_EMPTY=1: an empty one. Otherwise: a fresh data folder, a cadre of 四川团省委, a site admin, a few posts and a feed to monitor,
# then `qnzs start` (which runs `next build` first when the console and portal were never built or changed).
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${QNZS_E2E_DATA:?}"
port="${QNZS_E2E_PORT:?}"
rm -rf "$data"
qnzs() { node bin/qnzs.mjs --data "$data" "$@"; }
if [ "${QNZS_E2E_EMPTY:-}" = "1" ]; then
  # a hub on its first start: nobody has an account yet
  exec node bin/qnzs.mjs --data "$data" start --port "$port" --no-scheduler
fi
qnzs user add cadre1 --display-name 李干部 --password cadre-pass-1 --org 共青团四川省委员会 --role cadre >/dev/null
qnzs user add admin1 --display-name 王管理 --password admin-pass-1 --admin >/dev/null
qnzs import tests/e2e/fixtures/posts.json >/dev/null
# an account that is never pulled (no scheduler): the health panel shows it waiting for its first success
qnzs channel add rss --name 团中央要闻 --feed-url https://news.example/rss.xml >/dev/null
# cases answered and rated, for the dashboard: made through the case API of a hub started for that on a free port;
# 攀枝花's own cadre makes routing keep them at the city instead of passing them up
qnzs user add cadre-pzh --display-name 张干部 --password cadre-pass-2 --org 共青团攀枝花市委员会 --role cadre >/dev/null
cadre_token=$(qnzs token create --user cadre1 --name e2e-seed 2>/dev/null)
admin_token=$(qnzs token create --user admin1 --name e2e-seed 2>/dev/null)
node bin/qnzs.mjs --data "$data" start --port 0 --no-web --no-scheduler >/dev/null 2>&1 &
seed_hub=$!
until [ -s "$data/hub.json" ]; do sleep 0.2; done
seed_url=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).url)' "$data/hub.json")
node --import tsx tests/e2e/fixtures/seed-dashboard-cases.ts "$seed_url" "$cadre_token" "$admin_token"
kill "$seed_hub" && wait "$seed_hub" || true
exec node bin/qnzs.mjs --data "$data" start --port "$port" --no-scheduler
