#include <lz4frame.h>
// LZ4F_VERSION is a macro constant; expose it as a function for Swift.
static inline unsigned clz4_version(void) { return LZ4F_VERSION; }
