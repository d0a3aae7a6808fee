#ifndef MEETING_EVAL_CLIBFUZZER_H
#define MEETING_EVAL_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver, from the runtime that `-sanitize=fuzzer` links in (see
/// https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library). The fuzz targets call it
/// from their own `main`, because SwiftPM renames an executable's entry point and so never lets
/// libFuzzer's `main` run.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
