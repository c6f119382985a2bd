#include <isa-l/igzip_lib.h>
// Level-1 deflate needs a caller-provided buffer whose default size is a macro expression.
static inline unsigned cisal_lvl1_default_bufsize(void) { return ISAL_DEF_LVL1_DEFAULT; }
