// Declarations only (include/CLibFuzzer.h); the definitions come from libFuzzer, which
// `-sanitize=fuzzer` links in. SwiftPM needs one source file per C target.
#include "CLibFuzzer.h"
