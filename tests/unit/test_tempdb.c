/* test_tempdb.c - the temporary databases beside the target: their names
 * are the ones dbpath.h proves ours, and nothing that is not provably ours
 * is removed.
 *
 * Runs in a fresh directory under $TMPDIR.  A dead process id comes from a
 * child that has been waited for, so no test depends on timing.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "dbpath.h"
#include "dl_buf.h"
#include "tempdb.h"

static char dir[256];

static int
setup(void **state)
{
    const char *tmp = getenv("TMPDIR");
    (void)state;
    snprintf(dir, sizeof dir, "%s/dl-tempdb-XXXXXX",
             tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
    (void)state;
    dl_tempdb_remove_tree(dir);
    return 0;
}

static bool
exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void
make_file(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("a user's file\n", f);
    fclose(f);
}

/* A process id that no process has: a child that has ended and been
 * waited for (its id is not reused before many forks). */
static long
dead_pid(void)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    assert_int_equal(waitpid(pid, NULL, 0), pid);
    return (long)pid;
}

static void
names_are_the_ones_dbpath_proves_ours(void **state)
{
    static const char *const tags[] = {"0", "7", "new", "init"};
    dl_buf b = DL_BUF_INIT;
    size_t i;
    long pid;
    (void)state;
    for (i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        const char *slash;
        assert_int_equal(dl_tempdb_path(&b, "some/dir/news.db", tags[i]),
                         DL_OK);
        slash = strrchr(b.data, '/');
        assert_non_null(slash);
        assert_true(dl_dbpath_temp_pid("news.db", slash + 1, &pid));
        assert_int_equal(pid, (long)getpid());
        assert_false(dl_dbpath_temp_pid("news", slash + 1, &pid));
    }
    /* The buffer is reset, not appended to. */
    assert_int_equal(dl_tempdb_path(&b, "x", "new"), DL_OK);
    assert_int_equal(strncmp(b.data, "x.tmp-", 6), 0);
    dl_buf_free(&b);
}

static void
clear_refuses_what_is_not_ours(void **state)
{
    dl_buf p = DL_BUF_INIT;
    dl_buf f = DL_BUF_INIT;
    dl_err err;
    (void)state;
    assert_int_equal(dl_buf_printf(&p, "%s/db.tmp-%ld-0", dir, (long)getpid()),
                     DL_OK);
    /* Nothing there. */
    assert_int_equal(dl_tempdb_clear(p.data, &err), DL_OK);
    /* An empty directory is ours to remove. */
    assert_int_equal(mkdir(p.data, 0755), 0);
    assert_int_equal(dl_tempdb_clear(p.data, &err), DL_OK);
    assert_false(exists(p.data));
    /* A folder with a user's file is refused, named and kept. */
    assert_int_equal(mkdir(p.data, 0755), 0);
    assert_int_equal(dl_buf_printf(&f, "%s/notes.txt", p.data), DL_OK);
    make_file(f.data);
    assert_int_equal(dl_tempdb_clear(p.data, &err), DL_EINVAL);
    assert_non_null(strstr(err.msg, "db.tmp-"));
    assert_non_null(strstr(err.msg, "not one of dateline-index's"));
    assert_true(exists(f.data));
    dl_buf_free(&p);
    dl_buf_free(&f);
}

