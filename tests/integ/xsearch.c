/* xsearch.c - dl-xsearch, a test tool: run each line of standard input as
 * a query against one database, in one process, and print
 * "QUERY\tID ID...\tTOTAL" (the ids of the hits, best first, at most
 * LIMIT; the number of matches, exact for a small result),
 * so tests/integ/xscript.sh can measure the recall of thousands of name
 * pairs without a process per query.  usage: dl-xsearch DB LIMIT
 * [exact].  With "exact", cross-script matching is off (--exact-script).
 * A query the parser refuses prints "QUERY\t!ERROR".  Exit 0, or 1 with a
 * message.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"

int
main(int argc, char **argv)
{
    char line[4096];
    const char *spec;
    char *end;
    unsigned long limit;
    dl_searcher *s = NULL;
    dl_err err;
    if (argc < 3) {
        fprintf(stderr, "usage: dl-xsearch DB LIMIT [exact]\n");
        return 1;
    }
    spec = argv[1];
    limit = strtoul(argv[2], &end, 10);
    if (*end != '\0' || limit == 0 || limit > DL_SEARCH_MAX_LIMIT) {
        fprintf(stderr, "dl-xsearch: LIMIT is a number from 1 to %d\n",
                DL_SEARCH_MAX_LIMIT);
        return 1;
    }
    if (dl_searcher_open(&spec, 1, &s, &err) != DL_OK) {
        fprintf(stderr, "dl-xsearch: %s\n", err.msg);
        return 1;
    }
    while (fgets(line, sizeof line, stdin) != NULL) {
        struct dl_search_req r;
        struct dl_result *res = NULL;
        size_t errpos = 0;
        size_t n = strcspn(line, "\r\n");
        size_t i;
        dl_search_req_init(&r);
        r.query = line;
        r.query_len = n;
        r.limit = (size_t)limit;
        r.no_collapse = true;
        r.suggest = false;
        r.exact_script = argc > 3 && strcmp(argv[3], "exact") == 0;
        printf("%.*s\t", (int)n, line);
        if (dl_searcher_run(s, &r, &res, &errpos, &err) != DL_OK) {
            printf("!ERROR\n");
            continue;
        }
        for (i = 0; i < res->n_hits; i++)
            printf("%s%s", i > 0 ? " " : "", res->hits[i].id);
        printf("\t%lu\n", res->total);
        dl_result_free(res);
    }
    dl_searcher_close(s);
    return 0;
}
