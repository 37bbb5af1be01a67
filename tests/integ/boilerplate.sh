#!/bin/sh
# boilerplate.sh - a site's repeated paragraphs are learned and kept out of
# the index (indexer/boilerplate.h), in every input format:
#  - one site's archive (.txt without metadata, .html, .jsonl) whose every
#    article has a header line, a newsletter prompt in the middle and a
#    footer: 4 articles are below the rule (the footer is found), 10 are
#    not, and then words only in those lines find nothing, no snippet
#    shows them, the article view marks them (one article of each
#    format), and the first 4 articles are cleaned too;
#  - a wire story republished by three sources is found in all three;
#  - --full rebuilds as clean;
#  - a run killed in the middle of its rebuilds is finished by the next
#    run, though no file changed (DL_TEST_PAUSE_IN_BOILER);
#  - a sharded index learns over all its shards;
#  - deleting articles until the footer is below the rule brings its
#    words back.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"

gen=$dl_tmp/gen.py
cat >"$gen" <<'EOF'
import json, os, random, sys
# gen.py DIR FIRST COUNT: articles FIRST..FIRST+COUNT-1 of the Astana
# Times archive, formats in turn: .txt (no metadata: the folder names the
# source), .html, a .jsonl record.  "wire" writes the wire story as the
# three outlets run it.
HEADER = "The Astana Times | Independent news from the heart of Eurasia"
PROMPT = "Don't miss a story: subscribe to the Morning Digest newsletter."
FOOTER = ("Get The Astana Times stories sent directly to you! Sign up via "
          "the website or subscribe to our Twitter, Facebook, Instagram, "
          "Telegram, YouTube and Tiktok!")
WORDS = ("grain harvest minister budget railway election council tariff "
         "export pipeline steppe river bridge school hospital tram airport "
         "bank currency drought wheat barley farmer border court judge "
         "reform mayor festival museum theatre concert football coach "
         "season storm flood winter summer market trader price fuel coal "
         "factory worker strike salary pension road tunnel port cargo "
         "rocket station study report survey police village region").split()
WIRE = ["ALMATY, May 3 - The central bank kept its base rate at 14.75 "
        "percent on Friday, citing a wirequokka of slowing inflation.",
        "Analysts had expected the pause after three cuts this year, "
        "and the tenge firmed slightly after the decision.",
        "The next rate decision is due in June, the bank said."]

def story(n):
    r = random.Random(n)
    paras = []
    for p in range(3):
        words = [r.choice(WORDS) for _ in range(35)]
        if p == 0:
            words.append("kestrel%d" % n)
        paras.append(" ".join(words).capitalize() + ".")
    return paras

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a" if path.endswith(".jsonl") else "w") as f:
        f.write(text)