static void
stale_temps_of_dead_runs_go_and_nothing_else(void **state)
{
    dl_buf db = DL_BUF_INIT;
    dl_buf dead = DL_BUF_INIT;
    dl_buf dead_user = DL_BUF_INIT;
    dl_buf live = DL_BUF_INIT;
    dl_buf other = DL_BUF_INIT;
    dl_buf f = DL_BUF_INIT;
    long gone = dead_pid();
    (void)state;
    assert_int_equal(dl_buf_printf(&db, "%s/news.db", dir), DL_OK);
    assert_int_equal(dl_buf_printf(&dead, "%s.tmp-%ld-0", db.data, gone),
                     DL_OK);
    assert_int_equal(dl_buf_printf(&dead_user, "%s.tmp-%ld-1", db.data, gone),
                     DL_OK);
    assert_int_equal(
        dl_buf_printf(&live, "%s.tmp-%ld-new", db.data, (long)getpid()), DL_OK);
    assert_int_equal(dl_buf_printf(&other, "%s/other.db.tmp-%ld-0", dir, gone),
                     DL_OK);
    assert_int_equal(mkdir(dead.data, 0755), 0);
    assert_int_equal(mkdir(dead_user.data, 0755), 0);
    assert_int_equal(dl_buf_printf(&f, "%s/mine.txt", dead_user.data), DL_OK);
    make_file(f.data);
    assert_int_equal(mkdir(live.data, 0755), 0);
    assert_int_equal(mkdir(other.data, 0755), 0);

    dl_tempdb_remove_stale(db.data);
    assert_false(exists(dead.data)); /* a dead run's, provably ours */
    assert_true(exists(f.data));     /* spelled like one, not ours */
    assert_true(exists(live.data));  /* this process's own */
    assert_true(exists(other.data)); /* another database's */
    dl_buf_free(&db);
    dl_buf_free(&dead);
    dl_buf_free(&dead_user);
    dl_buf_free(&live);
    dl_buf_free(&other);
    dl_buf_free(&f);
}

static void
created_database_is_marked_and_leaves_no_temp(void **state)
{
    dl_buf db = DL_BUF_INIT;
    dl_buf tmp = DL_BUF_INIT;
    enum dl_dbkind kind;
    dl_err err;
    (void)state;
    assert_int_equal(dl_buf_printf(&db, "%s/fresh.db", dir), DL_OK);
    assert_int_equal(dl_tempdb_create_db(db.data, &err), DL_OK);
    assert_int_equal(dl_dbpath_kind(db.data, &kind, NULL), DL_OK);
    assert_int_equal(kind, DL_DBKIND_SINGLE);
    assert_int_equal(dl_tempdb_path(&tmp, db.data, "init"), DL_OK);
    assert_false(exists(tmp.data));
    /* A second creator finds ours in place: that is fine. */
    assert_int_equal(dl_tempdb_create_db(db.data, &err), DL_OK);
    dl_buf_free(&db);
    dl_buf_free(&tmp);
}

static void
swap_in_exchanges_the_two(void **state)
{
    dl_buf a = DL_BUF_INIT;
    dl_buf b = DL_BUF_INIT;
    dl_buf fa = DL_BUF_INIT;
    dl_buf fb = DL_BUF_INIT;
    dl_err err;
    (void)state;
    assert_int_equal(dl_buf_printf(&a, "%s/new", dir), DL_OK);
    assert_int_equal(dl_buf_printf(&b, "%s/target", dir), DL_OK);
    assert_int_equal(mkdir(a.data, 0755), 0);
    assert_int_equal(mkdir(b.data, 0755), 0);
    assert_int_equal(dl_buf_printf(&fa, "%s/from-new", a.data), DL_OK);
    make_file(fa.data);
    assert_int_equal(dl_tempdb_swap_in(a.data, b.data, &err), DL_OK);
    dl_buf_reset(&fa);
    assert_int_equal(dl_buf_printf(&fa, "%s/from-new", b.data), DL_OK);
    assert_true(exists(fa.data));
    assert_int_equal(dl_buf_printf(&fb, "%s/from-new", a.data), DL_OK);
    assert_false(exists(fb.data));
    dl_buf_free(&a);
    dl_buf_free(&b);
    dl_buf_free(&fa);
    dl_buf_free(&fb);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_are_the_ones_dbpath_proves_ours),
        cmocka_unit_test(clear_refuses_what_is_not_ours),
        cmocka_unit_test(stale_temps_of_dead_runs_go_and_nothing_else),
        cmocka_unit_test(created_database_is_marked_and_leaves_no_temp),
        cmocka_unit_test(swap_in_exchanges_the_two),
    };
    return cmocka_run_group_tests(tests, setup, teardown) ? 1 : 0;
}
