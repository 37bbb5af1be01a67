/* dateline-search.c - the command-line searcher (main only).
 *
 * Parses options, calls the searcher library, prints, and maps dl_status to
 * an exit code: 0 success, 1 error, 2 usage.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analyze.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_log.h"

static void
usage(FILE *f)
{
    fputs("usage: dateline-search [--format text|json] --analyze TEXT\n"
          "\n"
          "  --analyze TEXT   print the terms the tokenizer makes of TEXT:\n"
          "                   term, position, byte start, byte end\n"
          "  --format FMT     text (default) or json\n"
          "  --help           this text\n",
          f);
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"analyze", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *analyze = NULL;
    int json = 0;
    int c;
    dl_buf out = DL_BUF_INIT;
    dl_err err;
    int rc = 0;

    dl_log_set_program("dateline-search");
    dl_alloc_init_from_env();
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'a':
            analyze = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "json") == 0) {
                json = 1;
            } else if (strcmp(optarg, "text") == 0) {
                json = 0;
            } else {
                dl_error(NULL, 0, "--format must be text or json, not '%s'",
                         optarg);
                return 2;
            }
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (analyze == NULL) {
        usage(stderr);
        return 2;
    }
    if (dl_analyze(analyze, strlen(analyze), json, &out, &err) != DL_OK) {
        dl_error(NULL, 0, "%s", err.msg);
        rc = 1;
    } else if (fwrite(out.data, 1, out.len, stdout) != out.len) {
        dl_error(NULL, 0, "cannot write output");
        rc = 1;
    }
    dl_buf_free(&out);
    return rc;
}
