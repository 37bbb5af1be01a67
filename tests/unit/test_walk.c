/* test_walk.c - the directory walk and the incremental file records.
 *
 * The walk runs over a real tree made in a temporary directory: its order,
 * what it leaves out, and its warnings are what the indexer's determinism
 * and its vanished-file logic stand on.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "dl_buf.h"
#include "filestate.h"
#include "walk.h"

static void
path_clean_cases(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"corpus", "corpus"},
        {"corpus/", "corpus"},
        {"./corpus//a/", "corpus/a"},
        {"a/./b/.", "a/b"},
        {"/", "/"},
        {"//x//", "/x"},
        {".", "."},
        {"", "."},
        {"./", "."},
        {"../up/x", "../up/x"},
    };
    dl_buf b = DL_BUF_INIT;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(dl_path_clean(cases[i].in, &b), DL_OK);
        assert_string_equal(b.data, cases[i].want);
    }
    dl_buf_free(&b);
}

static void
path_under_cases(void **state)
{
    static const struct {
        const char *path, *root;
        bool want;
    } cases[] = {
        {"corpus/a.txt", "corpus", true},   {"corpus", "corpus", true},
        {"corpus2/a.txt", "corpus", false}, {"corpu", "corpus", false},
        {"a/b/c.txt", "a/b", true},         {"/abs/x.txt", "/", true},
        {"rel/x.txt", "/", false},          {"rel/x.txt", ".", true},
        {"/abs/x.txt", ".", false},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_true(dl_path_under(cases[i].path, strlen(cases[i].path),
                                  cases[i].root) == cases[i].want);
}

static void
record_round_trips(void **state)
{
    struct dl_filestate fs = {1700000000123456789LL, 4096, 12};
    struct dl_filestate back;
    struct dl_slice path;
    dl_buf b = DL_BUF_INIT;
    (void)state;
    char longpath[400];
    (void)state;
    /* A path that fits in its key is not repeated in the record. */
    assert_int_equal(dl_filestate_encode(&fs, "corpus/a b.txt", &b), DL_OK);
    assert_string_equal(b.data, "1700000000123456789 4096 12\n");
    assert_int_equal(dl_filestate_decode(b.data, b.len, &back, &path), DL_OK);
    assert_true(back.mtime_ns == fs.mtime_ns);
    assert_true(back.size == fs.size);
    assert_int_equal(back.ndocs, 12);
    assert_int_equal(path.n, 0);
    assert_true(dl_filestate_same(&fs, &back));
    back.size++;
    assert_false(dl_filestate_same(&fs, &back));
    /* One too long for its key (hashed) is kept in the record. */
    memset(longpath, 'p', sizeof longpath - 1);
    longpath[sizeof longpath - 1] = '\0';
    assert_int_equal(dl_filestate_encode(&fs, longpath, &b), DL_OK);
    assert_int_equal(dl_filestate_decode(b.data, b.len, &back, &path), DL_OK);
    assert_int_equal(path.n, strlen(longpath));
    assert_memory_equal(path.p, longpath, path.n);
    /* Records of earlier indexes, path included, still read. */
    assert_int_equal(
        dl_filestate_decode("1 2 3\ncorpus/x.txt", 18, &back, &path), DL_OK);
    assert_int_equal(path.n, 12);
    dl_buf_free(&b);
}

static void
malformed_records_are_refused(void **state)
{
    static const char *const bad[] = {
        "",
        "no newline",
        "\npath",
        "1 2\npath",
        "x 2 3\npath",
        "1 2 3 4\npath",
        "1 2 three\npath",
        "1  2 3\npath",
    };
    struct dl_filestate fs;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(dl_filestate_decode(bad[i], strlen(bad[i]), &fs, NULL),
                         DL_EINVAL);
}