def article(root, n, title, paras, source, slug):
    kind = n % 3
    if kind == 0:
        write("%s/astana-times/2024/01/%02d/%s.txt" % (root, n % 28 + 1, slug),
              title + "\n\n" + "\n\n".join(paras) + "\n")
    elif kind == 1:
        body = "".join("<p>%s</p>\n" % p for p in paras)
        write("%s/astana-times/2024/02/%02d/%s.html" % (root, n % 28 + 1, slug),
              "<!doctype html><html lang=en><head><title>%s</title>"
              "<meta property=og:site_name content='%s'></head><body>"
              "<article><h1>%s</h1>\n%s</article></body></html>\n"
              % (title, source, title, body))
    else:
        write("%s/astana-times/feeds/feed-%d.jsonl" % (root, n // 6),
              json.dumps({"title": title, "body": "\n\n".join(paras),
                          "source": source, "date": "2024-03-01"}) + "\n")

root, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if first < 0:
    # The wire story: Astana Times (with its lines), and two other outlets.
    article(root, 0, "Central bank holds rate", [HEADER] + WIRE[:2] +
            [PROMPT] + WIRE[2:] + [FOOTER], "Astana Times", "wire")
    for src in ("Steppe Post", "Caspian Wire"):
        slug = src.lower().replace(" ", "-")
        write("%s/%s/wire.jsonl" % (root, slug),
              json.dumps({"title": "Rate unchanged", "source": src,
                          "body": "\n\n".join(WIRE + ["%s: all rights "
                                                      "reserved." % src])})
              + "\n")
    sys.exit(0)
for n in range(first, first + count):
    paras = story(n)
    article(root, n, "Story %d of the day" % n,
            [HEADER, paras[0], PROMPT, paras[1], paras[2], FOOTER],
            "Astana Times", "story-%d" % n)
EOF

# hits DB QUERY: the number of articles QUERY matches (no collapsing).
hits() {
    "$DL_SEARCH" --db "$1" --no-collapse --format json --limit 100 "$2" |
        python3 -c 'import json,sys; print(len(json.load(sys.stdin)["hits"]))'
}

# snippets_clean DB QUERY: no snippet of QUERY's hits shows a line of the
# site's header, prompt or footer.
snippets_clean() {
    "$DL_SEARCH" --db "$1" --no-collapse --format json --limit 100 "$2" |
        python3 -c '
import json, sys
hits = json.load(sys.stdin)["hits"]
bad = [h["id"] for h in hits
       if any(w in h["snippet"] for w in ("Eurasia", "Digest", "Tiktok"))]
print(len(hits), "hits,", len(bad), "snippets with boilerplate", bad[:3])
sys.exit(1 if bad or not hits else 0)'
}

expect() {
    got=$(hits "$1" "$2")
    if [ "$got" = "$3" ]; then pass "$4 ($2: $got)"; else fail "$4 ($2: $got, want $3)"; fi
}

idx() {
    "$DL_INDEX" --quiet "$@" >"$dl_tmp/out" 2>"$dl_tmp/err" ||
        { fail "dateline-index $*: $(tail -n 3 "$dl_tmp/err")"; return 1; }
}

A=$dl_tmp/arch
python3 "$gen" "$A" 0 4
cp -r "$A" "$dl_tmp/arch4"
idx --db "$dl_tmp/db" "$A"
expect "$dl_tmp/db" tiktok 4 "4 articles: below the rule, the footer is text"
expect "$dl_tmp/db" eurasia 4 "4 articles: the header line is text"

python3 "$gen" "$A" 4 6
python3 "$gen" "$A" -1 0
idx --db "$dl_tmp/db" "$A"
expect "$dl_tmp/db" tiktok 0 "11 articles: footer-only words find nothing"
expect "$dl_tmp/db" "telegram instagram" 0 "nor do two of them"
expect "$dl_tmp/db" eurasia 0 "header-only words find nothing"
expect "$dl_tmp/db" digest 0 "prompt-only words find nothing"
expect "$dl_tmp/db" kestrel0 1 "the first article's own words are found"
expect "$dl_tmp/db" wirequokka 3 "the wire story matches in its three outlets"
expect "$dl_tmp/db" '"slowing inflation"' 3 "... its phrases too"
if snippets_clean "$dl_tmp/db" 'kestrel*'; then
    pass "no snippet shows the site's lines"
else
    fail "a snippet shows the site's lines"
fi
if snippets_clean "$dl_tmp/db" 'kestrel* OR tiktok OR eurasia'; then
    pass "no snippet shows them when the query names them"
else
    fail "a snippet shows them when the query names them"
fi
# The article view marks the site's lines, and its text is the story.
for q in kestrel0 kestrel1 kestrel2; do
    id=$("$DL_SEARCH" --db "$dl_tmp/db" --format json "$q" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["id"])')
    if "$DL_SEARCH" --db "$dl_tmp/db" --format json --show "$id" |
        python3 -c '
import json, sys
v = json.load(sys.stdin)
marked = [p["text"][:20] for p in v["paragraphs"] if p["boilerplate"]]
story = [p for p in v["paragraphs"] if not p["boilerplate"]]
lines = ("The Astana Times | I", "Don\x27t miss a story", "Get The Astana Times")
ok = (len(marked) == 3 and all(m.startswith(lines) for m in marked) and
      len(story) == 3 and sys.argv[1] in story[0]["text"] and
      not any(w in v["text"] for w in ("Eurasia", "Digest", "Tiktok")))
print(sys.argv[1], "marked:", marked, "story paragraphs:", len(story))
sys.exit(0 if ok else 1)' "$q" >"$dl_tmp/view" 2>&1; then
        pass "the view of $q marks the header, prompt and footer ($(cut -c1-60 "$dl_tmp/view"))"
    else
        fail "the view of $q: $(cat "$dl_tmp/view")"
    fi
done
grep -q '^boilerplate: 3 learned, ' "$dl_tmp/out" && pass "the summary says what was learned" ||
    fail "summary: $(grep boilerplate "$dl_tmp/out")"
idx --db "$dl_tmp/db" "$A"
grep -q boilerplate "$dl_tmp/out" && fail "a no-op run learned again" ||
    pass "a no-op run does not learn again"
idx --full --db "$dl_tmp/db" "$A"
expect "$dl_tmp/db" tiktok 0 "--full: footer-only words find nothing"
expect "$dl_tmp/db" kestrel0 1 "--full: the first article's own words are found"
expect "$dl_tmp/db" wirequokka 3 "--full: the wire story matches in its three outlets"

# Killed halfway through its rebuilds: the next run finishes them.
K=$dl_tmp/kill
mkdir -p "$K"
idx --db "$K/db" "$dl_tmp/arch4"
cp -r "$A"/. "$dl_tmp/arch4"
rm -f "$K/pause"
DL_TEST_PAUSE_IN_BOILER=2 DL_TEST_PAUSE_FILE=$K/pause \
    "$DL_INDEX" --quiet --db "$K/db" "$dl_tmp/arch4" >"$K/out" 2>"$K/err" &
pid=$!
if dl_wait_paused "$pid" "$K/pause"; then
    kill -9 "$pid"
    wait "$pid" 2>/dev/null
    left=$(hits "$K/db" tiktok)
    if [ "$left" -gt 0 ]; then
        pass "killed mid-rebuild: $left articles still hold the footer"
    else
        fail "the run did not stop with work left"
    fi
    idx --db "$K/db" "$dl_tmp/arch4"
    expect "$K/db" tiktok 0 "the next run, with no file changed, finishes it"
else
    fail "the run did not pause in its rebuilds: $(tail -n 3 "$K/err")"
fi

# Sharded: learned over all shards, the same sets in each.
idx --shards 3 --db "$dl_tmp/sdb" "$A"
expect "$dl_tmp/sdb" tiktok 0 "3 shards: footer-only words find nothing"
expect "$dl_tmp/sdb" wirequokka 3 "3 shards: the wire story matches everywhere"
sets=$(for s in 0 1 2; do xapian-metadata list "$dl_tmp/sdb/shard-$s" | grep -c '^dl:bp:'; done | sort -u | wc -l)
[ "$sets" = 1 ] && pass "every shard holds the sets" || fail "shards hold different sets"

# Down to 4 articles of the site: below the rule again, text again.
find "$A/astana-times" -name '*.txt' -o -name '*.html' | sort | sed -n '3,$p' |
    xargs rm -f
rm -f "$A"/astana-times/feeds/feed-1.jsonl
idx --db "$dl_tmp/db" "$A"
expect "$dl_tmp/db" 'source:"Astana Times"' 4 "4 articles of the site left"
expect "$dl_tmp/db" tiktok 4 "4 articles left: the footer is text again"

done_testing
