#!/usr/bin/env bash
# Dumps every corpus view's --json for one database, one file per view, to compare two builds byte for byte.
#   scripts/dump-views.sh <parallax-dir> <db> <out-dir> <actor-name>
# Views take no --config (groups are stored at ingest). <parallax-dir> holds bin/parallax.js (a checkout or a copy of one). Used for issue 13 (findings as rows):
# dump with the old build, copy the database, dump with the new one (which migrates it), then diff -r.
set -u
P="node $1/bin/parallax.js"; DB=$2; OUT=$3; ACTOR=$4
mkdir -p "$OUT"
run() { local name=$1; shift; $P "$@" --db "$DB" > "$OUT/$name.json" 2> "$OUT/$name.err"; echo "$?" > "$OUT/$name.rc"; }
run list list --json
run actors actors --json --limit 0
run actors-person actors --json --limit 0 --kind person
run actors-actor actors --json --actor "$ACTOR"
run labels labels --json --limit 0
run labels-default labels --json
run labels-group-q labels --json --limit 0 --by group --include-quotes
run labels-actor labels --json --actor "$ACTOR"
run stance stance --json --limit 0
run stance-group-q stance --json --limit 0 --by group --include-quotes --prior 1
run stance-actor stance --json --actor "$ACTOR" --evidence 5
run techniques techniques --json --limit 0
run techniques-group techniques --json --limit 0 --by group --include-quotes --weak-targets
run quotes quotes --json --limit 0 --unresolved
run quotes-group quotes --json --by group
run quotes-actor quotes --json --actor "$ACTOR"
run timeline timeline --json
run timeline-group-q timeline --json --by group --include-quotes
run timeline-actor timeline --json --actor "$ACTOR"
run graph graph --json
run graph-state graph --json --level state --by group --include-quotes
run compare compare --json
run compare-outlet compare --json --by outlet
run compare-q compare --json --include-quotes --min-support 1
STORY=$(node -e 'const c=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));process.stdout.write((c.stories[0]||{}).id||"none")' "$OUT/compare.json" 2>/dev/null)
run compare-story compare --json --story "$STORY"
run export export --format json
run export-jsonl export --format jsonl
run search search --json "$ACTOR"
FIRST=$(node -e 'const l=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const a=l.articles||l;process.stdout.write(a[0].id)' "$OUT/list.json" 2>/dev/null)
run show show --json "$FIRST"
# Every stored analysis as getAnalysis returns it (single-article views and the export read these).
node --input-type=module -e '
const { openSqliteStore } = await import(process.argv[1] + "/dist/src/storage/sqlite.js");
const s = await openSqliteStore(process.argv[2], { readonly: true });
const out = [];
for (const a of await s.listArticles()) out.push(JSON.stringify(await s.getAnalysis(a.id)));
process.stdout.write(out.join("\n") + "\n");
await s.close();
' "$(cd "$1" && pwd)" "$DB" > "$OUT/analyses.jsonl" 2> "$OUT/analyses.err"
