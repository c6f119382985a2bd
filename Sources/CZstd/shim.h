#include <zstd.h>
#include <zstd_errors.h>
// ZSTD_CONTENTSIZE_* are expressions that do not import into Swift.
static inline unsigned long long czstd_contentsize_unknown(void) { return ZSTD_CONTENTSIZE_UNKNOWN; }
