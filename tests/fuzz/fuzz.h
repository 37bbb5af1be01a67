/* fuzz.h - what every fuzz target shares: the entry point and invariants.
 *
 * A target is one LLVMFuzzerTestOneInput over one of our parsers.  With
 * --enable-fuzzing it links against libFuzzer; otherwise replay_main.c
 * gives it a main that feeds it the files named on the command line, so
 * make check replays every seed and every saved crash.  The invariants a
 * target checks (output is valid UTF-8, byte ranges lie inside the input,
 * terms fit Xapian's limit) abort with a message: an abort is what both
 * libFuzzer and the replay count as a finding.
 */
#ifndef DL_FUZZ_H
#define DL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* LLVMFuzzerTestOneInput - run the target over data[0..size); returns 0
 * (libFuzzer's convention: non-zero is reserved). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fail the run when cond is false: a broken invariant is a finding. */
#define DL_FUZZ_ASSERT(cond)                                                  \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__,        \
                    __LINE__, #cond);                                         \
            abort();                                                          \
        }                                                                     \
    } while (0)

#endif
