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
qnzs user add editor1 --display-name 赵编辑 --password editor-pass-1 --org 共青团四川省委员会 --role editor >/dev/null
qnzs user add reviewer1 --display-name 钱审核 --password reviewer-pass-1 --org 共青团四川省委员会 --role reviewer >/dev/null
# the hub loads a word-list file from its data folder into the managed list at start
printf '刷单返利\t诈骗\n' > "$data/sensitive-words.txt"
qnzs import tests/e2e/fixtures/posts.json >/dev/null
# an account that is never pulled (no scheduler): the health panel shows it waiting for its first success
qnzs channel add rss --name 团中央要闻 --feed-url https://news.example/rss.xml >/dev/null
# case handling (case-handling.spec.ts): cadres of two counties of 成都, a helper of one; then county channel accounts
# with a post each and overdue, escalated cases (seed-case-handling.ts)
qnzs user add wuhou1 --display-name 武侯区团委赵干事 --password wuhou-pass-1 --org 共青团成都市武侯区委员会 --role cadre >/dev/null
qnzs user add wuhou-helper --display-name 刘老师 --password helper-pass-1 --org 共青团成都市武侯区委员会 --role helper \
  --helper-type expert --categories study,employment,rights,relationships,other --capacity 5 >/dev/null
qnzs user add jinjiang1 --display-name 锦江区团委钱干事 --password jinjiang-pass-1 --org 共青团成都市锦江区委员会 --role cadre >/dev/null
node --import tsx tests/e2e/seed-case-handling.ts "$data"
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
