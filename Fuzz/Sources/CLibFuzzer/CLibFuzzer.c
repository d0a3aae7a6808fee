// Only the declaration in include/CLibFuzzer.h is needed; SwiftPM wants a source file.
#include "CLibFuzzer.h"