static void
long_path_keys_stay_short_and_distinct(void **state)
{
    char a[600];
    char b[600];
    dl_buf ka = DL_BUF_INIT;
    dl_buf kb = DL_BUF_INIT;
    (void)state;
    memset(a, 'x', sizeof a - 1);
    a[sizeof a - 1] = '\0';
    memcpy(b, a, sizeof a);
    b[500] = 'y';
    assert_int_equal(dl_filestate_key(&ka, a), DL_OK);
    assert_int_equal(dl_filestate_key(&kb, b), DL_OK);
    assert_true(ka.len <= 240);
    assert_true(ka.data[0] == 'F');
    assert_true(ka.len != kb.len || memcmp(ka.data, kb.data, ka.len) != 0);
    dl_buf_free(&ka);
    dl_buf_free(&kb);
}

static void
pathset_remembers_many_paths(void **state)
{
    dl_pathset *s = NULL;
    char p[64];
    bool fresh;
    int i;
    (void)state;
    assert_int_equal(dl_pathset_new(&s, NULL), DL_OK);
    for (i = 0; i < 5000; i++) {
        snprintf(p, sizeof p, "dir/%d.txt", i);
        assert_int_equal(dl_pathset_add(s, p, strlen(p), &fresh), DL_OK);
        assert_true(fresh);
    }
    assert_int_equal(dl_pathset_add(s, "dir/7.txt", 9, &fresh), DL_OK);
    assert_false(fresh);
    for (i = 0; i < 5000; i++) {
        snprintf(p, sizeof p, "dir/%d.txt", i);
        assert_true(dl_pathset_has(s, p, strlen(p)));
    }
    assert_false(dl_pathset_has(s, "dir/5000.txt", 12));
    dl_pathset_free(s);
}

/* ---- the walk over a real tree ------------------------------------------ */

struct warnings {
    char text[4096];
    int n;
};

static void
collect_warning(void *ctx, const char *path, unsigned long line,
                const char *reason, const char *msg)
{
    struct warnings *w = ctx;
    size_t len = strlen(w->text);
    (void)line;
    (void)msg;
    snprintf(w->text + len, sizeof w->text - len, "%s %s\n", reason, path);
    w->n++;
}

static void
touch(const char *dir, const char *rel)
{
    char p[512];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    f = fopen(p, "w");
    assert_non_null(f);
    fputs("Title\n\nBody.\n", f);
    fclose(f);
}

static void
sub(const char *dir, const char *rel)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    assert_int_equal(mkdir(p, 0755), 0);
}

static void
link_to(const char *dir, const char *target, const char *rel)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    assert_int_equal(symlink(target, p), 0);
}

/* Every file the walk returns, "rel|root_index" per line. */
static void
walk_all(const char *const *roots, size_t n, bool follow, char *out, size_t cap,
         struct warnings *w)
{
    dl_walk *wk = NULL;
    struct dl_walk_opts o;
    struct dl_walk_entry e;
    dl_status rc;
    memset(&o, 0, sizeof o);
    o.follow_symlinks = follow;
    out[0] = '\0';
    assert_int_equal(dl_walk_new(roots, n, &o, collect_warning, w, &wk, NULL),
                     DL_OK);
    while ((rc = dl_walk_next(wk, &e, NULL)) == DL_OK) {
        size_t len = strlen(out);
        assert_true(e.format != DL_FORMAT_UNKNOWN);
        assert_true(S_ISREG(e.st.st_mode));
        snprintf(out + len, cap - len, "%s|%zu\n", e.rel, e.root_index);
    }
    assert_int_equal(rc, DL_DONE);
    dl_walk_free(wk);
}

static char tree[256];

static int
make_tree(void **state)
{
    (void)state;
    snprintf(tree, sizeof tree, "%s/dl-walk-XXXXXX",
             getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(tree) == NULL)
        return -1;
    /* Created out of order: the walk must sort. */
    touch(tree, "b.txt");
    touch(tree, "a.html");
    touch(tree, "notes.md");
    touch(tree, ".hidden.txt");
    sub(tree, "z");
    touch(tree, "z/1.jsonl");
    sub(tree, "a-dir");
    touch(tree, "a-dir/x.txt.gz");
    sub(tree, ".git");
    touch(tree, ".git/config.txt");
    sub(tree, "a-dir/deep");
    touch(tree, "a-dir/deep/y.htm");
    link_to(tree, "..", "z/up");
    link_to(tree, "b.txt", "c.txt");
    link_to(tree, "loop.txt", "loop.txt");
    return 0;
}

