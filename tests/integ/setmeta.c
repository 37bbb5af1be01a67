/* setmeta.c - dl-setmeta, a test tool: set or remove user metadata keys of
 * a Xapian database, so that tests/integ/index_format.sh can turn an index
 * into what an older or newer Dateline, or another program, would have
 * written (an index made by Dateline before issue 24 differs from today's
 * only in its dl:schema "1" and its missing dl:features).
 *
 * Usage: dl-setmeta DB KEY=VALUE|KEY+=VALUE|KEY...  KEY=VALUE sets the key,
 * KEY+=VALUE appends to its value, KEY alone removes it; "\t" and "\n" in
 * VALUE stand for a TAB and a newline.  The database is created when
 * missing.  Exit 0, or 1 with a message.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_xapian.h"

/* VALUE with its "\t" and "\n" turned into the characters, appended to
 * out. */
static dl_status
unescape(const char *v, dl_buf *out)
{
    dl_status rc = dl_buf_append(out, "", 0);
    for (; rc == DL_OK && *v != '\0'; v++) {
        if (v[0] == '\\' && (v[1] == 't' || v[1] == 'n')) {
            rc = dl_buf_putc(out, v[1] == 't' ? '\t' : '\n');
            v++;
        } else {
            rc = dl_buf_putc(out, *v);
        }
    }
    return rc;
}

int
main(int argc, char **argv)
{
    dl_wdb *w = NULL;
    dl_buf val = DL_BUF_INIT;
    dl_err err;
    dl_status rc;
    int i;

    if (argc < 3) {
        fprintf(stderr, "usage: dl-setmeta DB KEY=VALUE|KEY+=VALUE|KEY...\n");
        return 1;
    }
    dl_err_clear(&err);
    rc = dl_wdb_open(argv[1], DL_WDB_CREATE, 0, &w, &err);
    for (i = 2; rc == DL_OK && i < argc; i++) {
        char key[256];
        const char *eq = strchr(argv[i], '=');
        size_t klen = eq != NULL ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        bool append = klen > 0 && eq != NULL && eq[-1] == '+';
        char *old = NULL;
        size_t olen = 0;
        if (append)
            klen--; /* the '+' of "+=" */
        if (klen == 0 || klen >= sizeof key) {
            rc = dl_err_set(&err, DL_EINVAL, "bad key in '%s'", argv[i]);
            break;
        }
        memcpy(key, argv[i], klen);
        key[klen] = '\0';
        dl_buf_reset(&val);
        if (append)
            rc = dl_wdb_get_metadata(w, key, &old, &olen, &err);
        if (rc == DL_OK && olen > 0)
            rc = dl_buf_append(&val, old, olen);
        dl_free(old);
        if (rc == DL_OK)
            rc = unescape(eq != NULL ? eq + 1 : "", &val);
        if (rc == DL_OK)
            rc = dl_wdb_set_metadata(w, key, val.data, val.len, &err);
    }
    if (rc == DL_OK)
        rc = dl_wdb_commit(w, &err);
    dl_wdb_close(w);
    dl_buf_free(&val);
    if (rc != DL_OK) {
        fprintf(stderr, "dl-setmeta: %s\n",
                err.msg[0] != '\0' ? err.msg : dl_status_str(rc));
        return 1;
    }
    return 0;
}
