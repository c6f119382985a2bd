// Intentionally empty: the kernels are static inline in include/cscan.h (SwiftPM needs a source file).
