/*
 * tinyml-xs native kernels: TINYML_COLD marks code that runs once per layer, never per element
 * (argument validation, scratch sizes): GCC compiles it for size and places it with the cold code.
 * No instruction count of a kernel call includes it. Other compilers ignore the mark.
 */
#ifndef TINYML_COLD_H
#define TINYML_COLD_H

#if defined(__GNUC__) && !defined(__clang__)
#define TINYML_COLD __attribute__((cold, optimize("Os")))
#else
#define TINYML_COLD
#endif

#endif /* TINYML_COLD_H */