static int
remove_tree(void **state)
{
    char cmd[600];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tree);
    return system(cmd) == 0 ? 0 : -1;
}

static void
walk_is_sorted_and_skips_dot_names(void **state)
{
    char out[2048];
    struct warnings w = {"", 0};
    const char *roots[] = {tree};
    (void)state;
    walk_all(roots, 1, false, out, sizeof out, &w);
    assert_string_equal(out, "a-dir/deep/y.htm|0\n"
                             "a-dir/x.txt.gz|0\n"
                             "a.html|0\n"
                             "b.txt|0\n"
                             "z/1.jsonl|0\n");
    /* Links are named, not followed. */
    assert_int_equal(w.n, 3);
    assert_non_null(strstr(w.text, "symlink "));
    assert_non_null(strstr(w.text, "/c.txt\n"));
    assert_non_null(strstr(w.text, "/z/up\n"));
}

static void
followed_links_never_loop(void **state)
{
    char out[2048];
    struct warnings w = {"", 0};
    const char *roots[] = {tree};
    (void)state;
    walk_all(roots, 1, true, out, sizeof out, &w);
    assert_string_equal(out, "a-dir/deep/y.htm|0\n"
                             "a-dir/x.txt.gz|0\n"
                             "a.html|0\n"
                             "b.txt|0\n"
                             "c.txt|0\n"
                             "z/1.jsonl|0\n");
    assert_int_equal(w.n, 2);
    assert_non_null(strstr(w.text, "symlink-loop "));
    assert_non_null(strstr(w.text, "/loop.txt\n"));
    assert_non_null(strstr(w.text, "/z/up\n"));
}

static void
file_roots_and_several_roots(void **state)
{
    char out[2048];
    char file[512];
    char dir[512];
    struct warnings w = {"", 0};
    const char *roots[2];
    (void)state;
    snprintf(file, sizeof file, "%s/b.txt", tree);
    snprintf(dir, sizeof dir, "%s/a-dir/", tree);
    roots[0] = file;
    roots[1] = dir;
    walk_all(roots, 2, false, out, sizeof out, &w);
    assert_string_equal(out, "|0\n"
                             "deep/y.htm|1\n"
                             "x.txt.gz|1\n");
    assert_int_equal(w.n, 0);
}

static void
dot_root_gives_clean_paths(void **state)
{
    char out[2048];
    char cwd[1024];
    struct warnings w = {"", 0};
    const char *roots[] = {"."};
    dl_walk *wk = NULL;
    struct dl_walk_entry e;
    (void)state;
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(tree), 0);
    walk_all(roots, 1, false, out, sizeof out, &w);
    assert_string_equal(out, "a-dir/deep/y.htm|0\n"
                             "a-dir/x.txt.gz|0\n"
                             "a.html|0\n"
                             "b.txt|0\n"
                             "z/1.jsonl|0\n");
    /* The path is the same as the relative one: no "./" prefix. */
    assert_int_equal(dl_walk_new(roots, 1, NULL, NULL, NULL, &wk, NULL), DL_OK);
    assert_int_equal(dl_walk_next(wk, &e, NULL), DL_OK);
    assert_string_equal(e.path, "a-dir/deep/y.htm");
    dl_walk_free(wk);
    assert_int_equal(chdir(cwd), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_clean_cases),
        cmocka_unit_test(path_under_cases),
        cmocka_unit_test(record_round_trips),
        cmocka_unit_test(malformed_records_are_refused),
        cmocka_unit_test(long_path_keys_stay_short_and_distinct),
        cmocka_unit_test(pathset_remembers_many_paths),
        cmocka_unit_test(walk_is_sorted_and_skips_dot_names),
        cmocka_unit_test(followed_links_never_loop),
        cmocka_unit_test(file_roots_and_several_roots),
        cmocka_unit_test(dot_root_gives_clean_paths),
    };
    return cmocka_run_group_tests(tests, make_tree, remove_tree) ? 1 : 0;
}
