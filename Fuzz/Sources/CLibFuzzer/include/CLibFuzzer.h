#ifndef CLIBFUZZER_H
#define CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs that have their own `main` (libclang_rt.fuzzer, LLVM 11+):
/// parses libFuzzer's command line and runs `callback` on each input. See scripts/fuzz.sh.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
