// Everything is in include/vector_mask.h (header-only, for inlining); SwiftPM wants a C target
// to have one source file.
#include "vector_mask.h"
