#!/bin/sh
# index_longpath.sh - every warning is one whole line ending in its reason,
# however long the path it names: a path longer than the system allows
# (PATH_MAX), made of nested folders of long names (ASCII and two-byte
# UTF-8), long file names in general, and a file name holding a newline.
# Long paths are shortened in their middle (" [...] ", cut between UTF-8
# characters); the line keeps its reason and its newline, so the next
# warning starts a line of its own.
. "$top_srcdir/tests/integ/lib.sh"

cd "$dl_tmp" || exit 1
mkdir T

# chain DIR NAME: 9 nested folders NAME under DIR (made one level at a
# time, each relative to the last, so no command names a long path), with
# an article at the bottom.
chain() {
    (cd "$1" && i=0 && while [ "$i" -lt 9 ]; do
        mkdir "$2" && cd "$2" || exit 1
        i=$((i + 1))
    done && printf 'Title: Deep\n\nDeep down.\n' >deep.txt) ||
        fail "cannot make the folders under $1"
}
d=$(printf 'd%.0s' $(seq 1 250))
e=$(printf '\303\251%.0s' $(seq 1 120)) # "é" x 120: 240 bytes
f=$(printf 'f%.0s' $(seq 1 250))
nine=$d/$d/$d/$d/$d/$d/$d/$d/$d # about 2,260 bytes
# Two chains of 9 folders moved to the bottom of a third: the files at
# their bottoms are past PATH_MAX (4096 bytes), though no path given to a
# command here is.
mkdir a b c
chain a "$d"
chain b "$e"
chain c "$f"
mv "b/$e" "a/$nine/" && mkdir "a/$nine/x" && mv "c/$f" "a/$nine/x/" &&
    mv "a/$d" T/ || fail "cannot nest the folders"
# Long file names, under a path well inside the limit (about 1,800 bytes).
mkdir -p "T/$d/$d/$d/$d/$d/$d/$d"
long=$(printf 'n%.0s' $(seq 1 250))
printf 'PK\0\0\1\2binary' >"T/$d/$d/$d/$d/$d/$d/$d/$long.txt"
printf 'PK\0\0\1\2binary' >"T/short-binary.txt"
printf 'PK\0\0\1\2binary' >"T/new
line.txt"

"$DL_INDEX" --db db T >out 2>err
rc=$?
check "the run completes (got $rc)" [ "$rc" -eq 0 ]
lines=$(wc -l <err)
warned=$(awk '$1 == "warnings:" { print $2 }' out)
check "one line per warning ($lines lines, $warned warnings)" \
    [ "$lines" -eq "$warned" -a "$lines" -ge 5 ]
check "every line starts as a warning" \
    [ "$(grep -c '^dateline-index: warning: ' err)" -eq "$lines" ]
check "no warning runs into the next" \
    [ "$(grep -c 'warning: .*dateline-index: ' err)" -eq 0 ]
check "the file ends with a newline" [ "$(tail -c 1 err | od -An -c | tr -d ' ')" = '\n' ]
check "every line ends with its reason" \
    [ "$(grep -c -e 'longer than the system allows$' -e 'skipped$' err)" -eq "$lines" ]
check "the paths past PATH_MAX are named, shortened in the middle" \
    [ "$(grep -c ' \[\.\.\.\] .*longer than the system allows$' err)" -ge 2 ]
check "no line is longer than 4 KiB" \
    [ "$(awk 'length($0) > m { m = length($0) } END { print m + 0 }' err)" -le 4096 ]
check "the lines are valid UTF-8 (cut between characters)" \
    iconv -f UTF-8 -t UTF-8 err -o /dev/null
check "a long file name keeps its end in the warning" \
    grep -q "$long.txt: .*skipped\$" err
check "a newline in a name is shown as \\x0a" grep -q 'new\\x0aline.txt: ' err

done_testing
